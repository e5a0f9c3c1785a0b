using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Inlines calls of small straight-line scalar helpers of this compilation (<c>Sigmoid(x) =&gt; 1 / (1 + Math.Exp(-x))</c>):
/// the helper's statements run in the caller, on fresh locals. Through a pullback, the reverse sweep
/// would run the helper's forward sweep again (its exp among it); inlined, the caller's analyses
/// see the helper's values and save or reuse them like their own. Only calls that are the whole value
/// of an assignment or return qualify (lowering gives every other call such a local), so the helper
/// runs exactly where and as often as the call did.
/// </summary>
internal static class Inlining
{
    private const int MaxStatements = 16;

    public static Function Inline(Function caller, EquatableArray<Function> functions, EquatableArray<Callee> callees)
    {
        var variables = caller.Variables.ToList();
        var names = new HashSet<string>(variables.Select(v => v.Name));
        bool changed = false;

        List<Stmt> Block(IEnumerable<Stmt> block)
        {
            var output = new List<Stmt>();
            foreach (Stmt statement in block)
            {
                switch (statement)
                {
                    case Assign { Value: Call call } assign when Inlinable(call) is { } callee:
                        output.Add(assign with { Value = Expand(callee, call, assign.Source, output), Source = Marked(assign.Source, callee) });
                        break;
                    case Return { Value: Call call } ret when Inlinable(call) is { } callee:
                        output.Add(ret with { Value = Expand(callee, call, ret.Source, output), Source = Marked(ret.Source, callee) });
                        break;
                    default:
                        output.Add(Walk.WithBlocks(statement, b => Block(b)));
                        break;
                }
            }
            return output;
        }

        Function? Inlinable(Call call)
        {
            Callee callee = callees[call.Callee];
            if (callee.Kind != CalleeKind.Source || callee.Function < 0) return null;
            Function f = functions[callee.Function];
            if (f.Key == caller.Key || f.Body.Count > MaxStatements || f.Variables.Any(v => v.IsArray)) return null;
            if (f.Body.Count == 0 || f.Body[f.Body.Count - 1] is not Return) return null;
            if (f.Body.SelectMany(Walk.OwnExpressions).SelectMany(Walk.Expressions).Any(e => e is Call)) return null; // leaves only
            bool straight = f.Body.Take(f.Body.Count - 1).All(s => s is Assign { Target: VarRef });
            bool typesMatch = call.Arguments.Select(a => a.Type).SequenceEqual(f.Parameters.Select(p => f.Variables[p.Variable].Type));
            return straight && typesMatch ? f : null;
        }

        // The helper's statements on fresh locals, its parameters assigned the arguments first; returns its result.
        Expr Expand(Function callee, Call call, string source, List<Stmt> output)
        {
            changed = true;
            // A literal or variable argument stands for a parameter the helper does not write; other
            // arguments are computed once, into the parameter's local.
            var written = new HashSet<int>(Walk.WrittenVariables(callee.Body));
            var map = new Dictionary<int, Expr>();
            for (int k = 0; k < call.Arguments.Count; k++)
                if (call.Arguments[k] is Literal or VarRef && !written.Contains(callee.Parameters[k].Variable))
                    map[callee.Parameters[k].Variable] = call.Arguments[k];
            foreach (Variable v in callee.Variables.Where(v => !map.ContainsKey(v.Id)))
            {
                string name = Fresh(callee.Name.TrimStart('@') + "_" + v.Name.TrimStart('_', '@'));
                map[v.Id] = new VarRef(variables.Count, v.Type);
                variables.Add(new Variable(variables.Count, name, v.Type, ArrayShape.None, VariableKind.Synthetic));
            }
            for (int k = 0; k < call.Arguments.Count; k++)
                if (map[callee.Parameters[k].Variable] is VarRef local && !ReferenceEquals(local, call.Arguments[k]))
                    output.Add(new Assign(local, call.Arguments[k], source));
            string inlined = callee.Name.TrimStart('@') + ", inlined: ";
            foreach (Assign a in callee.Body.Take(callee.Body.Count - 1).Cast<Assign>())
                output.Add(new Assign(Remap(a.Target, map), Remap(a.Value, map), inlined + a.Source));
            return Remap(((Return)callee.Body[callee.Body.Count - 1]).Value, map);
        }

        string Fresh(string prefix)
        {
            string name = prefix;
            for (int k = 1; !names.Add(name); k++) name = prefix + k;
            return name;
        }

        List<Stmt> body = Block(caller.Body);
        return changed ? caller with { Variables = variables.ToEquatableArray(), Body = body.ToEquatableArray() } : caller;
    }

    private static string Marked(string source, Function callee) => source + " (" + callee.Name.TrimStart('@') + " inlined)";

    /// <summary>The expression with the helper's variables replaced by the caller's locals or arguments (the helper has no arrays).</summary>
    private static Expr Remap(Expr expr, Dictionary<int, Expr> map) => expr switch
    {
        VarRef v => map[v.Variable],
        Unary u => u with { Operand = Remap(u.Operand, map) },
        Binary b => b with { Left = Remap(b.Left, map), Right = Remap(b.Right, map) },
        Conditional c => c with { Condition = Remap(c.Condition, map), WhenTrue = Remap(c.WhenTrue, map), WhenFalse = Remap(c.WhenFalse, map) },
        Conversion c => c with { Operand = Remap(c.Operand, map) },
        MathCall m => m with { Arguments = m.Arguments.Select(a => Remap(a, map)).ToEquatableArray() },
        Call c => c with { Arguments = c.Arguments.Select(a => Remap(a, map)).ToEquatableArray() },
        PassiveCall p => p with { Arguments = p.Arguments.Select(a => Remap(a, map)).ToEquatableArray() },
        StopGradient s => s with { Operand = Remap(s.Operand, map) },
        _ => expr, // literals and static fields
    };
}
