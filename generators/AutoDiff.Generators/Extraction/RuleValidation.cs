using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generators.Extraction;

/// <summary>Checks every [DerivativeOf] rule once: its target exists and its signature is the pullback shape.</summary>
internal static class RuleValidation
{
    public static void Register(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> errors = context.SyntaxProvider
            .ForAttributeWithMetadataName(DerivativeRules.AttributeName,
                static (node, cancellation) => node is MethodDeclarationSyntax,
                static (context, cancellation) =>
                {
                    var rule = (IMethodSymbol)context.TargetSymbol;
                    var list = new System.Collections.Generic.List<DiagnosticInfo>();
                    foreach (AttributeData attribute in context.Attributes)
                        if (!DerivativeRules.Match(rule, attribute, out _, out DiagnosticInfo? error) && error is not null)
                            list.Add(error);
                    return list.ToEquatableArray();
                })
            .Where(static e => e.Count > 0)
            .WithTrackingName("RuleValidation");
        context.RegisterSourceOutput(errors, static (output, list) =>
        {
            foreach (DiagnosticInfo diagnostic in list) output.ReportDiagnostic(diagnostic.ToDiagnostic());
        });
    }
}
