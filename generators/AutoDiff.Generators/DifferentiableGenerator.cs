using System;
using System.Linq;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Extraction;
using AutoDiff.Generators.Model;
using AutoDiff.Generators.Reverse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace AutoDiff.Generators;

/// <summary>
/// Emits FGradient and FPullback for every [Differentiable] method:
/// Extract (symbols -> IR model) -> Differentiate (IR -> adjoint code) -> Emit (text), with the
/// diagnostics of each stage reported on their own output. Every step is named for caching tests.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    private const string DifferentiableAttribute = "AutoDiff.DifferentiableAttribute";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<MethodModel> methods = context.SyntaxProvider
            .ForAttributeWithMetadataName(DifferentiableAttribute,
                static (node, _) => node is MethodDeclarationSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax,
                static (context, cancellation) => MethodExtractor.Extract(context, cancellation))
            .WithTrackingName(TrackingNames.Extract);

        IncrementalValueProvider<GeneratorOptions> options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => new GeneratorOptions(Optimize: !IsTrue(provider.GlobalOptions, "build_property.AutoDiff_DisableOptimizations")))
            .WithTrackingName(TrackingNames.Options);

        IncrementalValuesProvider<GeneratedUnit> units = methods
            .Where(static m => !m.HasErrors)
            .Combine(options)
            .Select(static (pair, _) => Differentiator.Differentiate(pair.Left, pair.Right))
            .WithTrackingName(TrackingNames.Differentiate);

        // Diagnostics of both stages, reported with real source locations (hence the compilation).
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = methods
            .Select(static (m, _) => m.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.Diagnostics);
        ReportDiagnostics(context, diagnostics);
        ReportDiagnostics(context, units.Select(static (u, _) => u.Diagnostics).Where(static d => d.Count > 0));

        IncrementalValuesProvider<(string HintName, string Text)> files = units
            .Where(static unit => unit.Diagnostics.Count == 0)
            .Select(static (unit, _) => (unit.HintName, SourceEmitter.Emit(unit)))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(files, static (output, file) =>
            output.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8)));

        RuleValidation.Register(context);
    }

    /// <summary>
    /// Reports the diagnostics, except where the compiler reports an error inside the same span: code that does
    /// not compile (<c>x.Slice(...)</c> on a <c>double[]</c>) is not "unsupported", and the compiler's message
    /// says what is wrong. Nothing is generated for the method either way.
    /// </summary>
    internal static void ReportDiagnostics(IncrementalGeneratorInitializationContext context, IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics) =>
        context.RegisterSourceOutput(diagnostics.Combine(context.CompilationProvider), static (output, pair) =>
        {
            foreach (DiagnosticInfo diagnostic in pair.Left)
            {
                Diagnostic reported = diagnostic.ToDiagnostic(pair.Right);
                if (!CompilerErrorWithin(pair.Right, reported.Location)) output.ReportDiagnostic(reported);
            }
        });

    private static bool CompilerErrorWithin(Compilation compilation, Location location) =>
        location.SourceTree is { } tree && compilation.ContainsSyntaxTree(tree)
        && compilation.GetSemanticModel(tree).GetDiagnostics(location.SourceSpan).Any(d => d.Severity == DiagnosticSeverity.Error);

    private static bool IsTrue(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
