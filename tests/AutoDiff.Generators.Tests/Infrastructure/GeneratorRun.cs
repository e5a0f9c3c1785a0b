using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generators.Tests.Infrastructure;

/// <summary>What one run of the generator produced; see <see cref="GeneratorHarness"/>.</summary>
public sealed class GeneratorRun
{
    internal GeneratorRun(Compilation input, Compilation output, GeneratorDriver driver, ImmutableArray<Diagnostic> driverDiagnostics)
    {
        InputCompilation = input;
        OutputCompilation = output;
        Driver = driver;
        DriverDiagnostics = driverDiagnostics;
        Result = driver.GetRunResult().Results.Single();
        GeneratedSources = Result.GeneratedSources
            .OrderBy(s => s.HintName, StringComparer.Ordinal)
            .ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);
        _compileDiagnostics = new Lazy<ImmutableArray<Diagnostic>>(() => output.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning)
            .ToImmutableArray());
    }

    /// <summary>The compilation the generator saw.</summary>
    public Compilation InputCompilation { get; }

    /// <summary>The input plus the generated files.</summary>
    public Compilation OutputCompilation { get; }

    /// <summary>The driver after this run; pass this run to <see cref="GeneratorHarness.Rerun"/> for incremental runs.</summary>
    public GeneratorDriver Driver { get; }

    /// <summary>The generator's own result, with the tracked steps of this run.</summary>
    public GeneratorRunResult Result { get; }

    /// <summary>The exception the generator threw, if it did (the build shows it as CS8785).</summary>
    public Exception? Exception => Result.Exception;

    /// <summary>The diagnostics the generator reported (ADIFF...).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Everything the driver reported: the generator's diagnostics plus CS8785 if it threw.</summary>
    public ImmutableArray<Diagnostic> DriverDiagnostics { get; }

    /// <summary>Generated files, hint name to text, in ordinal order of hint names.</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources { get; }

    /// <summary>Errors and warnings of <see cref="OutputCompilation"/>, in user and generated files alike (computed on first use).</summary>
    public ImmutableArray<Diagnostic> CompileDiagnostics => _compileDiagnostics.Value;

    private readonly Lazy<ImmutableArray<Diagnostic>> _compileDiagnostics;

    /// <summary>Errors and warnings located in generated files.</summary>
    public ImmutableArray<Diagnostic> GeneratedCodeDiagnostics =>
        CompileDiagnostics.Where(d => d.Location.SourceTree is { } tree && IsGenerated(tree)).ToImmutableArray();

    /// <summary>All generated files in one text, each after a <c>// ---- hint name ----</c> line (for snapshots).</summary>
    public string AllGeneratedText =>
        string.Concat(GeneratedSources.Select(s => $"// ---- {s.Key} ----\n{s.Value.TrimEnd()}\n"));

    /// <summary>The one generated file whose hint name starts with <paramref name="prefix"/> (e.g. <c>"M.F."</c>).</summary>
    public string GeneratedSource(string prefix)
    {
        var matches = GeneratedSources.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        Assert.True(matches.Count == 1,
            $"Expected one generated file named '{prefix}*', found [{string.Join(", ", GeneratedSources.Keys)}].\n{Describe()}");
        return matches[0].Value;
    }

    /// <summary>The generator did not throw and reported neither CS8785 nor AD0001.</summary>
    public void AssertNoGeneratorException()
    {
        Assert.True(Exception is null, $"The generator threw:\n{Exception}");
        var crashes = DriverDiagnostics.Concat(CompileDiagnostics).Where(d => d.Id is "CS8785" or "AD0001").ToList();
        Assert.True(crashes.Count == 0, "The generator crashed:\n" + Format(crashes));
    }

    /// <summary>
    /// The generator did not throw, reported no diagnostic, produced at least one file, and the output
    /// compiles with no error and no warning.
    /// </summary>
    public void AssertSuccess()
    {
        AssertNoGeneratorException();
        Assert.True(GeneratorDiagnostics.IsEmpty, "The generator reported diagnostics:\n" + Describe());
        Assert.True(GeneratedSources.Count > 0, "The generator produced no file.");
        Assert.True(CompileDiagnostics.IsEmpty, "The output does not compile cleanly:\n" + Describe());
    }

    /// <summary>
    /// Emits the output compilation and loads it into a collectible load context (dispose it to unload).
    /// Fails with the compile errors if emitting fails.
    /// </summary>
    public LoadedAssembly Emit()
    {
        using var image = new MemoryStream();
        var result = OutputCompilation.Emit(image);
        Assert.True(result.Success, "Emit failed:\n" + Format(result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + Describe());
        image.Position = 0;
        return new LoadedAssembly(image);
    }

    /// <summary>Diagnostics and generated files, for failure messages.</summary>
    public string Describe()
    {
        var lines = new List<string>();
        if (Exception is not null) lines.Add("Exception: " + Exception);
        lines.Add("Generator diagnostics:" + (GeneratorDiagnostics.IsEmpty ? " none" : "\n" + Format(GeneratorDiagnostics)));
        lines.Add("Compile diagnostics:" + (CompileDiagnostics.IsEmpty ? " none" : "\n" + Format(CompileDiagnostics)));
        foreach (var (hint, text) in GeneratedSources)
            lines.Add($"---- {hint} ----\n{WithLineNumbers(text)}");
        return string.Join("\n", lines);
    }

    /// <summary>One diagnostic a line: id, severity, file(line,col), message.</summary>
    public static string Format(IEnumerable<Diagnostic> diagnostics) =>
        string.Join("\n", diagnostics.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            string where = d.Location.Kind == LocationKind.None ? "(no location)" : $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1})";
            return $"  {d.Id} {d.Severity} {where}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
        }));

    private bool IsGenerated(SyntaxTree tree) => !InputCompilation.SyntaxTrees.Contains(tree);

    private static string WithLineNumbers(string text) =>
        string.Join("\n", text.Replace("\r\n", "\n").Split('\n').Select((line, i) => $"{i + 1,4}: {line}"));
}
