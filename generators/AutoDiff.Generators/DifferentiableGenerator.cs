using System;
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
                static (node, _) => node is MethodDeclarationSyntax,
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

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = methods
            .Select(static (m, _) => m.Diagnostics)
            .Where(static d => d.Count > 0)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, list) => Report(output, list));

        IncrementalValuesProvider<(string HintName, string Text, EquatableArray<DiagnosticInfo> Diagnostics)> files = units
            .Select(static (unit, _) => (unit.HintName, unit.Diagnostics.Count == 0 ? SourceEmitter.Emit(unit) : "", unit.Diagnostics))
            .WithTrackingName(TrackingNames.Emit);
        context.RegisterSourceOutput(files, static (output, file) =>
        {
            Report(output, file.Diagnostics);
            if (file.Text.Length > 0) output.AddSource(file.HintName, SourceText.From(file.Text, System.Text.Encoding.UTF8));
        });

        RuleValidation.Register(context);
    }

    private static void Report(SourceProductionContext output, EquatableArray<DiagnosticInfo> diagnostics)
    {
        foreach (DiagnosticInfo diagnostic in diagnostics) output.ReportDiagnostic(diagnostic.ToDiagnostic());
    }

    private static bool IsTrue(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options, string key) =>
        options.TryGetValue(key, out string? value) && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
}
