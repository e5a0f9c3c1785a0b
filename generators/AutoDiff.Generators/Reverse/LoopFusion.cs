using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Finds top-level counted loops whose iterations are independent: each iteration only adds into
/// scalar accumulators (<c>s += e</c>) and otherwise works on its own temporaries. The reverse of such
/// an iteration needs nothing from later iterations, and the accumulators' adjoints are known before
/// the loop when the result is linear in them, so the adjoint code runs each reversed iteration right
/// after its forward one: values are still in registers and caches, and nothing is saved across
/// iterations (the fusion hand-written gradients do). Sums over samples or points have this shape.
/// </summary>
internal sealed class LoopFusion
{
    private readonly Dictionary<Stmt, List<(int Accumulator, Expr Coefficient)>> _fused = new(ReferenceComparer<Stmt>.Instance);

    /// <summary>Whether the loop is fused; if so, the adjoint each accumulator has throughout it, as dResult times a coefficient.</summary>
    public bool IsFused(For loop, out IReadOnlyList<(int Accumulator, Expr Coefficient)> seeds)
    {
        bool fused = _fused.TryGetValue(loop, out List<(int, Expr)>? list);
        seeds = list ?? new List<(int, Expr)>();
        return fused;
    }

    public bool IsFused(Stmt statement) => _fused.ContainsKey(statement);

    public static LoopFusion Analyze(Function function, Activity activity, bool optimize)
    {
        var fusion = new LoopFusion();
        if (!optimize || function.Body.Count == 0 || function.Body[function.Body.Count - 1] is not Return ret) return fusion;
        for (int at = 0; at < function.Body.Count - 1; at++)
            if (function.Body[at] is For loop && Seeds(function, activity, at, loop, ret) is { } seeds)
                fusion._fused[loop] = seeds;
        return fusion;
    }

    /// <summary>The accumulators and their adjoints' coefficients when the loop at <paramref name="at"/> can be fused; otherwise null.</summary>
    private static List<(int, Expr)>? Seeds(Function function, Activity activity, int at, For loop, Return ret)
    {
        List<Stmt> inside = Walk.Statements(loop.Body).ToList();
        var written = new HashSet<int>(inside.Select(Walk.Written).Where(v => v >= 0));
        List<Stmt> before = function.Body.Take(at).ToList();
        List<Stmt> after = function.Body.Skip(at + 1).Take(function.Body.Count - at - 2).ToList();
        (Expr result, HashSet<Stmt> substituted) = ResultAfter(after, ret, function, written) ?? (ret.Value, new HashSet<Stmt>());
        var readOutside = new HashSet<int>(Walk.ReadVariables(before.Concat(after.Where(s => !substituted.Contains(s)))));
        var writtenAfter = new HashSet<int>(Walk.WrittenVariables(after));
        var readInside = new HashSet<int>(Walk.ReadVariables(loop.Body).Concat(Walk.Variables(loop.Start)).Concat(Walk.Variables(loop.End)));

        // What the loop reads and does not write is fixed until the reverse sweep passes the loop, so
        // adjoints added into it early are not lost to a later write's reset.
        if (readInside.Any(v => !written.Contains(v) && writtenAfter.Contains(v))) return null;

        // y = exp(u) and the like read y itself in the reverse sweep, after the loop has run: the loop
        // must not change it (unfused, it would save and restore y).
        if (Walk.Statements(before.Concat(after)).OfType<Assign>().Any(a => SaveAnalysis.ReadsOwnResult(a, activity) && written.Contains(Walk.Written(a))))
            return null;

        var seeds = new List<(int, Expr)>();
        foreach (int v in written)
        {
            Variable variable = function.Variables[v];
            if (variable.Kind == VariableKind.LoopCounter) continue; // scoped to its own loop
            if (IsAccumulator(v, inside))
            {
                if (!variable.IsReal || readOutside.Contains(v) || writtenAfter.Contains(v)) return null;
                if (!activity.IsActive(v)) continue;
                if (Coefficient(result, v) is not { } coefficient) return null;
                // The coefficient must have its final value at the loop already.
                if (Walk.Variables(coefficient).Any(u => written.Contains(u) || writtenAfter.Contains(u))) return null;
                seeds.Add((v, coefficient));
            }
            else if (readOutside.Contains(v) || Walk.Variables(result).Contains(v) || FateOf(v, variable, loop.Body, function) == Fate.Exposed)
                return null;
        }
        return seeds;
    }

    /// <summary>
    /// The result in the values right after the loop: the returned expression with each scalar that a statement
    /// after the loop assigns replaced by what it is assigned, walking back from the return (gmm.h's
    /// <c>double err = CONSTANT + slse - n * lse; return err + prior;</c>), and the assignments so replaced, whose
    /// reads the result then accounts for. Other statements that write what the result reads (the prior's own
    /// loop) stay opaque: what they write must not depend on anything the loop wrote, directly or through other
    /// statements, so the result is linear in an accumulator exactly when the expression is. Null when that fails.
    /// Any other statement does not reach the result, so the adjoints it sends back are zero.
    /// </summary>
    private static (Expr, HashSet<Stmt>)? ResultAfter(List<Stmt> after, Return ret, Function function, HashSet<int> writtenByLoop)
    {
        // Forward: which variables hold values computed from the loop's, before each statement.
        var tainted = new HashSet<int>(writtenByLoop);
        var taintedBefore = new List<HashSet<int>>();
        foreach (Stmt s in after)
        {
            taintedBefore.Add(new HashSet<int>(tainted));
            bool readsTainted = Walk.ReadVariables(new[] { s }).Any(tainted.Contains);
            if (s is Assign { Target: VarRef t } && !readsTainted) tainted.Remove(t.Variable);
            else if (readsTainted) tainted.UnionWith(Walk.WrittenVariables(new[] { s }));
        }

        // Backward: replace what can be replaced; freeze what opaque statements write. (A frozen variable
        // stands for its last value even where a replaced one read an earlier value; it never matters, because
        // a coefficient may not mention a variable written after the loop.)
        Expr result = ret.Value;
        var substituted = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
        var frozen = new HashSet<int>();
        for (int i = after.Count - 1; i >= 0; i--)
        {
            Stmt s = after[i];
            var reads = new HashSet<int>(Walk.Variables(result));
            var writes = Walk.WrittenVariables(new[] { s }).ToList();
            if (s is Assign { Target: VarRef t } a && !function.Variables[t.Variable].IsArray && reads.Contains(t.Variable) && !frozen.Contains(t.Variable))
            {
                result = Walk.Map(result, e => e is VarRef r && r.Variable == t.Variable ? a.Value : null);
                substituted.Add(s);
            }
            else if (writes.Any(v => reads.Contains(v) || frozen.Contains(v)))
            {
                if (Walk.ReadVariables(new[] { s }).Any(taintedBefore[i].Contains)) return null;
                frozen.UnionWith(writes);
            }
        }
        return substituted.Count == 0 ? null : (result, substituted);
    }

    /// <summary>Every write is <c>v = v ± e</c> with e free of v, and nothing else in the loop reads v.</summary>
    private static bool IsAccumulator(int v, List<Stmt> inside) =>
        inside.All(s => s is Assign { Target: VarRef target } update && target.Variable == v && AdjointBuilder.CompoundUpdate(update) is not null
            || Walk.Written(s) != v && !Walk.OwnExpressions(s).SelectMany(Walk.Variables).Contains(v));

    private enum Fate { Untouched, Clean, Killed, Exposed }

    /// <summary>
    /// What a block does to v's value from before it: Killed when every path gives v a fresh value
    /// (assigned from other values, an array cleared or overwritten element by element) before any
    /// read; Exposed when a read may see the old value; Clean when it writes v without reading the
    /// old value on any path. A temporary of the iteration is never Exposed in the loop body.
    /// </summary>
    private static Fate FateOf(int v, Variable variable, IEnumerable<Stmt> block, Function function)
    {
        Fate fate = Fate.Untouched;
        foreach (Stmt s in block)
        {
            Fate next = FateOf(v, variable, s, function);
            if (next is Fate.Killed or Fate.Exposed) return next;
            if (next == Fate.Clean) fate = Fate.Clean;
        }
        return fate;
    }

    private static Fate FateOf(int v, Variable variable, Stmt s, Function function)
    {
        bool touches = Walk.Statements(new[] { s }).Any(t => Walk.Written(t) == v || Walk.OwnExpressions(t).SelectMany(Walk.Variables).Contains(v));
        if (!touches) return Fate.Untouched;
        // A read of the value (an array's .Length is not one: it never changes) may see the old one.
        if (Walk.OwnExpressions(s).SelectMany(Walk.ValueVariables).Contains(v)) return Fate.Exposed;
        switch (s)
        {
            case Assign { Target: VarRef target } when !variable.IsArray && target.Variable == v:
            case ClearArray:
                return Fate.Killed;
            case For f when variable.IsArray && OverwritesFirst(f, v, function):
                return Fate.Killed;
            case For or While:
                // The body may run zero times: at best it leaves v clean.
                return FateOf(v, variable, Walk.Blocks(s).Single(), function) == Fate.Exposed ? Fate.Exposed : Fate.Clean;
            case If i:
            {
                Fate then = FateOf(v, variable, i.Then, function), otherwise = FateOf(v, variable, i.Else, function);
                if (then == Fate.Exposed || otherwise == Fate.Exposed) return Fate.Exposed;
                return then == Fate.Killed && otherwise == Fate.Killed ? Fate.Killed : Fate.Clean;
            }
            default:
                return Fate.Exposed; // element writes and anything else: other elements keep old values
        }
    }

    /// <summary>
    /// for (j = 0; j &lt; size of a; j++) { ...; a[j] = e; ... a[j] ... }: the body's first mention of a writes
    /// a[j] from values other than a's, and its later mentions, in statements of the body itself, only read
    /// a[j]. Each element is then written before anything reads it (GMM's <c>xc[j] = x[j] - mu[j]; y[j] = q[j] * xc[j]</c>).
    /// </summary>
    private static bool OverwritesFirst(For f, int array, Function function)
    {
        if (!SaveAnalysis.CoversAll(f, array, function)) return false;
        var mentions = Walk.Statements(f.Body).Where(t => Walk.MentionsOwn(t, array)).ToList();
        return mentions.Count > 0 && mentions.All(f.Body.Contains)
            && mentions[0] is Assign { Target: Element { Index: VarRef index } } write && index.Variable == f.Counter
            && !Walk.Variables(write.Value).Contains(array)
            && mentions.Skip(1).All(t => Walk.Written(t) != array && Walk.OnlyElementAt(Walk.OwnExpressions(t), array, f.Counter));
    }

    /// <summary>
    /// ∂result/∂v when the result is linear in v through sums, differences, negation and factors
    /// free of v: then the reverse sweep gives v the adjoint dResult times this; otherwise null.
    /// </summary>
    private static Expr? Coefficient(Expr expr, int v)
    {
        bool In(Expr e) => Walk.Variables(e).Contains(v);
        ScalarType type = expr.Type;
        switch (expr)
        {
            case VarRef r when r.Variable == v:
                return new Literal(1, type);
            case Unary { Op: UnaryOp.Negate } u when Coefficient(u.Operand, v) is { } c:
                return new Unary(UnaryOp.Negate, c, type);
            case Binary { Op: BinaryOp.Add or BinaryOp.Subtract } b when In(b.Left) != In(b.Right):
            {
                Expr? c = Coefficient(In(b.Left) ? b.Left : b.Right, v);
                return c is null || In(b.Left) || b.Op == BinaryOp.Add ? c : new Unary(UnaryOp.Negate, c, type);
            }
            case Binary { Op: BinaryOp.Multiply } b when In(b.Left) != In(b.Right):
            {
                Expr factor = In(b.Left) ? b.Right : b.Left;
                Expr? c = Coefficient(In(b.Left) ? b.Left : b.Right, v);
                if (c is null || !IsPlainValue(factor)) return null;
                return c is Literal { Value: 1 } ? factor : new Binary(BinaryOp.Multiply, c, factor, type);
            }
            case Binary { Op: BinaryOp.Divide } b when In(b.Left) && !In(b.Right):
            {
                Expr? c = Coefficient(b.Left, v);
                return c is null || !IsPlainValue(b.Right) ? null : new Binary(BinaryOp.Divide, c, b.Right, type);
            }
            default:
                return null;
        }
    }

    /// <summary>Arithmetic on variables and constants: safe to evaluate a second time, earlier.</summary>
    private static bool IsPlainValue(Expr e) =>
        Walk.Expressions(e).All(x => x is Literal or VarRef or Binary or Unary or Conversion or StaticField or Length);
}
