using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// An int local that only walks one array from a base, <c>a[b + l]</c>, counts in the array's positions
/// instead: b is added where l is set, not at every read. A span local's elements are its array's from the
/// view's start, so this is gmm.h's <c>Ltri</c> walked by <c>Lparamsidx</c> written in the method itself
/// (<c>ReadOnlySpan&lt;double&gt; ltri = icf.Slice(...)</c>, <c>ltri[l]</c>, <c>l++</c>): one add and one
/// live register fewer per read, as <see cref="Substitution.SliceIndices"/> does for inlined helpers.
/// <para>
/// Valid while b keeps the value it had when l was set: b is never assigned, or assigned by one statement
/// of a block that later sets l afresh at its top level before anything else mentions l, and every
/// mention of l follows that statement in the block.
/// </para>
/// </summary>
internal static class IndexRebasing
{
    public static Function Rebase(Function function)
    {
        List<Stmt> body = function.Body.ToList();
        var writes = Walk.WrittenVariables(body).GroupBy(v => v).ToDictionary(g => g.Key, g => g.Count());
        var counters = new HashSet<int>(Walk.Statements(body).OfType<For>().Select(f => f.Counter));
        var rebased = new Dictionary<int, (int Array, int Base, Expr Start)>();
        foreach (Variable l in function.Variables)
        {
            if (l.IsArray || l.Type != ScalarType.Int || l.Kind != VariableKind.Local) continue;
            if (Substitution.OnlyIndex<(int Array, int Base)>(body, l.Id, el => BaseOf(el.Index, l.Id) is { } b ? (el.Array, b) : null) is not { } key) continue;
            int baseWrites = writes.TryGetValue(key.Base, out int n) ? n : 0;
            if (counters.Contains(key.Base) || baseWrites > 1 || function.Variables[key.Base] is not { IsArray: false, Type: ScalarType.Int }) continue;
            Expr? start = baseWrites == 0 ? new VarRef(key.Base, ScalarType.Int) : SetAfterBase(body, l.Id, key.Base);
            if (start is not null) rebased[l.Id] = (key.Array, key.Base, start);
        }
        return rebased.Count == 0 ? function : function with { Body = Rewrite(body, rebased).ToEquatableArray() };
    }

    /// <summary>b in <c>b + l</c> or <c>l + b</c>, b another variable; otherwise null.</summary>
    private static int? BaseOf(Expr index, int l) => index switch
    {
        Binary { Op: BinaryOp.Add, Left: VarRef b, Right: VarRef i } when i.Variable == l && b.Variable != l => b.Variable,
        Binary { Op: BinaryOp.Add, Left: VarRef i, Right: VarRef b } when i.Variable == l && b.Variable != l => b.Variable,
        _ => null,
    };

    /// <summary>
    /// What a set of <paramref name="l"/> adds, when the one assignment of <paramref name="b"/> stands in a block
    /// whose later statements hold every mention of l, the first of them a top-level <c>l = e</c> that does
    /// not read l; otherwise null. That is b's value itself (<c>l = c * t + d</c>) when it is arithmetic on
    /// variables the rest of the block does not write, so that the reverse sweep can recompute the set
    /// instead of saving l (a replayed loop's reset, <see cref="AdjointBuilder"/>); else b.
    /// </summary>
    private static Expr? SetAfterBase(List<Stmt> body, int l, int b)
    {
        foreach (IReadOnlyList<Stmt> block in Blocks(body))
        {
            int at = -1;
            for (int k = 0; k < block.Count; k++)
                if (block[k] is Assign { Target: VarRef t } && t.Variable == b) at = k;
            if (at < 0) continue;
            var after = block.Skip(at + 1).ToList();
            if (Mentions(after, l) != Mentions(body, l)) return null;
            Stmt? first = after.FirstOrDefault(s => Mentions(new[] { s }, l) > 0);
            if (first is not Assign { Target: VarRef set } a || set.Variable != l || Walk.Variables(a.Value).Contains(l)) return null;
            Expr value = ((Assign)block[at]).Value;
            var written = new HashSet<int>(Walk.WrittenVariables(after));
            bool arithmetic = Walk.Expressions(value).All(e => e is Literal or VarRef or Binary or Unary or Conversion)
                && !Walk.Variables(value).Any(v => v == b || written.Contains(v));
            return arithmetic ? value : new VarRef(b, ScalarType.Int);
        }
        return null;
    }

    private static IEnumerable<IReadOnlyList<Stmt>> Blocks(IReadOnlyList<Stmt> body) =>
        new[] { body }.Concat(Walk.Statements(body).SelectMany(Walk.Blocks).Select(b => (IReadOnlyList<Stmt>)b.Items));

    private static int Mentions(IEnumerable<Stmt> block, int v) =>
        Walk.Statements(block).SelectMany(s => Walk.OwnExpressions(s).Concat(s is Assign { Target: VarRef t } ? new Expr[] { t } : Enumerable.Empty<Expr>()))
            .SelectMany(Walk.Expressions).Count(e => e is VarRef r && r.Variable == v);

    private static IEnumerable<Stmt> Rewrite(IEnumerable<Stmt> block, Dictionary<int, (int Array, int Base, Expr Start)> rebased)
    {
        // Element indices are the only places a rebased l appears besides its own assignments.
        Expr E(Expr e) => Walk.Map(e, x => x is Element el && Rebased(el) is { } l ? el with { Index = new VarRef(l, ScalarType.Int) } : null);
        int? Rebased(Element el) => rebased.Where(r => r.Value.Array == el.Array && BaseOf(el.Index, r.Key) == r.Value.Base)
            .Select(r => (int?)r.Key).FirstOrDefault();
        foreach (Stmt s in block)
        {
            yield return s switch
            {
                // A set (not a step) starts at the base; reads then index the array directly.
                Assign { Target: VarRef t } a when rebased.TryGetValue(t.Variable, out var key) && Substitution.Step(a.Value, t.Variable) is null =>
                    a with { Value = Substitution.Offset(key.Start, E(a.Value)) },
                Assign a => a with { Target = E(a.Target), Value = E(a.Value) },
                AllocateArray a => a with { Size = E(a.Size) },
                If i => i with { Condition = E(i.Condition), Then = Rewrite(i.Then, rebased).ToEquatableArray(), Else = Rewrite(i.Else, rebased).ToEquatableArray() },
                While w => w with { Condition = E(w.Condition), Body = Rewrite(w.Body, rebased).ToEquatableArray() },
                For f => f with { Start = E(f.Start), End = E(f.End), Body = Rewrite(f.Body, rebased).ToEquatableArray() },
                Return r => r with { Value = E(r.Value) },
                _ => s,
            };
        }
    }
}
