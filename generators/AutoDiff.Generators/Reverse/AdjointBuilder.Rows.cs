using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

internal sealed partial class AdjointBuilder
{
    /// <summary>
    /// Per-iteration rows (array expansion): a local span that a counted loop's body fills whole,
    /// <c>for (int j = 0; j &lt; n; j++) a[j] = e</c>, before anything else in the iteration mentions
    /// it, and that nothing outside the loop mentions, gets a row of the tape for each iteration
    /// (GMM's <c>qxcentered</c>, filled once per point and component). Each iteration computes in its
    /// own row and its reversed iteration reads the same row again, so the array is neither copied to
    /// the tape before the fill nor restored after its reverse. The rows are views of the tape's array,
    /// which a push may move, so the loop body must push no value (integers have a stack of their own).
    /// A fill that <see cref="Recomputed"/> chose is taken over and removed from <paramref name="recomputed"/>:
    /// reading the row back costs less than computing it again (GMM's <c>xcentered</c>).
    /// </summary>
    private List<Variable> RowedArrays(For loop, List<Stmt> recomputed)
    {
        var rowed = new List<Variable>();
        if (!_optimize || System.Math.Abs(loop.Step) != 1) return rowed;
        var fills = new HashSet<Stmt>(ReferenceComparer<Stmt>.Instance);
        foreach (Variable a in _function.Variables)
        {
            if (a.Kind != VariableKind.LocalArray || a.Type != ScalarType.Double || a.Shape == ArrayShape.Array
                || MentionedOutside(_function.Body, loop, a.Id))
                continue;
            Stmt? first = loop.Body.FirstOrDefault(s => Walk.Mentions(s, a.Id));
            if (first is For fill && Fill(fill) is { } assign && Walk.Written(assign) == a.Id && SaveAnalysis.CoversAll(fill, a.Id, _function)
                && _saves.MustSave(assign) && (!_unsaved.Contains(assign) || recomputed.Any(r => ReferenceEquals(r, fill))))
            {
                rowed.Add(a);
                fills.Add(assign);
            }
        }
        if (rowed.Count == 0 || PushesValues(loop.Body, fills)) return new List<Variable>();
        _unsaved.UnionWith(fills);
        recomputed.RemoveAll(s => s is For fill && Fill(fill) is { } assign && fills.Contains(assign));
        return rowed;
    }

    /// <summary>
    /// The code for the rowed arrays of a loop: before it, its rows reserved on the tape; first in each
    /// iteration and each reversed iteration, the array made a view of the iteration's row; first in the
    /// reversed loop, the rows given back (everything pushed after them is popped by then).
    /// </summary>
    private (List<Code> Reserve, List<Code> Release) Rows(List<Variable> rowed, For loop, List<Code> bodyForward, List<Code> bodyReverse)
    {
        var reserve = new List<Code>();
        var release = new List<Code>();
        if (rowed.Count == 0) return (reserve, release);
        _usesTape = true;
        (string count, string index) = Trips(loop);
        foreach (Variable a in rowed)
        {
            string length = a.Name + ".Length"; // every row has the array's length, whatever its size's variables do later
            string rows = Hoist("int", "_" + Bare(a.Name) + "_rows");
            reserve.Add(new Line($"{rows} = {_tape}.ReserveRows({count} * {length}); // a row of {a.Name} per iteration"));
            release.Insert(0, new Line($"{rows} = {_tape}.ReleaseRows({count} * {length});"));
            string view = $"{a.Name} = {_tape}.Row({rows} + {index} * {length}, {length});";
            bodyForward.Insert(0, new Line(view + " // this iteration's own row, read again by its reverse"));
            bodyReverse.Insert(0, new Line(view + " // the row this iteration filled"));
        }
        return (reserve, release);
    }

    /// <summary>A unit-step loop's trip count (never negative) and the iteration number at the counter, as code.</summary>
    private (string Count, string Index) Trips(For loop)
    {
        string i = Var(loop.Counter).Name;
        string start = Parenthesize(_printer.Print(loop.Start)), end = Parenthesize(_printer.Print(loop.End));
        static string Minus(string a, string b) => b == "0" ? a : $"{a} - {b}";
        string span = (loop.Step > 0 ? Minus(end, start) : Minus(start, end)) + (loop.Inclusive ? " + 1" : "");
        string index = loop.Step > 0 ? (start == "0" ? i : $"({i} - {start})") : $"({start} - {i})";
        string count = loop.Start is Literal { Value: var first } && loop.End is Literal { Value: var bound }
            ? System.Math.Max(0, (int)(loop.Step > 0 ? bound - first : first - bound) + (loop.Inclusive ? 1 : 0)).ToString(System.Globalization.CultureInfo.InvariantCulture)
            : $"({span} > 0 ? {span} : 0)";
        return (count, index);
    }

    /// <summary>Whether a statement outside the loop, other than the array's allocation, reads or writes it.</summary>
    private static bool MentionedOutside(IEnumerable<Stmt> block, For loop, int array) =>
        block.Any(s => !ReferenceEquals(s, loop) && (
            s is not AllocateArray { Array: var allocated } || allocated != array) && (
            Walk.MentionsOwn(s, array) || Walk.Blocks(s).Any(inner => MentionedOutside(inner, loop, array))));

    /// <summary>Whether the block's forward code pushes a real value on the tape: a saved real assignment (other than the exempt ones) or array clear.</summary>
    private bool PushesValues(IEnumerable<Stmt> block, ISet<Stmt> exempt) =>
        Walk.Statements(block).Any(s => s switch
        {
            Assign a => PushesValue(a) && !exempt.Contains(a),
            ClearArray c => Var(c.Array).IsReal && _saves.MustSave(c),
            _ => false,
        });

    /// <summary>Whether the assignment saves a real value on the tape (in a loop) before it overwrites it.</summary>
    private bool PushesValue(Assign a) => a.Target.Type.IsReal() && _saves.MustSave(a) && !_saves.IsUndone(a) && !_unsaved.Contains(a);
}
