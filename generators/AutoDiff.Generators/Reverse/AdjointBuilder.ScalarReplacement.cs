using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

internal sealed partial class AdjointBuilder
{
    private static readonly Regex s_identifier = new(@"[A-Za-z_@][A-Za-z0-9_]*", RegexOptions.Compiled);

    /// <summary>
    /// Scalar replacement in a reversed loop: an adjoint element the body only adds into, at an index
    /// the body does not change (<c>_d_x[c] += e</c> in a loop over r), is summed in a local instead,
    /// and added into the element once after the loop. Each iteration then saves a load and a store
    /// that the next iteration would wait for. Valid because nothing in the body reads the adjoint
    /// array: every mention of it is such an accumulation, and sums commute even when indices alias.
    /// The update after the loop runs only if the loop did, as the original updates did.
    /// </summary>
    private (List<Code> Before, List<Code> After) ReplaceAccumulators(List<Code> body, string counter, string nonEmpty)
    {
        var before = new List<Code>();
        var after = new List<Code>();
        if (!_optimize) return (before, after);
        var rootsByName = _adjoints.ToDictionary(pair => pair.Value, pair => pair.Key);
        var replaced = new Dictionary<string, string>();
        for (int k = 0; k < body.Count; k++)
        {
            if (body[k] is not Line line || Accumulation(line.Text) is not { } update) continue;
            string target = update.Target;
            int bracket = target.IndexOf('[');
            if (bracket <= 0 || !target.EndsWith("]", System.StringComparison.Ordinal)) continue;
            string root = target.Substring(0, bracket);
            if (!rootsByName.TryGetValue(root, out int variable)) continue;
            if (!replaced.TryGetValue(target, out string? local))
            {
                string index = target.Substring(bracket + 1, target.Length - bracket - 2);
                bool fixedIndex = s_identifier.Matches(index).Cast<Match>().All(m => m.Value != counter && !Assigns(body, m.Value));
                if (!fixedIndex || !OnlyAccumulatedInto(body, root)) continue;
                local = Temporary("_sum");
                replaced[target] = local;
                before.Add(new Line($"{Var(variable).Type.Keyword()} {local} = 0; // sums {target} over the loop"));
                after.Add(new Line($"if ({nonEmpty}) {target} += {local};"));
            }
            body[k] = new Line($"{local} {update.Op}= {update.Value};");
        }
        return (before, after);
    }

    /// <summary>
    /// Invariant reads in a loop, forward or reversed: an element of a primal array that the body reads at
    /// an index it does not change, from an array it does not write (<c>xcentered[c]</c> in GMM's loops
    /// over r), is read once before the loop. The JIT cannot do it: the body's stores into other spans
    /// might, as far as it knows, alias the array. They cannot: a view of an array is lowered to the array
    /// itself, local arrays are distinct (ADIFF0104 rejects aliases), and parameter arrays are never written
    /// (ADIFF0103). The read is guarded like the loop, so an empty loop reads nothing, as before.
    /// </summary>
    private List<Code> HoistInvariantReads(List<Code> body, string counter, string nonEmpty)
    {
        var before = new List<Code>();
        if (!_optimize) return before;
        var arrays = _function.Variables.Where(v => v.IsArray && v.IsReal).ToDictionary(v => v.Name);
        var hoisted = new Dictionary<string, string>();
        RewriteUnconditionalLines(body, s_elementRead, match =>
        {
            string element = match.Value, name = match.Groups[1].Value, index = match.Groups[2].Value;
            if (hoisted.TryGetValue(element, out string? known)) return known;
            if (!arrays.TryGetValue(name, out Variable? array) || Assigns(body, name)) return element;
            if (s_identifier.Matches(index).Cast<Match>().Any(m => m.Value == counter || Assigns(body, m.Value))) return element;
            string local = Temporary("_r");
            hoisted[element] = local;
            before.Add(new Line($"{array.Type.Keyword()} {local} = {nonEmpty} ? {element} : 0; // {element} does not change in the loop"));
            return local;
        });
        return before;
    }

    /// <summary>
    /// Rewrites the pattern's matches in the statements every iteration runs: top-level lines that are not
    /// comments and have no <c>?:</c> (a read there may be guarded by its condition, as the nonempty
    /// test of an inner loop guards the reads hoisted before it).
    /// </summary>
    private static void RewriteUnconditionalLines(List<Code> body, Regex pattern, MatchEvaluator rewrite)
    {
        for (int k = 0; k < body.Count; k++)
        {
            if (body[k] is not Line line || line.Text.StartsWith("//", System.StringComparison.Ordinal) || line.Text.Contains("?")) continue;
            string text = pattern.Replace(line.Text, rewrite);
            if (text != line.Text) body[k] = new Line(text);
        }
    }

    /// <summary>Whether a line of the code, at any depth, assigns the variable itself ("x = ...", "x += ...", "x -= ..."), not an element of it.</summary>
    private static bool AssignsWhole(IEnumerable<Code> code, string name) => code.Any(c => c switch
    {
        Line line => line.Text.StartsWith(name + " = ", System.StringComparison.Ordinal)
            || line.Text.StartsWith(name + " += ", System.StringComparison.Ordinal)
            || line.Text.StartsWith(name + " -= ", System.StringComparison.Ordinal),
        Block block => AssignsWhole(block.Body, name),
        _ => false,
    });

    private static readonly Regex s_elementRead = new(@"(?<![A-Za-z0-9_.])([A-Za-z_@][A-Za-z0-9_]*)\[([^\[\]]*)\]", RegexOptions.Compiled);

    /// <summary>Whether every mention of the adjoint array in the loop body is a top-level "root[...] += e" with e free of it.</summary>
    private static bool OnlyAccumulatedInto(List<Code> body, string root)
    {
        foreach (Code code in body)
        {
            if (code is Block block)
            {
                if (MentionsAnywhere(block, root)) return false;
                continue;
            }
            string text = ((Line)code).Text;
            if (text.StartsWith("//", System.StringComparison.Ordinal) || !Mentions(text, root)) continue;
            if (Accumulation(text) is not { } update || Root(update.Target) != root || Mentions(update.Value, root)
                || Mentions(update.Target.Substring(root.Length), root))
                return false;
        }
        return true;
    }

    private static bool MentionsAnywhere(Code code, string name) => code switch
    {
        Block block => Mentions(block.Header, name) || block.Body.Any(c => MentionsAnywhere(c, name)),
        Line line => !line.Text.StartsWith("//", System.StringComparison.Ordinal) && Mentions(line.Text, name),
        _ => false,
    };

    /// <summary>Whether any line or loop header of the code may change the variable or array (conservatively).</summary>
    private static bool Assigns(IEnumerable<Code> code, string name)
    {
        foreach (Code c in code)
        {
            if (c is Line line && MayAssign(line.Text, name)) return true;
            if (c is Block block && (MayAssign(block.Header, name) || Assigns(block.Body, name))) return true;
        }
        return false;
    }

    /// <summary>
    /// Whether a generated line may change the name (a variable or an array's elements): it is the
    /// variable or array left of the first assignment operator, with ++/--, after ref or out, as a whole call argument,
    /// or anywhere in a line without an assignment (a call statement such as PopAll).
    /// </summary>
    private static bool MayAssign(string text, string name)
    {
        if (text.StartsWith("//", System.StringComparison.Ordinal) || !Mentions(text, name)) return false;
        if (s_push.IsMatch(text)) return false; // a save only reads its argument
        Match op = s_assignment.Match(text);
        if (!op.Success) return true;
        string lhs = text.Substring(0, op.Index);
        if (Mentions(lhs.IndexOf('[') is var bracket and >= 0 ? lhs.Substring(0, bracket) : lhs, name)) return true; // a[i] = ... writes a, not i
        string rhs = text.Substring(op.Index), n = Regex.Escape(name);
        // The last alternative: a row view (name.Slice(...)) may be written through.
        return Regex.IsMatch(rhs, $@"(ref |out |\+\+|--)\s*{n}(?![A-Za-z0-9_])|(?<![A-Za-z0-9_]){n}\s*(\+\+|--)|[(,]\s*{n}\s*[,)]|(?<![A-Za-z0-9_.]){n}\.Slice\(");
    }

    private static readonly Regex s_push = new(@"^_tape[0-9]*\.Push(Int|All)?\(", RegexOptions.Compiled);

    private static readonly Regex s_assignment = new(@" (=|\+=|-=|\*=|/=) ", RegexOptions.Compiled);
}
