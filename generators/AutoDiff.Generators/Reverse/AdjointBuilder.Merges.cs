using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Generators.Emit;

namespace AutoDiff.Generators.Reverse;

// Line-level merges of adjoint updates within a reverse block: first updates, folded resets, merged sums.
internal sealed partial class AdjointBuilder
{
    /// <summary>
    /// Adjoints known to be zero where the code starts: the first update of each, when it is a
    /// top-level "_d_t += e;", becomes "_d_t = e;" (no load, and no add of zero on the critical path).
    /// </summary>
    private static void AssignFirstUpdates(List<Code> lines, IEnumerable<string> zeroAdjoints)
    {
        var pending = new HashSet<string>(zeroAdjoints);
        for (int k = 0; k < lines.Count && pending.Count > 0; k++)
        {
            if (lines[k] is Block block)
            {
                pending.RemoveWhere(name => MentionsAnywhere(block, name));
                continue;
            }
            string text = ((Line)lines[k]).Text;
            if (text.StartsWith("//", System.StringComparison.Ordinal)) continue;
            if (Accumulation(text) is { } update && pending.Contains(update.Target) && !Mentions(update.Value, update.Target))
                lines[k] = new Line($"{update.Target} = {(update.Op == '-' ? Negate(update.Value) : update.Value)};");
            pending.RemoveWhere(name => Mentions(text, name));
        }
    }

    /// <summary>
    /// "_d_x = 0; ... _d_x += e;" becomes "... _d_x = e;" when nothing in between mentions _d_x:
    /// one store instead of a store, a load and a store.
    /// </summary>
    private static void FoldReset(List<Code> lines, int reset, string adjoint)
    {
        // An element's adjoint may alias another index of the same array: watch the whole array.
        string root = Root(adjoint);
        for (int k = reset + 1; k < lines.Count; k++)
        {
            if (lines[k] is not Line line) return;
            if (line.Text.StartsWith(adjoint + " += ", System.StringComparison.Ordinal) || line.Text.StartsWith(adjoint + " -= ", System.StringComparison.Ordinal))
            {
                string rest = line.Text.Substring(adjoint.Length + 4);
                if (Mentions(rest, root)) return;
                lines[k] = new Line(adjoint + " = " + (line.Text[adjoint.Length + 1] == '-' ? Negate(rest.TrimEnd(';')) + ";" : rest));
                lines.RemoveAt(reset);
                return;
            }
            if (Mentions(line.Text, root)) return;
        }
    }

    /// <summary>
    /// "t += a; ... t += b;" becomes "... t += a + b;": one read-modify-write of an adjoint element
    /// instead of two. The first update moves down past lines that neither read t's array (adding
    /// into it is fine: sums commute, even at aliasing indices) nor assign anything a or t's index reads.
    /// </summary>
    private static void MergeAccumulations(List<Code> lines)
    {
        for (int k = lines.Count - 1; k > 0; k--)
        {
            if (lines[k] is not Line second || Accumulation(second.Text) is not { } b) continue;
            string root = Root(b.Target);
            if (Mentions(b.Value, root)) continue;
            // A scalar adjoint lives in a register: merge only neighbours, so that reverse blocks
            // stay under the comment of the statement they come from.
            bool adjacentOnly = root == b.Target;
            bool passedRoot = false; // an assignment cannot move past an update that may alias it
            for (int j = k - 1; j >= 0 && !(adjacentOnly && j < k - 1); j--)
            {
                if (lines[j] is not Line line) break;
                if (line.Text.StartsWith("//", System.StringComparison.Ordinal)) continue;
                (string Target, char Op, string Value)? a = Accumulation(line.Text) ?? Assignment(line.Text, b.Target);
                if (a is { } first && first.Target == b.Target)
                {
                    if (Mentions(first.Value, root) || (first.Op == '=' && passedRoot)) break;
                    var reads = s_identifier.Matches(first.Value + " " + first.Target).Cast<Match>().Select(m => m.Value).Where(name => name != root).Distinct().ToList();
                    List<Code> between = lines.GetRange(j + 1, k - j - 1);
                    if (reads.Any(name => Assigns(between, name))) break;
                    string sum = (first.Op == '-' ? Negate(first.Value) : first.Value) + (b.Op == '-' ? " - " : " + ") + Parenthesize(b.Value);
                    // "t = a; ... t += b;" becomes "... t = a + b;": one store instead of a store, a load and a store.
                    lines[k] = new Line($"{b.Target} {(first.Op == '=' ? "=" : "+=")} {sum};");
                    lines.RemoveAt(j);
                    break;
                }
                bool addsIntoRoot = a is { } other && Root(other.Target) == root && !Mentions(other.Value, root)
                    && !Mentions(other.Target.Substring(root.Length), root);
                if (Mentions(line.Text, root) && !addsIntoRoot) break;
                passedRoot |= addsIntoRoot;
            }
        }
    }

    /// <summary>"target = value;" for the given target, as an update with operator '='.</summary>
    private static (string Target, char Op, string Value)? Assignment(string text, string target) =>
        text.StartsWith(target + " = ", System.StringComparison.Ordinal) && text.EndsWith(";", System.StringComparison.Ordinal)
            ? (target, '=', text.Substring(target.Length + 3, text.Length - target.Length - 4))
            : null;

    private static (string Target, char Op, string Value)? Accumulation(string text)
    {
        int at = text.IndexOf(" += ", System.StringComparison.Ordinal);
        if (at < 0) at = text.IndexOf(" -= ", System.StringComparison.Ordinal);
        if (at <= 0 || !text.EndsWith(";", System.StringComparison.Ordinal) || text.StartsWith("//", System.StringComparison.Ordinal)) return null;
        return (text.Substring(0, at), text[at + 1], text.Substring(at + 4, text.Length - at - 5));
    }

    private static string Root(string adjoint) => adjoint.IndexOf('[') is var bracket and > 0 ? adjoint.Substring(0, bracket) : adjoint;

    private static bool Mentions(string text, string name)
    {
        for (int at = text.IndexOf(name, System.StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + 1, System.StringComparison.Ordinal))
        {
            int end = at + name.Length;
            bool before = at == 0 || !(char.IsLetterOrDigit(text[at - 1]) || text[at - 1] == '_');
            bool after = end >= text.Length || !(char.IsLetterOrDigit(text[end]) || text[end] == '_');
            if (before && after) return true;
        }
        return false;
    }
}
