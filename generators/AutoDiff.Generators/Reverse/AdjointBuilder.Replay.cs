using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

internal sealed partial class AdjointBuilder
{
    // Loops reversed in forward order, with the resets that start their integer indices.
    private readonly Dictionary<Stmt, List<Assign>> _replayed = new(ReferenceComparer<Stmt>.Instance);
    // Inside such a loop while its body is built: statements' reverse blocks keep their order, steps run forward.
    private int _replaying;

    /// <summary>
    /// Replayed loops: an integer index reset in a block, <c>idx = k * T + d</c>, then stepped only inside
    /// the loop that follows it (GMM's packed triangle, <c>for c, for r: y[r] += L[idx] * x[c]; idx++</c>),
    /// needs no save when that loop's reverse runs in forward order: it sets <c>idx</c> again from the
    /// reset's value and steps it as the forward loop did. Running forward is valid when the iterations'
    /// reverse blocks commute: every update is <c>t += e</c> with e reading nothing the loop writes but
    /// counters and the indices (so no adjoint read in one iteration is written in another, and no primal
    /// value changes), and nothing in the loop saves a value. Without this, the reset pushed the index's old
    /// value for the reversed loop of the previous iteration, which stepped it back down.
    /// </summary>
    private void FindReplays(IReadOnlyList<Stmt> block)
    {
        if (!_optimize) return;
        for (int at = 0; at < block.Count; at++)
        {
            if (block[at] is not Assign { Target: VarRef { Type: ScalarType.Int } target } reset || SaveAnalysis.IsIntegerStep(reset)) continue;
            int index = target.Variable;
            if (Var(index).Kind is not (VariableKind.Local or VariableKind.Synthetic)) continue;
            // The next statement that mentions the index must be a loop holding every other mention of it.
            int next = at + 1;
            while (next < block.Count && !Walk.Mentions(block[next], index)) next++;
            if (next == block.Count || block[next] is not For loop || _fusion.IsFused(loop)) continue;
            var inLoop = new HashSet<Stmt>(Walk.Statements(loop.Body), ReferenceComparer<Stmt>.Instance);
            bool confined = Walk.Statements(_function.Body).All(s => ReferenceEquals(s, reset) || ReferenceEquals(s, loop) || inLoop.Contains(s) || !Walk.MentionsOwn(s, index));
            bool steppedOnly = inLoop.Where(s => Walk.Written(s) == index).All(s => s is Assign step && SaveAnalysis.IsIntegerStep(step));
            bool recomputable = Walk.Expressions(reset.Value).All(e => e is Literal or VarRef or Binary or Unary or Conversion)
                && Walk.Variables(reset.Value).All(v => v != index && FixedFrom(v, reset));
            if (!confined || !steppedOnly || !recomputable) continue;
            if (!_replayed.TryGetValue(loop, out List<Assign>? resets)) _replayed[loop] = resets = new List<Assign>();
            resets.Add(reset);
        }
        foreach (Stmt loop in block)
        {
            if (!_replayed.TryGetValue(loop, out List<Assign>? resets)) continue;
            var indices = new HashSet<int>(resets.Select(Walk.Written));
            if (!CommutesReversed((For)loop, indices)) _replayed.Remove(loop);
            else _unsaved.UnionWith(resets);
        }
    }

    /// <summary>
    /// Whether a loop nest's reversed iterations may run in any order: only counted loops and assignments,
    /// each an integer step of one of the indices or an update <c>t += e</c> that saves nothing, where e and
    /// the bounds read nothing the nest writes except counters and the indices.
    /// </summary>
    private bool CommutesReversed(For loop, HashSet<int> indices)
    {
        List<Stmt> nest = Walk.Statements(new Stmt[] { loop }).ToList();
        var counters = new HashSet<int>(nest.OfType<For>().Select(f => f.Counter));
        var written = new HashSet<int>(nest.Select(Walk.Written).Where(v => v >= 0));
        bool Stable(Expr e) => Walk.Variables(e).All(v => !written.Contains(v) || counters.Contains(v) || indices.Contains(v));
        return nest.All(s => s switch
        {
            For f => Stable(f.Start) && Stable(f.End),
            Assign { Target: VarRef v } step when indices.Contains(v.Variable) => SaveAnalysis.IsIntegerStep(step),
            Assign update => CompoundUpdate(update) is { } compound && _activity.IsActive(Walk.Written(update))
                && (!_saves.MustSave(update) || _unsaved.Contains(update))
                && Stable(compound.Operand) && (update.Target is not Element e || Stable(e.Index)),
            _ => false,
        });
    }

    /// <summary>
    /// The reverse of a replayed loop (or of a loop nested in one): the forward header, the body's reverse
    /// blocks in forward order, and first, for the outermost loop, its indices set again from their resets.
    /// </summary>
    private List<Code> Replayed(For loop, List<Assign>? resets, List<Code> bodyReverse, List<Code> restore)
    {
        foreach (Assign reset in resets ?? new List<Assign>())
            restore.Add(new Line($"{_printer.Print(reset.Target)} = {_printer.Print(reset.Value)}; // recomputed, not saved"));
        ReversedLoop(loop, ForwardHeader(loop), _printer.Print(ForwardCondition(loop, loop.Start)), bodyReverse, restore);
        return Commented(loop.Source + ": its iterations commute, so it is reversed in forward order", restore);
    }
}
