using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generators.Model;

/// <summary>A source location without the syntax tree, so it can live in a cached model.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    /// <summary>
    /// A real source location in the compilation's tree of that path (so #pragma and .editorconfig
    /// apply), or an external one when the tree is not found.
    /// </summary>
    public Location ToLocation(Compilation? compilation)
    {
        if (compilation is not null)
            foreach (SyntaxTree tree in compilation.SyntaxTrees)
                if (tree.FilePath == FilePath && Span.End <= tree.Length)
                    return Location.Create(tree, Span);
        return Location.Create(FilePath, Span, LineSpan);
    }

    public static LocationInfo? From(Location? location) =>
        location is null || location.SourceTree is null
            ? null
            : new LocationInfo(location.SourceTree.FilePath, location.SourceSpan, location.GetLineSpan().Span);
}

/// <summary>A diagnostic to report, as plain data (descriptor id and message arguments).</summary>
internal sealed record DiagnosticInfo(string Id, LocationInfo? Location, EquatableArray<string> Arguments)
{
    public Diagnostic ToDiagnostic(Compilation? compilation = null) =>
        Diagnostic.Create(
            Diagnostics.DiagnosticDescriptors.ById(Id),
            Location?.ToLocation(compilation) ?? Microsoft.CodeAnalysis.Location.None,
            System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(Arguments.Items, a => (object)a)));
}
