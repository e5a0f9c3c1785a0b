using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// An int local that only walks one array from a base, <c>a[b + l]</c>, counts in the array's positions
/// instead: b is added where l is set, not at every read, so the reads and the reverse sweep's adjoint
/// updates use one induction variable, as hand-written code does. A span local's elements are its array's
/// from the view's start, so this covers gmm.h's <c>Ltri</c> walked by <c>Lparamsidx</c> written in the
/// method itself (<c>ReadOnlySpan&lt;double&gt; ltri = icf.Slice(...)</c>, <c>ltri[l]; l++</c>) as well as
/// adbench.md's own wording, <c>icf[k * T + d + idx]</c>, and a helper's own index inlined over a slice
/// (gmm.h's <c>Qtimesx</c>, whose slice start the inliners put in a local: <c>icf[QTimesX_ltri_start + QTimesX_lparamsidx]</c>).
/// <para>
/// b is arithmetic on int variables, and it must keep the value it had when l was set. So each of its
/// variables is never assigned, or assigned once (a loop counter: by its loop) in a block whose later
/// statements hold every mention of l; when that block runs more than once (it is in a loop), the first
/// of them must set l afresh at the block's top level.
/// </para>
/// </summary>
internal static class IndexRebasing
{
    public static Function Rebase(Function function)
    {
        List<Stmt> body = function.Body.ToList();
        var rebased = new Dictionary<int, (int Array, Expr Base, Expr Start)>();
        foreach (Variable l in function.Variables)
        {
            // A user's local or an inlined helper's (synthetic): what decides is how the body uses it.
            if (l.IsArray || l.Type != ScalarType.Int || l.Kind is not (VariableKind.Local or VariableKind.Synthetic)) continue;
            if (OnlyIndex(body, l.Id) is not { } key) continue;
            var definitions = Walk.ValueVariables(key.Base).Distinct().Select(v => Definition(body, v)).ToList();
            if (definitions.All(d => d is { } found && SetAfter(body, found.Block, found.At, found.InLoop, l.Id)))
                rebased[l.Id] = (key.Array, key.Base, Start(key.Base, definitions.Select(d => d!.Value), l.Id));
        }
        if (rebased.Count == 0) return function;
        string Note(int l) => $" ({function.Variables[l].Name} counts in {function.Variables[rebased[l].Array].Name}'s positions)";
        return function with { Body = Rewrite(body, rebased, Note).ToEquatableArray() };
    }

    /// <summary>
    /// The array and base of every element whose index mentions <paramref name="l"/>, when all are <c>a[b + l]</c>
    /// with one array and one base and each other mention of l is an assignment that does not read it or a step
    /// <c>l = l ± c</c>; null otherwise.
    /// </summary>
    private static (int Array, Expr Base)? OnlyIndex(IEnumerable<Stmt> body, int l)
    {
        (int Array, Expr Base)? found = null;
        bool only = true;
        void Visit(Expr e)
        {
            if (e is Element el && BaseOf(el.Index, l) is { } b)
            {
                only &= found is null || found.Value.Array == el.Array && found.Value.Base.Equals(b);
                found = (el.Array, b);
            }
            else if (e is VarRef r && r.Variable == l) only = false;
            else foreach (Expr child in Walk.Children(e)) Visit(child);
        }
        foreach (Stmt statement in Walk.Statements(body))
        {
            if (statement is not Assign a)
            {
                foreach (Expr e in Walk.OwnExpressions(statement)) Visit(e);
                continue;
            }
            if (a.Target is VarRef t && t.Variable == l) Visit(Step(a.Value, l) ?? a.Value);
            else { Visit(a.Target); Visit(a.Value); }
        }
        return only ? found : null;
    }

    /// <summary>The c of a step <c>l + c</c>, <c>c + l</c> or <c>l - c</c>, or null.</summary>
    private static Expr? Step(Expr value, int l) => value switch
    {
        Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Left: VarRef i } b when i.Variable == l => b.Right,
        Binary { Op: BinaryOp.Add, Right: VarRef i } b when i.Variable == l => b.Left,
        _ => null,
    };

    /// <summary>b in <c>b + l</c> or <c>l + b</c>: int arithmetic on variables, without l; otherwise null.</summary>
    private static Expr? BaseOf(Expr index, int l)
    {
        Expr? b = index switch
        {
            Binary { Op: BinaryOp.Add, Right: VarRef i } add when i.Variable == l => add.Left,
            Binary { Op: BinaryOp.Add, Left: VarRef i } add when i.Variable == l => add.Right,
            _ => null,
        };
        return b is not null && b.Type == ScalarType.Int && Arithmetic(b) && !Walk.Variables(b).Contains(l) ? b : null;
    }

    private static bool Arithmetic(Expr e) => Walk.Expressions(e).All(x => x is Literal or VarRef or Binary or Unary or Conversion or Length);

    /// <summary>
    /// Where a variable of a base gets its value: the block and the statement's position in it (-1 for a loop
    /// counter, set by its loop before the body), whether the block is in a loop, and the value assigned.
    /// No block for a variable that is never assigned.
    /// </summary>
    private readonly record struct Defined(IReadOnlyList<Stmt>? Block, int At, bool InLoop, int Variable, Expr? Value);

    /// <summary>The variable's one definition; null when it is assigned more than once.</summary>
    private static Defined? Definition(List<Stmt> body, int v)
    {
        Defined? found = null;
        int count = 0;
        void Visit(IReadOnlyList<Stmt> block, bool inLoop)
        {
            for (int k = 0; k < block.Count; k++)
            {
                Stmt s = block[k];
                if (s is For f && f.Counter == v) { count++; found = new Defined(f.Body.Items, -1, true, v, null); }
                if (Walk.Written(s) == v) { count++; found = s is Assign a ? new Defined(block, k, inLoop, v, a.Value) : null; }
                foreach (EquatableArray<Stmt> inner in Walk.Blocks(s)) Visit(inner.Items, inLoop || s is For or While);
            }
        }
        Visit(body, false);
        return count == 0 ? new Defined(null, -1, false, v, null) : count == 1 ? found : null;
    }

    /// <summary>Whether the statements of the block after <paramref name="at"/> hold every mention of l, the first a top-level set when the block runs more than once.</summary>
    private static bool SetAfter(List<Stmt> body, IReadOnlyList<Stmt>? block, int at, bool inLoop, int l)
    {
        if (block is null) return true; // never assigned
        var after = block.Skip(at + 1).ToList();
        var inAfter = new HashSet<Stmt>(Walk.Statements(after), ReferenceComparer<Stmt>.Instance);
        if (Walk.Statements(body).Any(s => Walk.MentionsOwn(s, l) && !inAfter.Contains(s))) return false;
        Stmt? first = after.FirstOrDefault(s => Walk.Mentions(s, l));
        return !inLoop || first is Assign { Target: VarRef set } a && set.Variable == l && !Walk.Variables(a.Value).Contains(l);
    }

    /// <summary>
    /// What a set of l adds: the base, with a variable assigned in a loop replaced by the value it was assigned
    /// (<c>l = c * t + d</c> rather than <c>l = ltri_start</c>) when that is arithmetic on variables that nothing
    /// writes between that assignment and the last statement of its block that sets l. A reset that reads only
    /// counters, parameters and locals fixed before the loops is one the reverse sweep recomputes instead of
    /// saving l (replayed loops, <see cref="AdjointBuilder"/>).
    /// </summary>
    private static Expr Start(Expr b, IEnumerable<Defined> definitions, int l)
    {
        bool Sets(Stmt s) => Walk.Statements(new[] { s }).Any(x => x is Assign { Target: VarRef t } a && t.Variable == l && Step(a.Value, l) is null);
        var values = new Dictionary<int, Expr>();
        foreach (Defined d in definitions)
        {
            if (!d.InLoop || d.Value is not { } value || !Arithmetic(value)) continue;
            int lastSet = d.Block!.Count - 1;
            while (lastSet > d.At && !Sets(d.Block[lastSet])) lastSet--;
            var written = new HashSet<int>(Walk.WrittenVariables(d.Block.Skip(d.At + 1).Take(lastSet - d.At)));
            if (!Walk.Variables(value).Any(v => v == d.Variable || written.Contains(v))) values[d.Variable] = value;
        }
        return Walk.Map(b, e => e is VarRef r && values.TryGetValue(r.Variable, out Expr? value) ? value : null);
    }

    /// <summary>The block with rebased reads and sets; a set's quoted source says what its index now counts (<paramref name="note"/>).</summary>
    private static IEnumerable<Stmt> Rewrite(IEnumerable<Stmt> block, Dictionary<int, (int Array, Expr Base, Expr Start)> rebased, System.Func<int, string> note)
    {
        // Element indices are the only places a rebased l appears besides its own assignments.
        Expr E(Expr e) => Walk.Map(e, x => x is Element el && Rebased(el) is { } l ? el with { Index = new VarRef(l, ScalarType.Int) } : null);
        int? Rebased(Element el) => rebased.Where(r => r.Value.Array == el.Array && Equals(BaseOf(el.Index, r.Key), r.Value.Base))
            .Select(r => (int?)r.Key).FirstOrDefault();
        foreach (Stmt s in block)
        {
            yield return s switch
            {
                // A set (not a step) starts at the base; reads then index the array directly.
                Assign { Target: VarRef t } a when rebased.TryGetValue(t.Variable, out var key) && Step(a.Value, t.Variable) is null =>
                    a with { Value = Substitution.Offset(key.Start, E(a.Value)), Source = a.Source + note(t.Variable) },
                Assign a => a with { Target = E(a.Target), Value = E(a.Value) },
                AllocateArray a => a with { Size = E(a.Size) },
                If i => i with { Condition = E(i.Condition), Then = Rewrite(i.Then, rebased, note).ToEquatableArray(), Else = Rewrite(i.Else, rebased, note).ToEquatableArray() },
                While w => w with { Condition = E(w.Condition), Body = Rewrite(w.Body, rebased, note).ToEquatableArray() },
                For f => f with { Start = E(f.Start), End = E(f.End), Body = Rewrite(f.Body, rebased, note).ToEquatableArray() },
                Return r => r with { Value = E(r.Value) },
                _ => s,
            };
        }
    }
}
