using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// The Extract stage: validates a [Differentiable] method's declaration and lowers it, with the
/// methods it calls, into a symbol-free <see cref="MethodModel"/>. The only stage that sees Roslyn symbols.
/// </summary>
internal static class MethodExtractor
{
    public static MethodModel Extract(GeneratorAttributeSyntaxContext context, CancellationToken cancellation)
    {
        if (context.TargetSymbol is not IMethodSymbol method || context.TargetNode is not MethodDeclarationSyntax syntax)
        {
            string what = context.TargetNode switch
            {
                LocalFunctionStatementSyntax => "a local function",
                AccessorDeclarationSyntax => "a property accessor",
                _ => "something that is not a method",
            };
            var info = new DiagnosticInfo(DiagnosticDescriptors.NotAMethod.Id,
                LocationInfo.From(context.Attributes.FirstOrDefault()?.ApplicationSyntaxReference?.GetSyntax(cancellation).GetLocation() ?? context.TargetNode.GetLocation()),
                new[] { what }.ToEquatableArray());
            return Empty(context.TargetSymbol.Name, new[] { info });
        }
        // Broken declarations (a missing type, a duplicate method) already get compiler errors: generate nothing.
        if (ContainsErrorType(method.ReturnType) || method.Parameters.Any(p => ContainsErrorType(p.Type)) || IsDuplicate(method))
            return Empty(method.Name, Array.Empty<DiagnosticInfo>());
        try
        {
            return ExtractCore(context, method, syntax, cancellation);
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception exception)
        {
            // Never crash the build: report what went wrong at the method.
            var info = new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, LocationInfo.From(syntax.Identifier.GetLocation()),
                new[] { method.Name, exception.GetType().Name + ": " + exception.Message }.ToEquatableArray());
            return Empty(method.Name, new[] { info });
        }
    }

    private static bool ContainsErrorType(ITypeSymbol type) => type switch
    {
        { TypeKind: TypeKind.Error } => true,
        IArrayTypeSymbol array => ContainsErrorType(array.ElementType),
        INamedTypeSymbol named => named.TypeArguments.Any(ContainsErrorType),
        _ => false,
    };

    private static bool IsDuplicate(IMethodSymbol method) =>
        method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Count(m =>
            m.Parameters.Length == method.Parameters.Length
            && m.Parameters.Zip(method.Parameters, (a, b) => SymbolEqualityComparer.Default.Equals(a.Type, b.Type)).All(same => same)) > 1;

    private static MethodModel ExtractCore(GeneratorAttributeSyntaxContext context, IMethodSymbol method, MethodDeclarationSyntax syntax, CancellationToken cancellation)
    {
        var program = new ProgramExtraction(context.SemanticModel.Compilation, method.ContainingType, cancellation);
        Location at = syntax.Identifier.GetLocation();

        foreach (TypeDeclarationSyntax type in syntax.Ancestors().OfType<TypeDeclarationSyntax>())
        {
            if (!type.Modifiers.Any(SyntaxKind.PartialKeyword))
                program.Report(DiagnosticDescriptors.TypeNotPartial, type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name);
            else if (type.Modifiers.Any(SyntaxKind.FileKeyword))
                program.Report(DiagnosticDescriptors.FileLocalType, type.Identifier.GetLocation(), type.Identifier.ValueText, method.Name);
        }
        if (!method.IsStatic)
            program.Report(DiagnosticDescriptors.MethodNotStatic, at, method.Name);
        if (TypeMapping.Scalar(method.ReturnType)?.IsReal() != true)
            program.Report(DiagnosticDescriptors.UnsupportedReturnType, syntax.ReturnType.GetLocation(), method.Name, method.ReturnType.ToDisplayString());
        if (method.IsGenericMethod)
            program.Report(DiagnosticDescriptors.GenericMethod, at, method.Name);
        foreach (IParameterSymbol p in method.Parameters)
            if (p.RefKind != RefKind.None || p.IsParams && !TypeMapping.IsFloatingPoint(p.Type))
                program.Report(DiagnosticDescriptors.UnsupportedParameter, p.Locations.FirstOrDefault(), p.Name, p.ToDisplayString());
        foreach (string name in new[] { method.Name + "Gradient", method.Name + "Pullback" })
            if (method.ContainingType.GetMembers(name).Length > 0)
                program.Report(DiagnosticDescriptors.NameClash, at, method.ContainingType.Name, name);

        List<int> wrt = WrtParameters(method, context.Attributes[0], program);
        if (program.Diagnostics.Count > 0) return Empty(method.Name, program.Diagnostics);

        program.LowerFunction(method);
        if (program.Diagnostics.Count > 0) return Empty(method.Name, program.Diagnostics);

        string hash = OverloadHash(method);
        bool overloaded = method.ContainingType.GetMembers(method.Name).Length > 1;
        return new MethodModel(
            HintName: HintName(method, hash),
            Namespace: method.ContainingNamespace.IsGlobalNamespace ? null : method.ContainingNamespace.ToDisplayString(),
            ContainingTypes: ContainingTypes(method).Select(Declaration).ToEquatableArray(),
            Accessibility: SyntaxFacts.GetText(method.DeclaredAccessibility),
            MethodName: FunctionLowering.Escape(method.Name),
            DerivativesClass: FreeName(method.ContainingType, "__" + method.Name + "Derivatives" + (overloaded ? "_" + hash : "")),
            Wrt: wrt.ToEquatableArray(),
            StackArrays: StackArrays(method, syntax),
            Functions: program.Functions.ToEquatableArray(),
            Callees: program.Callees.ToEquatableArray(),
            Diagnostics: EquatableArray<DiagnosticInfo>.Empty,
            Location: LocationInfo.From(at));
    }

    /// <summary>{Types}.{Method}.{hash}.g.cs, with only characters a file name may hold.</summary>
    private static string HintName(IMethodSymbol method, string hash)
    {
        var parts = new List<string>(ContainingTypes(method).Select(t => t.MetadataName));
        parts.Add(method.Name);
        parts.Add(hash);
        var name = new System.Text.StringBuilder(string.Join(".", parts) + ".g.cs");
        for (int i = 0; i < name.Length; i++)
            if (!char.IsLetterOrDigit(name[i]) && name[i] is not ('.' or '_' or '-')) name[i] = '_';
        return name.ToString();
    }

    /// <summary>Indices of the differentiated parameters: those named in the attribute, or every floating-point one.</summary>
    private static List<int> WrtParameters(IMethodSymbol method, AttributeData attribute, ProgramExtraction program)
    {
        var names = attribute.ConstructorArguments
            .SelectMany(a => a.Kind == TypedConstantKind.Array ? (IEnumerable<TypedConstant>)a.Values : new[] { a })
            .Select(v => v.Value as string)
            .ToList();
        Location? location = attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation();
        if (names.Count == 0)
            return method.Parameters.Where(p => TypeMapping.IsFloatingPoint(p.Type)).Select(p => p.Ordinal).ToList();

        var wrt = new List<int>();
        var arguments = (attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax)?.ArgumentList?.Arguments;
        for (int k = 0; k < names.Count; k++)
        {
            string? name = names[k];
            // Point at the offending argument when the attribute lists the names one by one.
            if (arguments is { } list && list.Count == names.Count) location = list[k].GetLocation();
            IParameterSymbol? parameter = method.Parameters.FirstOrDefault(p => p.Name == name);
            if (parameter is null)
                program.Report(DiagnosticDescriptors.UnknownWrtParameter, location, method.Name, name ?? "null");
            else if (!TypeMapping.IsFloatingPoint(parameter.Type))
                program.Report(DiagnosticDescriptors.WrtNotFloatingPoint, location, parameter.Name, parameter.Type.ToDisplayString());
            else if (!wrt.Contains(parameter.Ordinal))
                wrt.Add(parameter.Ordinal);
        }
        wrt.Sort();
        return wrt;
    }

    /// <summary>
    /// Whether the generated code may stackalloc small arrays: that needs <c>scoped</c> locals (C# 11) and memory
    /// the runtime zeroes, which [SkipLocalsInit] on the module or an enclosing type would not be.
    /// </summary>
    private static bool StackArrays(IMethodSymbol method, SyntaxNode syntax)
    {
        if (syntax.SyntaxTree.Options is CSharpParseOptions { LanguageVersion: < LanguageVersion.CSharp11 }) return false;
        static bool SkipsInit(ISymbol symbol) => symbol.GetAttributes().Any(a =>
            a.AttributeClass?.ToDisplayString() == "System.Runtime.CompilerServices.SkipLocalsInitAttribute");
        return !SkipsInit(method.ContainingModule) && !ContainingTypes(method).Any(SkipsInit);
    }

    private static IEnumerable<INamedTypeSymbol> ContainingTypes(IMethodSymbol method)
    {
        var types = new List<INamedTypeSymbol>();
        for (INamedTypeSymbol? t = method.ContainingType; t is not null; t = t.ContainingType) types.Insert(0, t);
        return types;
    }

    private static ContainingType Declaration(INamedTypeSymbol type)
    {
        string keyword = type.IsRecord ? (type.IsValueType ? "record struct" : "record")
            : type.TypeKind switch { TypeKind.Struct => "struct", TypeKind.Interface => "interface", _ => "class" };
        string name = FunctionLowering.Escape(type.Name);
        if (type.TypeParameters.Length > 0) name += "<" + string.Join(", ", type.TypeParameters.Select(p => p.Name)) + ">";
        return new ContainingType(keyword, name);
    }

    private static string FreeName(INamedTypeSymbol type, string name)
    {
        string candidate = name;
        for (int k = 1; type.GetMembers(candidate).Length > 0; k++) candidate = name + k;
        return candidate;
    }

    /// <summary>
    /// A stable hash (FNV-1a) of the namespace and the parameter types, so overloads, and types of the
    /// same name in different namespaces, get distinct file names.
    /// </summary>
    private static string OverloadHash(IMethodSymbol method)
    {
        uint hash = 2166136261;
        foreach (char c in method.ContainingNamespace.ToDisplayString() + "|" + string.Join(",", method.Parameters.Select(p => p.Type.ToDisplayString())))
            hash = (hash ^ c) * 16777619;
        return hash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static MethodModel Empty(string method, IEnumerable<DiagnosticInfo> diagnostics) =>
        new("", null, EquatableArray<ContainingType>.Empty, "", method, "", EquatableArray<int>.Empty, false,
            EquatableArray<Function>.Empty, EquatableArray<Callee>.Empty, diagnostics.ToEquatableArray(), null);
}
