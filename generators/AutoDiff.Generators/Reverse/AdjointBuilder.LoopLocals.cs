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
    /// Loop-local copies: a scalar of the method (a variable or a scalar adjoint) that a counted loop's
    /// body assigns is copied into a local before the loop, the body uses the copy, and the copy is
    /// written back after it. The generated method declares every variable at its top and keeps many
    /// of them live, so the JIT leaves such a scalar on the stack; in a loop that updates it (GMM's
    /// <c>idx</c> stepped in the triangle's reverse, LSTM's gates) every iteration then stores and
    /// reloads it, and the store-to-load latency bounds the loop. A short-lived copy gets a register.
    /// Every mention in the loop, header included, uses the copy (a <c>ref</c> to it is as good as one
    /// to the original, for the loop's duration); comments are left as they are.
    /// </summary>
    private (List<Code> Before, List<Code> After) LoopLocals(List<Code> body, ref string header)
    {
        var before = new List<Code>();
        var after = new List<Code>();
        if (!_optimize) return (before, after);
        var renames = new Dictionary<string, string>();
        foreach ((string name, string type) in Scalars())
        {
            if (!AssignsWhole(body, name)) continue;
            string copy = Fresh("_" + Bare(name).TrimStart('_') + "_");
            renames[name] = copy;
            before.Add(new Line($"{type} {copy} = {name}; // {name} in a register during the loop"));
            after.Add(new Line($"{name} = {copy};"));
        }
        if (renames.Count == 0) return (before, after);
        var pattern = new Regex(@"(?<![A-Za-z0-9_.@])(" + string.Join("|", renames.Keys.Select(Regex.Escape)) + @")(?![A-Za-z0-9_])");
        List<Code> renamed = body.Select(code => Rename(code, pattern, renames)).ToList();
        body.Clear();
        body.AddRange(renamed);
        header = ((Line)Rename(new Line(header), pattern, renames)).Text;
        return (before, after);
    }

    /// <summary>The method's scalar locals: variables (not counters) and scalar adjoints, with their types.</summary>
    private IEnumerable<(string Name, string Type)> Scalars()
    {
        foreach (Variable v in _function.Variables)
        {
            if (v.IsArray || v.Kind == VariableKind.LoopCounter) continue;
            if (v.Kind != VariableKind.Parameter) yield return (v.Name, v.Type.Keyword());
            if (_adjoints.TryGetValue(v.Id, out string? adjoint)) yield return (adjoint, v.Type.Keyword());
        }
    }

    /// <summary>The code with the names replaced outside comments.</summary>
    private static Code Rename(Code code, Regex pattern, Dictionary<string, string> renames)
    {
        string Apply(string text)
        {
            int comment = text.IndexOf("//", System.StringComparison.Ordinal);
            string body = comment < 0 ? text : text.Substring(0, comment);
            string rest = comment < 0 ? "" : text.Substring(comment);
            return pattern.Replace(body, m => renames[m.Value]) + rest;
        }
        return code switch
        {
            Line line => new Line(Apply(line.Text)),
            Block block => block with { Header = Apply(block.Header), Body = block.Body.Select(c => Rename(c, pattern, renames)).ToEquatableArray() },
            _ => code,
        };
    }
}
