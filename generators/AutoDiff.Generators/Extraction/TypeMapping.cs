using AutoDiff.Generators.Ir;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generators.Extraction;

/// <summary>Maps Roslyn types onto the IR's scalar types and array shapes.</summary>
internal static class TypeMapping
{
    public static readonly SymbolDisplayFormat FullyQualified = SymbolDisplayFormat.FullyQualifiedFormat
        .WithMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.UseSpecialTypes | SymbolDisplayMiscellaneousOptions.EscapeKeywordIdentifiers);

    public static ScalarType? Scalar(ITypeSymbol? type) => type?.SpecialType switch
    {
        SpecialType.System_Double => ScalarType.Double,
        SpecialType.System_Single => ScalarType.Float,
        SpecialType.System_Int32 => ScalarType.Int,
        SpecialType.System_Boolean => ScalarType.Bool,
        _ => null,
    };

    /// <summary>double[], Span&lt;double&gt;, ReadOnlySpan&lt;double&gt; (and float, int): the shape and element type.</summary>
    public static (ArrayShape Shape, ScalarType Element)? Array(ITypeSymbol? type)
    {
        if (type is IArrayTypeSymbol { Rank: 1 } array && Scalar(array.ElementType) is { } element and not ScalarType.Bool)
            return (ArrayShape.Array, element);
        if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } named
            && named.ContainingNamespace?.ToDisplayString() == "System"
            && Scalar(named.TypeArguments[0]) is { } spanElement and not ScalarType.Bool)
        {
            if (named.Name == "Span") return (ArrayShape.Span, spanElement);
            if (named.Name == "ReadOnlySpan") return (ArrayShape.ReadOnlySpan, spanElement);
        }
        return null;
    }

    /// <summary>The element types of a tuple of scalars, <c>(double U, double V)</c>; null for any other type.</summary>
    public static ScalarType[]? Tuple(ITypeSymbol? type)
    {
        if (type is not INamedTypeSymbol { IsTupleType: true } tuple) return null;
        var elements = new ScalarType[tuple.TupleElements.Length];
        for (int k = 0; k < elements.Length; k++)
            if (Scalar(tuple.TupleElements[k].Type) is { } element) elements[k] = element;
            else return null;
        return elements;
    }

    public static bool IsFloatingPoint(ITypeSymbol? type) =>
        Scalar(type)?.IsReal() == true || Array(type)?.Element.IsReal() == true;

    public static string Display(ITypeSymbol type) => type.ToDisplayString(FullyQualified);
}
