using AutoDiff.Generators.Diagnostics;
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
                    DerivativeRules rules = DerivativeRules.For(context.SemanticModel.Compilation, cancellation);
                    foreach (AttributeData attribute in context.Attributes)
                    {
                        if (!DerivativeRules.Match(rule, attribute, out IMethodSymbol? target, out DiagnosticInfo? error))
                        {
                            if (error is not null) list.Add(error);
                        }
                        else if (target is not null && rules.EarlierRule(target, rule) is { } earlier)
                            list.Add(new DiagnosticInfo(DiagnosticDescriptors.DuplicateRule.Id,
                                LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation()),
                                new[] { rule.Name, target.ToDisplayString(), earlier.Name }.ToEquatableArray()));
                    }
                    return list.ToEquatableArray();
                })
            .Where(static e => e.Count > 0)
            .WithTrackingName("RuleValidation");
        DifferentiableGenerator.ReportDiagnostics(context, errors);
    }
}
