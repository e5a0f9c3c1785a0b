using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Emit;

/// <summary>Generated statements as data: what Differentiate produces and Emit lays out.</summary>
internal abstract record Code;

/// <summary>One statement or comment line.</summary>
internal sealed record Line(string Text) : Code;

/// <summary>A header line (if, for, or empty for a bare scope) and an indented body in braces.</summary>
internal sealed record Block(string Header, EquatableArray<Code> Body) : Code;

/// <summary>A generated method: its XML documentation lines, signature and body.</summary>
internal sealed record GeneratedMethod(EquatableArray<string> Documentation, string Signature, EquatableArray<Code> Body, string? ExpressionBody);

/// <summary>The output of Differentiate for one [Differentiable] method: what Emit turns into a file.</summary>
internal sealed record GeneratedUnit(
    string HintName,
    string? Namespace,
    EquatableArray<ContainingType> ContainingTypes,
    string DerivativesClass,
    EquatableArray<GeneratedMethod> PublicMethods,
    EquatableArray<GeneratedMethod> Derivatives,
    EquatableArray<DiagnosticInfo> Diagnostics);
