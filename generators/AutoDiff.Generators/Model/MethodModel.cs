using AutoDiff.Generators.Ir;

namespace AutoDiff.Generators.Model;

/// <summary>A type that encloses the differentiable method, as the partial declaration to re-open.</summary>
internal sealed record ContainingType(string Keyword, string NameWithTypeParameters);

internal enum CalleeKind
{
    /// <summary>A method of this compilation: its body is differentiated too.</summary>
    Source,
    /// <summary>A method of a referenced assembly with a generated <c>{Name}Pullback</c>.</summary>
    Pullback,
    /// <summary>A method with a user-supplied [DerivativeOf] rule.</summary>
    Rule,
}

/// <summary>A parameter of a called method, as its derivative needs it.</summary>
internal sealed record CalleeParameter(string Name, ScalarType Type, ArrayShape Shape, bool HasAdjoint);

/// <summary>
/// A method called from differentiable code. <c>Primal</c> is the fully qualified method to call for
/// values; <c>Derivative</c> the pullback or rule to call for adjoints (unused for Source callees,
/// whose derivative is generated from <c>Function</c>).
/// </summary>
internal sealed record Callee(
    CalleeKind Kind,
    string Primal,
    string Derivative,
    ScalarType ReturnType,
    EquatableArray<CalleeParameter> Parameters,
    int Function);

/// <summary>
/// Everything extraction learned about one [Differentiable] method: the cache boundary of the
/// pipeline (no symbols, no syntax). Functions[0] is the method itself; the others are the
/// methods it calls whose bodies are differentiated too. <c>StackArrays</c>: whether the generated code may
/// put small local arrays on the stack (see <c>MethodExtractor.StackArrays</c>).
/// </summary>
internal sealed record MethodModel(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string Accessibility,
    string MethodName,
    string DerivativesClass,
    EquatableArray<int> Wrt,
    bool StackArrays,
    EquatableArray<Function> Functions,
    EquatableArray<Callee> Callees,
    EquatableArray<DiagnosticInfo> Diagnostics,
    LocationInfo? Location)
{
    /// <summary>Errors, or nothing to generate (a declaration the compiler already rejects).</summary>
    public bool HasErrors => Diagnostics.Count > 0 || Functions.Count == 0;
}

/// <summary>Generator switches read from MSBuild properties.</summary>
internal sealed record GeneratorOptions(bool Optimize)
{
    public static readonly GeneratorOptions Default = new(Optimize: true);
}
