using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

internal sealed partial class AdjointBuilder
{
    /// <summary>
    /// Row views in a counted loop <c>for (int j = 0; j &lt; n; j++)</c> or <c>j &lt;= n</c>, forward or reversed:
    /// an array the body indexes as <c>a[b + j]</c>, with b unchanged by the body, is read through a view
    /// <c>a.Slice(b, n)</c> (<c>n + 1</c> elements for <c>&lt;=</c>, a row of a triangle) made before the loop, as <c>view[j]</c>. The JIT then checks the bounds of one
    /// small span per access instead of computing <c>b + j</c> and checking it against the whole array
    /// (GMM's rows of means and Q, LSTM's weight blocks). Taken only from statements every iteration
    /// runs (not under <c>?:</c> or in a nested block), so the view covers exactly the elements the loop
    /// touches when it runs, and an empty loop makes an empty view. An element of a slice, <c>p[k * b + i]</c> with
    /// p = <c>w.Slice(start, ...)</c>, is <c>w[start + k * b + i]</c> (<c>Substitution.Offset</c> keeps the counter last).
    /// </summary>
    private List<Code> RowViews(List<Code> body, For loop, string counter, string end)
    {
        var declarations = new List<Code>();
        if (!_optimize || loop.Step != 1 || loop.Start is not Literal { Value: 0 }) return declarations;
        string count = !loop.Inclusive ? end : end.All(ch => char.IsLetterOrDigit(ch) || ch is '_' or '@') ? end + " + 1" : "(" + end + ") + 1";
        var views = new Dictionary<string, string>();
        var pattern = new Regex(@"(?<![A-Za-z0-9_.])([A-Za-z_@][A-Za-z0-9_]*)\[([^\[\]]*) \+ " + Regex.Escape(counter) + @"\]");
        RewriteUnconditionalLines(body, pattern, match =>
        {
            string name = match.Groups[1].Value, offset = match.Groups[2].Value;
            string key = name + "[" + offset + "]";
            if (!views.TryGetValue(key, out string? view))
            {
                if (ViewType(name) is not { } type || Mentions(offset, counter) || AssignsWhole(body, name)
                    || s_identifier.Matches(offset).Cast<Match>().Any(m => Assigns(body, m.Value)))
                    return match.Value;
                view = Fresh("_" + Bare(name).TrimStart('_') + "_row");
                views[key] = view;
                string slice = type.Array ? $"global::System.MemoryExtensions.AsSpan({name}, {offset}, {count})" : $"{name}.Slice({offset}, {count})";
                declarations.Add(new Line($"{type.Span} {view} = {count} > 0 ? {slice} : default; // {name}[{offset} + {counter}]"));
            }
            return view + "[" + counter + "]";
        });
        return declarations;
    }

    /// <summary>The view's type for a real array or adjoint span of this method, and whether it is a T[]; null for anything else.</summary>
    private (string Span, bool Array)? ViewType(string name)
    {
        foreach (KeyValuePair<int, string> adjoint in _adjoints)
            if (adjoint.Value == name) return ($"global::System.Span<{Var(adjoint.Key).Type.Keyword()}>", false);
        Variable? v = _function.Variables.FirstOrDefault(x => x.Name == name);
        if (v is null || !v.IsArray || !v.IsReal) return null;
        string element = v.Type.Keyword();
        if (v.Shape == ArrayShape.Array) return ($"global::System.Span<{element}>", true);
        return ($"global::System.{(v.Shape == ArrayShape.ReadOnlySpan ? "ReadOnlySpan" : "Span")}<{element}>", false);
    }
}
