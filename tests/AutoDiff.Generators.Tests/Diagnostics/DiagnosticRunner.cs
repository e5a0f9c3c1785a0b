using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generators.Tests.Diagnostics;

/// <summary>
/// A private, minimal generator runner for the diagnostic tests: compiles one source string (with
/// <c>[|...|]</c> span markers stripped) against the .NET 10 reference assemblies and the AutoDiff
/// runtime, runs <see cref="DifferentiableGenerator"/> and returns everything the tests assert on.
/// </summary>
internal static class DiagnosticRunner
{
    public const string FilePath = "Input.cs";

    // Diagnose mode: the generated XML documentation is checked too (CS1570, CS1572, CS1573, CS1574...).
    private static readonly CSharpParseOptions s_parseOptions = new(LanguageVersion.Latest, DocumentationMode.Diagnose);

    private static readonly CSharpCompilationOptions s_compilationOptions =
        new(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);

    private static readonly ImmutableArray<MetadataReference> s_references =
        Basic.Reference.Assemblies.Net100.References.All.Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(AutoDiff.Ad).Assembly.Location))
            .ToImmutableArray();

    public static GeneratorRun Run(string markedSource)
    {
        (string source, ImmutableArray<TextSpan> spans) = StripMarkers(markedSource);
        SyntaxTree tree = CSharpSyntaxTree.ParseText(SourceText.From(source, Encoding.UTF8), s_parseOptions, FilePath);
        CSharpCompilation input = CSharpCompilation.Create("DiagnosticTest", new[] { tree }, s_references, s_compilationOptions);

        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new DifferentiableGenerator().AsSourceGenerator() }, parseOptions: s_parseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(input, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        GeneratorDriverRunResult result = driver.GetRunResult();
        GeneratorRunResult generator = result.Results.Single();

        return new GeneratorRun(
            source,
            spans,
            driverDiagnostics.AddRange(result.Diagnostics).Distinct().ToImmutableArray(),
            generator.Exception,
            generator.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray(),
            WithoutMissingDocs(input.GetDiagnostics()),
            WithoutMissingDocs(output.GetDiagnostics()));
    }

    /// <summary>The test sources have no XML docs: drop CS1591 for them (the generated code must document itself).</summary>
    private static ImmutableArray<Diagnostic> WithoutMissingDocs(ImmutableArray<Diagnostic> diagnostics) =>
        diagnostics.Where(d => !(d.Id == "CS1591" && d.Location.SourceTree?.FilePath == FilePath)).ToImmutableArray();

    /// <summary>Removes every <c>[|</c> and <c>|]</c>; returns the spans they enclosed, in order of their start.</summary>
    public static (string Source, ImmutableArray<TextSpan> Spans) StripMarkers(string marked)
    {
        var text = new StringBuilder(marked.Length);
        var open = new Stack<int>();
        var spans = new List<TextSpan>();
        for (int i = 0; i < marked.Length; i++)
        {
            if (i + 1 < marked.Length && marked[i] == '[' && marked[i + 1] == '|')
            {
                open.Push(text.Length);
                i++;
            }
            else if (i + 1 < marked.Length && marked[i] == '|' && marked[i + 1] == ']')
            {
                if (open.Count == 0) throw new ArgumentException("Unbalanced '|]' in test source.");
                int start = open.Pop();
                spans.Add(TextSpan.FromBounds(start, text.Length));
                i++;
            }
            else text.Append(marked[i]);
        }
        if (open.Count != 0) throw new ArgumentException("Unbalanced '[|' in test source.");
        return (text.ToString(), spans.OrderBy(s => s.Start).ToImmutableArray());
    }
}

/// <summary>The outcome of one generator run.</summary>
internal sealed record GeneratorRun(
    string Source,
    ImmutableArray<TextSpan> Spans,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    Exception? Exception,
    ImmutableArray<(string HintName, string Text)> GeneratedSources,
    ImmutableArray<Diagnostic> InputDiagnostics,
    ImmutableArray<Diagnostic> OutputDiagnostics)
{
    public IEnumerable<Diagnostic> AdiffDiagnostics => GeneratorDiagnostics.Where(d => d.Id.StartsWith("ADIFF", StringComparison.Ordinal));

    public IEnumerable<Diagnostic> AdiffErrors => AdiffDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> OutputErrors => OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

    public IEnumerable<Diagnostic> OutputWarnings => OutputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning);

    /// <summary>Crash signals: an exception out of the generator, CS8784/CS8785 (generator failed) or AD0001 (analyzer crashed).</summary>
    public IEnumerable<Diagnostic> CrashDiagnostics =>
        GeneratorDiagnostics.Concat(OutputDiagnostics).Where(d => d.Id is "CS8784" or "CS8785" or "AD0001");

    /// <summary>The source text a diagnostic's location covers (the generator reports file locations, not tree locations).</summary>
    public string TextAt(Diagnostic diagnostic) =>
        diagnostic.Location == Location.None ? "<no location>" : Source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length);

    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine("Generator exception: " + (Exception?.ToString() ?? "none"));
        foreach (Diagnostic d in GeneratorDiagnostics)
            text.AppendLine($"generator: {d.Id} {d.Severity} at '{TextAt(d)}' {d.Location.GetLineSpan().Path}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}");
        foreach (Diagnostic d in OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning))
            text.AppendLine("output: " + d.ToString());
        foreach ((string hint, string source) in GeneratedSources)
            text.AppendLine("generated " + hint + ":\n" + source);
        return text.ToString();
    }
}
