using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Ir;

/// <summary>The scalar types a differentiable body computes with.</summary>
internal enum ScalarType { Double, Float, Int, Bool }

/// <summary>How an array variable is declared: as an array, a read-only span or a span.</summary>
internal enum ArrayShape { None, Array, ReadOnlySpan, Span }

internal enum VariableKind
{
    Parameter,
    Local,
    /// <summary>A local array; its size expression is evaluated once at the start.</summary>
    LocalArray,
    /// <summary>A counter declared by a counted for loop; it lives only in that loop.</summary>
    LoopCounter,
    /// <summary>Introduced by lowering: break/continue/return flags, the result, foreach indices.</summary>
    Synthetic,
}

/// <summary>A variable of a lowered function. Names are unique within the function.</summary>
internal sealed record Variable(int Id, string Name, ScalarType Type, ArrayShape Shape, VariableKind Kind)
{
    public bool IsArray => Shape != ArrayShape.None;
    public bool IsReal => Type is ScalarType.Double or ScalarType.Float;
}

/// <summary>A parameter of a lowered function; <see cref="Variable"/> gives its IR variable.</summary>
internal sealed record Parameter(int Variable, string Name, string TypeName, bool IsFloatingPoint);

/// <summary>A local array declared inside a loop, allocated once at the start with this size.</summary>
internal sealed record LocalArray(int Variable, Expr Size);

/// <summary>A lowered function: its variables, parameters and structured body.</summary>
internal sealed record Function(
    string Key,
    string Name,
    string QualifiedName,
    ScalarType ReturnType,
    EquatableArray<Variable> Variables,
    EquatableArray<Parameter> Parameters,
    EquatableArray<LocalArray> LocalArrays,
    EquatableArray<Stmt> Body);

internal static class ScalarTypes
{
    public static string Keyword(this ScalarType type) => type switch
    {
        ScalarType.Double => "double",
        ScalarType.Float => "float",
        ScalarType.Int => "int",
        _ => "bool",
    };

    public static bool IsReal(this ScalarType type) => type is ScalarType.Double or ScalarType.Float;
}
