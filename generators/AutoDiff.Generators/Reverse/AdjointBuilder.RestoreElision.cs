using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

internal sealed partial class AdjointBuilder
{
    /// <summary>An element restore at the start of a reversed in-place loop: "a[i] = _saved_a[i];".</summary>
    private sealed record ElementRestore(string Array, string Counter, string Saved, string Cast)
    {
        public string Line => $"{Array}[{Counter}] = {Cast}{Saved}[{Counter}]; // as it was before the loop";

        /// <summary>Matches a read of a[i] (not _d_a[i], not b.a[i]).</summary>
        public Regex OwnElement { get; } = new($@"(?<![A-Za-z0-9_.@]){Regex.Escape(Array)}\[{Regex.Escape(Counter)}\]");
    }

    private readonly List<ElementRestore> _elementRestores = new();

    /// <summary>
    /// Restores without the store: when the only reverse code that reads an array is the reversed
    /// in-place loops that restore it element by element, each of those loops reads its own saved copy
    /// ("_saved_a[i]") instead of writing it back into the array and reading it from there. Every other
    /// loop restores the elements it reads itself, so the stores are dead; removing one of the three
    /// stores per element is what bounds such loops (the in-place recurrence).
    /// </summary>
    private List<Code> ElideRestoreStores(List<Code> reverse)
    {
        if (!_optimize) return reverse;
        foreach (IGrouping<string, ElementRestore> array in _elementRestores.GroupBy(r => r.Array))
        {
            var restores = array.ToDictionary(r => r.Line);
            if (reverse.All(code => ReadsOnlyThroughRestores(code, array.Key, restores)))
                reverse = reverse.Select(code => ReadSavedCopies(code, restores)).ToList();
        }
        return reverse;
    }

    /// <summary>Whether the code reads the array's elements only inside loops that restore them first, at their own counter.</summary>
    private static bool ReadsOnlyThroughRestores(Code code, string array, Dictionary<string, ElementRestore> restores)
    {
        if (code is Line line)
            return line.Text.StartsWith("//", System.StringComparison.Ordinal) || !Mentions(WithoutLength(line.Text, array), array);
        var block = (Block)code;
        if (Mentions(WithoutLength(block.Header, array), array)) return false;
        if (block.Body.FirstOrDefault() is not Line first || !restores.TryGetValue(first.Text, out ElementRestore? restore))
            return block.Body.All(c => ReadsOnlyThroughRestores(c, array, restores));
        return block.Body.Skip(1).All(c => c is Line l
            && (l.Text.StartsWith("//", System.StringComparison.Ordinal)
                || !MayAssign(l.Text, array) && !Mentions(WithoutLength(restore.OwnElement.Replace(l.Text, ""), array), array)));
    }

    /// <summary>The code with each restoring loop's reads of a[i] turned into reads of its saved copy, and its restore line dropped.</summary>
    private static Code ReadSavedCopies(Code code, Dictionary<string, ElementRestore> restores)
    {
        if (code is not Block block) return code;
        if (block.Body.FirstOrDefault() is not Line first || !restores.TryGetValue(first.Text, out ElementRestore? restore))
            return block with { Body = block.Body.Select(c => ReadSavedCopies(c, restores)).ToEquatableArray() };

        string copy = restore.Cast.Length == 0 ? $"{restore.Saved}[{restore.Counter}]" : $"({restore.Cast}{restore.Saved}[{restore.Counter}])";
        var body = new List<Code> { new Line($"// {restore.Array}[{restore.Counter}] as it was before the loop is read from {restore.Saved}[{restore.Counter}]") };
        body.AddRange(block.Body.Skip(1).Select(c => c is Line l && !l.Text.StartsWith("//", System.StringComparison.Ordinal)
            ? new Line(restore.OwnElement.Replace(l.Text, copy.Replace("$", "$$")))
            : c));
        return block with { Body = body.ToEquatableArray() };
    }

    /// <summary>The text without "a.Length": the length of an array does not depend on its elements.</summary>
    private static string WithoutLength(string text, string array) =>
        Regex.Replace(text, $@"(?<![A-Za-z0-9_.@]){Regex.Escape(array)}\.Length(?![A-Za-z0-9_])", "");
}
