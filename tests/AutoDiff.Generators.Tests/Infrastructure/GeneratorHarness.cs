using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AutoDiff.Generators.Tests.Infrastructure;

/// <summary>
/// Runs <see cref="DifferentiableGenerator"/> in memory, the way the compiler runs it in a build:
/// a <see cref="CSharpCompilation"/> of the test sources against the .NET 10 reference assemblies and
/// AutoDiff.dll, a <see cref="CSharpGeneratorDriver"/> with step tracking on, and the MSBuild
/// properties the generator reads.
/// </summary>
/// <example>
/// <code>
/// GeneratorRun run = GeneratorHarness.Run(source);
/// run.AssertSuccess();                       // no exception, no diagnostics, output compiles without warnings
/// using LoadedAssembly asm = run.Emit();
/// double value = (double)asm.Invoke("M", "Grad", x, dx)!;
/// </code>
/// </example>
public static class GeneratorHarness
{
    /// <summary>The path each test source gets: <c>Source0.cs</c>, <c>Source1.cs</c>, ...</summary>
    public static string SourcePath(int index) => $"Source{index}.cs";

    /// <summary>C# latest, the language the generator's users compile with.</summary>
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> s_references =
        Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(AutoDiff.Ad).Assembly.Location))
            .ToImmutableArray();

    /// <summary>
    /// A library compilation of <paramref name="sources"/> (file paths from <see cref="SourcePath"/>),
    /// nullable enabled, unsafe allowed, every warning level on, as a .NET 10 SDK project would build it.
    /// </summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            assemblyName: "AutoDiff.GeneratorTests.Input",
            syntaxTrees: sources.Select((text, i) => Parse(text, SourcePath(i))),
            references: s_references,
            options: new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true,
                warningLevel: 9999,
                deterministic: true));

    /// <summary>Parses one more file with the harness's parse options (for incremental edits).</summary>
    public static SyntaxTree Parse(string text, string path) =>
        CSharpSyntaxTree.ParseText(text, ParseOptions, path);

    /// <summary>Builds a compilation of <paramref name="sources"/> and runs the generator once.</summary>
    public static GeneratorRun Run(params string[] sources) => Run(CreateCompilation(sources));

    /// <summary>Runs the generator once on <paramref name="compilation"/> with a new driver.</summary>
    /// <param name="disableOptimizations">Sets <c>build_property.AutoDiff_DisableOptimizations = true</c>.</param>
    /// <param name="parseOptions">The generated files' language, C# latest unless given (match the compilation's).</param>
    public static GeneratorRun Run(CSharpCompilation compilation, bool disableOptimizations = false, CSharpParseOptions? parseOptions = null)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            generators: new[] { new DifferentiableGenerator().AsSourceGenerator() },
            additionalTexts: null,
            parseOptions: parseOptions ?? ParseOptions,
            optionsProvider: OptionsProvider(disableOptimizations),
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
        return RunDriver(driver, compilation);
    }

    /// <summary>
    /// Runs the driver of <paramref name="previous"/> again on <paramref name="compilation"/>, as an
    /// IDE does after an edit; the steps of the new run say what was cached.
    /// </summary>
    /// <param name="disableOptimizations">If not null, the MSBuild property changes to this value first.</param>
    public static GeneratorRun Rerun(GeneratorRun previous, CSharpCompilation compilation, bool? disableOptimizations = null)
    {
        GeneratorDriver driver = previous.Driver;
        if (disableOptimizations is bool disable)
            driver = driver.WithUpdatedAnalyzerConfigOptions(OptionsProvider(disable));
        return RunDriver(driver, compilation);
    }

    /// <summary>The global analyzer config options the build passes (only the property the generator reads).</summary>
    public static AnalyzerConfigOptionsProvider OptionsProvider(bool disableOptimizations) =>
        new TestOptionsProvider(disableOptimizations
            ? new Dictionary<string, string> { ["build_property.AutoDiff_DisableOptimizations"] = "true" }
            : new Dictionary<string, string>());

    private static GeneratorRun RunDriver(GeneratorDriver driver, CSharpCompilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> driverDiagnostics);
        return new GeneratorRun(compilation, output, driver, driverDiagnostics);
    }

    private sealed class TestOptionsProvider(Dictionary<string, string> globals) : AnalyzerConfigOptionsProvider
    {
        private static readonly TestOptions s_empty = new(new Dictionary<string, string>());

        public override AnalyzerConfigOptions GlobalOptions { get; } = new TestOptions(globals);
        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => s_empty;
        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => s_empty;
    }

    private sealed class TestOptions(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value) =>
            values.TryGetValue(key, out value!);
    }
}
