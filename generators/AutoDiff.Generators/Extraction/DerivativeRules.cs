using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// The [DerivativeOf] rules of a compilation: which method each one differentiates, and whether its
/// signature is the pullback shape. Built once per compilation and shared by every method's extraction.
/// </summary>
internal sealed class DerivativeRules
{
    public const string AttributeName = "AutoDiff.DerivativeOfAttribute";

    private static readonly ConditionalWeakTable<Compilation, DerivativeRules> s_cache = new();
    private readonly Dictionary<IMethodSymbol, List<IMethodSymbol>> _rules = new(SymbolEqualityComparer.Default);

    public static DerivativeRules For(Compilation compilation, CancellationToken cancellation) =>
        s_cache.GetValue(compilation, c => Build(c, cancellation));

    /// <summary>The rule registered for <paramref name="method"/>, if any.</summary>
    public IMethodSymbol? Find(IMethodSymbol method) =>
        _rules.TryGetValue(method.OriginalDefinition, out List<IMethodSymbol>? rules) ? rules[0] : null;

    /// <summary>The rule registered first for the same method, when <paramref name="rule"/> is a second one.</summary>
    public IMethodSymbol? EarlierRule(IMethodSymbol target, IMethodSymbol rule) =>
        _rules.TryGetValue(target.OriginalDefinition, out List<IMethodSymbol>? rules) && !SymbolEqualityComparer.Default.Equals(rules[0], rule)
            ? rules[0]
            : null;

    private static DerivativeRules Build(Compilation compilation, CancellationToken cancellation)
    {
        var rules = new DerivativeRules();
        foreach (SyntaxTree tree in compilation.SyntaxTrees)
        {
            // Attributes on members only: skip method bodies, which cannot hold a rule.
            IEnumerable<AttributeSyntax> attributes = tree.GetRoot(cancellation)
                .DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax or MethodDeclarationSyntax or AttributeListSyntax)
                .OfType<AttributeSyntax>()
                .Where(a => a.Name.ToString().Contains("DerivativeOf"));
            SemanticModel? model = null;
            foreach (AttributeSyntax attribute in attributes)
            {
                if (attribute.Parent?.Parent is not MethodDeclarationSyntax declaration) continue;
                model ??= compilation.GetSemanticModel(tree);
                if (model.GetDeclaredSymbol(declaration, cancellation) is not IMethodSymbol rule) continue;
                foreach (AttributeData data in rule.GetAttributes())
                    if (data.AttributeClass?.ToDisplayString() == AttributeName && Match(rule, data, out IMethodSymbol? target, out _) && target is not null)
                    {
                        if (!rules._rules.TryGetValue(target.OriginalDefinition, out List<IMethodSymbol>? list))
                            rules._rules[target.OriginalDefinition] = list = new List<IMethodSymbol>();
                        if (!list.Contains(rule, SymbolEqualityComparer.Default)) list.Add(rule);
                    }
            }
        }
        return rules;
    }

    /// <summary>Finds the method a rule differentiates and checks the rule's signature.</summary>
    public static bool Match(IMethodSymbol rule, AttributeData attribute, out IMethodSymbol? target, out DiagnosticInfo? error)
    {
        target = null;
        error = null;
        var arguments = attribute.ConstructorArguments;
        INamedTypeSymbol? type = arguments.Length == 2 ? arguments[0].Value as INamedTypeSymbol : rule.ContainingType;
        string? name = arguments.Length > 0 ? arguments[arguments.Length - 1].Value as string : null;
        LocationInfo? location = LocationInfo.From(attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation() ?? rule.Locations.FirstOrDefault());
        var candidates = type is null || name is null
            ? new List<IMethodSymbol>()
            : type.GetMembers(name).OfType<IMethodSymbol>().Where(m => m.IsStatic && TypeMapping.Scalar(m.ReturnType)?.IsReal() == true).ToList();
        if (candidates.Count == 0)
        {
            error = new DiagnosticInfo(DiagnosticDescriptors.RuleTargetNotFound.Id, location,
                new[] { rule.Name, name ?? "", type?.ToDisplayString() ?? "?" }.ToEquatableArray());
            return false;
        }
        target = candidates.FirstOrDefault(c => ExpectedSignature(c) == Signature(rule));
        if (target is null)
        {
            error = new DiagnosticInfo(DiagnosticDescriptors.RuleSignatureMismatch.Id, location,
                new[] { rule.Name, candidates[0].ToDisplayString(), "static void " + rule.Name + ExpectedSignature(candidates[0]) }.ToEquatableArray());
            return false;
        }
        return true;
    }

    /// <summary>(P1 p1, ..., R dResult, A1 dp1, ...): the pullback shape for a method.</summary>
    public static string ExpectedSignature(IMethodSymbol method)
    {
        var parts = method.Parameters.Select(p => p.Type.ToDisplayString()).ToList();
        parts.Add(method.ReturnType.ToDisplayString());
        foreach (IParameterSymbol p in method.Parameters.Where(p => TypeMapping.IsFloatingPoint(p.Type)))
            parts.Add(TypeMapping.Scalar(p.Type) is { } scalar ? "ref " + p.Type.ToDisplayString() : "System.Span<" + TypeMapping.Array(p.Type)!.Value.Element.ToString().ToLowerInvariant() + ">");
        return "(" + string.Join(", ", parts) + ")";
    }

    private static string Signature(IMethodSymbol rule) =>
        rule.ReturnsVoid && rule.IsStatic && !rule.IsGenericMethod
            ? "(" + string.Join(", ", rule.Parameters.Select(p => (p.RefKind == RefKind.Ref ? "ref " : p.RefKind == RefKind.None ? "" : "?") + p.Type.ToDisplayString())) + ")"
            : "(not a static, non-generic void method)";
}
