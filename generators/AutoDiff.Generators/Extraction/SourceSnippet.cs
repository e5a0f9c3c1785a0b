using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generators.Extraction;

/// <summary>The user's code as one short line, for the comments of the generated code and for messages.</summary>
internal static class SourceSnippet
{
    private const int MaxLength = 120;
    private static readonly Regex s_whitespace = new(@"\s+", RegexOptions.Compiled);

    public static string Of(SyntaxNode? syntax)
    {
        if (syntax is null) return "";
        string text = s_whitespace.Replace(syntax.ToString(), " ").Trim();
        return text.Length <= MaxLength ? text : text.Substring(0, MaxLength - 3) + "...";
    }

    /// <summary>A loop's header without its body: "for (int i = 0; i &lt; n; i++)".</summary>
    public static string LoopHeader(SyntaxNode syntax) => syntax switch
    {
        ForStatementSyntax f => Of(f.WithStatement(SyntaxFactoryEmpty())).TrimEnd(';', ' '),
        WhileStatementSyntax w => "while (" + Of(w.Condition) + ")",
        DoStatementSyntax d => "do ... while (" + Of(d.Condition) + ")",
        ForEachStatementSyntax e => "foreach (" + Of(e.Type) + " " + e.Identifier.ValueText + " in " + Of(e.Expression) + ")",
        _ => Of(syntax),
    };

    private static StatementSyntax SyntaxFactoryEmpty() => Microsoft.CodeAnalysis.CSharp.SyntaxFactory.EmptyStatement();
}
