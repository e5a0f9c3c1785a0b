using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Inlines calls of small helpers of this compilation (<c>Sigmoid(x) =&gt; 1 / (1 + Math.Exp(-x))</c>, a
/// log-sum-exp over a span): the helper's statements run in the caller, on fresh locals. Through a
/// pullback, the reverse sweep would run the helper's forward sweep again (its exps among it); inlined,
/// the caller's analyses see the helper's values and save or reuse them like their own. Only calls that
/// are the whole value of an assignment or return qualify (lowering gives every other call such a local),
/// so the helper runs exactly where and as often as the call did.
/// </summary>
internal static class Inlining
{
    private const int MaxStatements = 16;

    public static Function Inline(Function caller, EquatableArray<Function> functions, EquatableArray<Callee> callees) =>
        Inline(caller, functions, callees, new HashSet<string> { caller.Key });

    /// <param name="open">The functions being inlined into, innermost last: a helper among them is recursive and stays a call.</param>
    private static Function Inline(Function caller, EquatableArray<Function> functions, EquatableArray<Callee> callees, HashSet<string> open)
    {
        var variables = caller.Variables.ToList();
        var localArrays = caller.LocalArrays.ToList();
        var names = new HashSet<string>(variables.Select(v => v.Name));
        Dictionary<int, Expr> definitions = Walk.SingleDefinitions(caller.Body, variables); // a scratch size may read them as their values
        var callerWritten = new HashSet<int>(Walk.WrittenVariables(caller.Body));
        bool changed = false;

        // inLoop: the block runs inside one of the caller's loops, where a helper's scratch array is allocated
        // once at the start and cleared at the call, like a local array declared in a loop.
        List<Stmt> Block(IEnumerable<Stmt> block, bool inLoop)
        {
            var output = new List<Stmt>();
            foreach (Stmt statement in block)
            {
                switch (statement)
                {
                    case Assign { Value: Call call } assign when Inlinable(call, inLoop) is { } callee:
                        output.Add(assign with { Value = Expand(callee, call, assign.Source, output, inLoop), Source = Marked(assign.Source, callee) });
                        break;
                    case Return { Value: Call call } ret when Inlinable(call, inLoop) is { } callee:
                        output.Add(ret with { Value = Expand(callee, call, ret.Source, output, inLoop), Source = Marked(ret.Source, callee) });
                        break;
                    default:
                        output.Add(Walk.WithBlocks(statement, b => Block(b, inLoop || statement is For or While)));
                        break;
                }
            }
            return output;
        }

        Function? Inlinable(Call call, bool inLoop)
        {
            Callee callee = callees[call.Callee];
            if (callee.Kind != CalleeKind.Source || callee.Function < 0) return null;
            Function f = functions[callee.Function];
            if (open.Contains(f.Key)) return null;
            // A helper's own helpers first (gmm.h's logsumexp calls arr_max): then it is judged as it would run here.
            open.Add(f.Key);
            f = Inline(f, functions, callees, open);
            open.Remove(f.Key);
            if (Walk.Statements(f.Body).Count() > MaxStatements) return null;
            if (f.Body.Count == 0 || f.Body[f.Body.Count - 1] is not Return || Walk.Statements(f.Body).OfType<Return>().Count() != 1) return null;
            // Leaves only; a call under StopGradient only computes a value (ArrMax inside a log-sum-exp).
            if (Walk.Statements(f.Body).SelectMany(Walk.OwnExpressions).Any(DifferentiatedCall)) return null;
            // Assignments to scalars and counted loops and branches of them; arrays only as parameters the
            // helper reads (an array or span of the caller, or a slice of one), or as scratch arrays of its own
            // (xc = stackalloc double[d]) written element by element.
            var parameters = new HashSet<int>(f.Parameters.Select(p => p.Variable));
            bool Scratch(int v) => f.Variables[v].Kind == VariableKind.LocalArray && !parameters.Contains(v);
            bool simple = Walk.Statements(f.Body).All(s => s is Assign { Target: VarRef } or For or If or Return or ClearArray
                || s is Assign { Target: Element e } && Scratch(e.Array)
                || s is AllocateArray && f.Body.Contains(s)); // allocated at its top level, so that ScratchSizes sees it
            var written = new HashSet<int>(Walk.WrittenVariables(f.Body));
            bool arraysRead = f.Variables.Where(v => v.IsArray).All(v => parameters.Contains(v.Id) ? !written.Contains(v.Id) : Scratch(v.Id));
            bool typesMatch = call.Arguments.Select(a => a.Type).SequenceEqual(f.Parameters.Select(p => f.Variables[p.Variable].Type));
            // A scratch array that moves to the start of the caller needs a size fixed there (parameters only).
            bool sizesFixed = ScratchSizes(f, call, inLoop).All(s => s.Size is not null);
            return simple && arraysRead && typesMatch && sizesFixed ? f : null;
        }

        // Each scratch array of the helper with its size in the caller: fixed at the caller's start (its parameters
        // only; null if not) when it is allocated there, that is for arrays declared in the helper's loops and, at a
        // call in a loop, for all of them.
        IEnumerable<(int Array, Expr? Size, bool AtStart)> ScratchSizes(Function f, Call call, bool inLoop)
        {
            var arguments = new Dictionary<int, Expr>();
            for (int k = 0; k < call.Arguments.Count; k++) arguments[f.Parameters[k].Variable] = call.Arguments[k];
            foreach (AllocateArray allocate in f.Body.OfType<AllocateArray>())
                yield return (allocate.Array, inLoop ? Fixed(allocate.Size, f, arguments) : allocate.Size, inLoop);
            foreach (LocalArray array in f.LocalArrays)
                yield return (array.Variable, Fixed(array.Size, f, arguments), true);
        }

        // A helper's size on the call's arguments, resolved through the caller's single definitions to its parameters.
        Expr? Fixed(Expr size, Function f, Dictionary<int, Expr> arguments)
        {
            if (Walk.Variables(size).Any(v => !arguments.ContainsKey(v))) return null; // a local of the helper
            if (Walk.Expressions(size).Any(e => e is Length l && arguments[l.Array] is not ArrayRef)) return null;
            Expr resolved = Substitution.Leaves(size, e => e switch
            {
                VarRef v => arguments[v.Variable],
                Length l => arguments[l.Array] is ArrayRef a ? a.Count ?? new Length(a.Variable) : null,
                _ => null,
            });
            for (int depth = 0; depth < 8 && Walk.Variables(resolved).Any(definitions.ContainsKey); depth++)
                resolved = Substitution.Leaves(resolved, e => e is VarRef v && definitions.TryGetValue(v.Variable, out Expr? d) ? d : null);
            bool parametersOnly = Walk.Variables(resolved).All(v => variables[v].Kind == VariableKind.Parameter && !callerWritten.Contains(v))
                && !Walk.Expressions(resolved).Any(e => e is Call or PassiveCall or Element);
            return parametersOnly ? resolved : null;
        }

        // The helper's statements on fresh locals, its parameters assigned the arguments first; returns its result.
        Expr Expand(Function callee, Call call, string source, List<Stmt> output, bool inLoop)
        {
            changed = true;
            // A literal or variable argument stands for a parameter the helper does not write (an array
            // argument always: the helper only reads it); other arguments are computed once, into the
            // parameter's local.
            var written = new HashSet<int>(Walk.WrittenVariables(callee.Body));
            var map = new Dictionary<int, Expr>();
            for (int k = 0; k < call.Arguments.Count; k++)
            {
                Variable parameter = callee.Variables[callee.Parameters[k].Variable];
                if (call.Arguments[k] is ArrayRef slice)
                {
                    // Computed once where the helper would compute them again and again, as for writing helpers.
                    (bool start, bool count) = Substitution.SliceLocals(callee, parameter.Id, slice);
                    map[parameter.Id] = slice with
                    {
                        Start = start ? Once(slice.Start!, parameter, "start") : slice.Start,
                        Count = count ? Once(slice.Count!, parameter, "length") : slice.Count,
                    };
                }
                else if (call.Arguments[k] is Literal or VarRef && !written.Contains(parameter.Id))
                    map[parameter.Id] = call.Arguments[k];
            }

            // A slice's start or count computed once, into an int local, unless a literal or variable.
            Expr Once(Expr part, Variable parameter, string suffix)
            {
                if (part is Literal or VarRef) return part;
                VarRef local = Local(parameter, "_" + suffix, ScalarType.Int, VariableKind.Synthetic);
                output.Add(new Assign(local, part, source));
                return local;
            }

            // A fresh caller local named after the helper's variable: Sigmoid_x, SqNorm_x_start.
            VarRef Local(Variable v, string suffix, ScalarType type, VariableKind kind)
            {
                var local = new VarRef(variables.Count, type);
                variables.Add(new Variable(variables.Count, Fresh(callee.Name.TrimStart('@') + "_" + v.Name.TrimStart('_', '@') + suffix), type, ArrayShape.None, kind));
                return local;
            }

            // Scratch arrays become the caller's local arrays; those allocated at its start are cleared at the call.
            var atStart = new HashSet<int>();
            foreach ((int array, Expr? size, bool start) in ScratchSizes(callee, call, inLoop))
            {
                Variable v = callee.Variables[array];
                var local = new ArrayRef(variables.Count, v.Type);
                variables.Add(new Variable(variables.Count, Fresh(callee.Name.TrimStart('@') + "_" + v.Name.TrimStart('_', '@')), v.Type, v.Shape, VariableKind.LocalArray));
                map[array] = local;
                if (!start) continue;
                localArrays.Add(new LocalArray(local.Variable, size!));
                atStart.Add(array);
            }
            foreach (Variable v in callee.Variables.Where(v => !map.ContainsKey(v.Id)))
                map[v.Id] = Local(v, "", v.Type, v.Kind == VariableKind.LoopCounter ? VariableKind.LoopCounter : VariableKind.Synthetic);
            for (int k = 0; k < call.Arguments.Count; k++)
                if (map[callee.Parameters[k].Variable] is VarRef local && !ReferenceEquals(local, call.Arguments[k]))
                    output.Add(new Assign(local, call.Arguments[k], source));
            string inlined = callee.Name.TrimStart('@') + ", inlined: ";
            foreach (Stmt statement in callee.Body.Take(callee.Body.Count - 1))
                output.Add(statement is AllocateArray allocate && atStart.Contains(allocate.Array)
                    ? new ClearArray(((ArrayRef)map[allocate.Array]).Variable, inlined + allocate.Source)
                    : Substitution.Statement(statement, map, inlined));
            return Substitution.Expr(((Return)callee.Body[callee.Body.Count - 1]).Value, map);
        }

        string Fresh(string prefix)
        {
            string name = prefix;
            for (int k = 1; !names.Add(name); k++) name = prefix + k;
            return name;
        }

        List<Stmt> body = Block(caller.Body, inLoop: false);
        return changed
            ? caller with { Variables = variables.ToEquatableArray(), LocalArrays = localArrays.ToEquatableArray(), Body = body.ToEquatableArray() }
            : caller;
    }


    private static bool DifferentiatedCall(Expr e) => e switch
    {
        StopGradient => false,
        Call => true,
        _ => Walk.Children(e).Any(DifferentiatedCall),
    };

    private static string Marked(string source, Function callee) => source + " (" + callee.Name.TrimStart('@') + " inlined)";
}
