using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using AutoDiff.Generators.Reverse;

namespace AutoDiff.Generators.Extraction;

internal sealed partial class FunctionLowering
{
    /// <summary>
    /// Gives every call and every math function whose derivative is written with its own value
    /// (exp, tanh, sqrt, cbrt, pow) a local of its own, assigned just before the statement:
    /// <c>h = o * Math.Tanh(c)</c> becomes <c>_tanh = Math.Tanh(c); h = o * _tanh</c>. The reverse
    /// sweep then reads the value the forward sweep computed (saved, inside loops, only if it is
    /// overwritten) instead of computing it again. For calls that are constants for differentiation
    /// this is also what keeps the gradient right: a method that returns something different each
    /// time (a clock, a counter) is called once, in the forward sweep. Branches of ?: stay lazy.
    /// </summary>
    private List<Stmt> HoistValues(IEnumerable<Stmt> block)
    {
        var result = new List<Stmt>();
        foreach (Stmt statement in block)
        {
            switch (statement)
            {
                case Assign assign:
                    Expr value = HoistInner(assign.Value, result, assign.Source, top: true);
                    result.Add(ReferenceEquals(value, assign.Value) ? assign : assign with { Value = value });
                    break;
                case Return ret:
                    Expr returned = HoistInner(ret.Value, result, ret.Source, top: true);
                    result.Add(ReferenceEquals(returned, ret.Value) ? ret : ret with { Value = returned });
                    break;
                default:
                    result.Add(Walk.WithBlocks(statement, b => HoistValues(b)));
                    break;
            }
        }
        return result;
    }

    /// <summary>Rewrites an expression bottom-up, moving worthwhile subexpressions into locals assigned in <paramref name="output"/>.</summary>
    private Expr HoistInner(Expr expr, List<Stmt> output, string source, bool top)
    {
        if (expr is StopGradient) return expr;
        Expr rewritten = expr switch
        {
            // The condition always runs (and runs again in the reverse sweep); the branches stay lazy.
            Conditional c => Rebuild(c, c with { Condition = HoistInner(c.Condition, output, source, false) }),
            Binary b => Rebuild(b, b with { Left = HoistInner(b.Left, output, source, false), Right = HoistInner(b.Right, output, source, false) }),
            Unary u => Rebuild(u, u with { Operand = HoistInner(u.Operand, output, source, false) }),
            Conversion c => Rebuild(c, c with { Operand = HoistInner(c.Operand, output, source, false) }),
            Element e => Rebuild(e, e with { Index = HoistInner(e.Index, output, source, false) }),
            MathCall m => Rebuild(m, m with { Arguments = HoistArguments(m.Arguments, output, source) }),
            Call call => Rebuild(call, call with { Arguments = HoistArguments(call.Arguments, output, source) }),
            _ => expr,
        };
        bool worthALocal = rewritten is PassiveCall || rewritten is Call && rewritten.Type.IsReal()
            || rewritten is MathCall m2 && m2.Type.IsReal() && MathRules.TryGet(m2.Name, m2.Arguments.Count, out MathRule rule) && rule.UsesValue;
        if (top || !worthALocal) return rewritten;
        string name = "_" + rewritten switch
        {
            MathCall math => math.Name.ToLowerInvariant(),
            Call c => _program.Callees[c.Callee].Primal.Split('.').Last().TrimStart('@'),
            PassiveCall p => p.Method.Split('.').Last().TrimStart('@'),
            _ => "value",
        };
        var local = new VarRef(NewVariable(name, rewritten.Type, ArrayShape.None, VariableKind.Synthetic, null), rewritten.Type);
        output.Add(new Assign(local, rewritten, source));
        return local;
    }

    private EquatableArray<Expr> HoistArguments(EquatableArray<Expr> arguments, List<Stmt> output, string source)
    {
        var hoisted = arguments.Select(a => HoistInner(a, output, source, false)).ToList();
        return hoisted.Zip(arguments, ReferenceEquals).All(same => same) ? arguments : hoisted.ToEquatableArray();
    }

    /// <summary>Keeps the original node when nothing below it changed, so untouched statements stay identical.</summary>
    private static Expr Rebuild(Expr original, Expr rebuilt) =>
        Walk.Children(original).Zip(Walk.Children(rebuilt), ReferenceEquals).All(same => same) ? original : rebuilt;
}
