using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Ir;

/// <summary>An expression of the lowered body. Every node knows its scalar type.</summary>
internal abstract record Expr(ScalarType Type);

internal sealed record Literal(double Value, ScalarType Type) : Expr(Type);

internal sealed record VarRef(int Variable, ScalarType Type) : Expr(Type);

/// <summary>
/// An array as a whole (an argument), or the view <c>Slice(Start, Count)</c> of it that a span local
/// such as <c>ReadOnlySpan&lt;double&gt; row = x.Slice(i * d, d)</c> stands for.
/// </summary>
internal sealed record ArrayRef(int Variable, ScalarType Type, Expr? Start = null, Expr? Count = null) : Expr(Type)
{
    public bool IsSlice => Start is not null;
}

internal sealed record Element(int Array, Expr Index, ScalarType Type) : Expr(Type);

internal sealed record Length(int Array) : Expr(ScalarType.Int);

internal enum UnaryOp { Negate, Not, BitwiseNot }

internal sealed record Unary(UnaryOp Op, Expr Operand, ScalarType Type) : Expr(Type);

internal enum BinaryOp
{
    Add, Subtract, Multiply, Divide, Remainder,
    Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual,
    ConditionalAnd, ConditionalOr, And, Or, ExclusiveOr, LeftShift, RightShift,
}

internal sealed record Binary(BinaryOp Op, Expr Left, Expr Right, ScalarType Type) : Expr(Type);

internal sealed record Conditional(Expr Condition, Expr WhenTrue, Expr WhenFalse, ScalarType Type) : Expr(Type);

internal sealed record Conversion(Expr Operand, ScalarType Type) : Expr(Type);

/// <summary>A call of System.Math or System.MathF (<paramref name="Class"/> is "Math" or "MathF").</summary>
internal sealed record MathCall(string Class, string Name, EquatableArray<Expr> Arguments, ScalarType Type) : Expr(Type);

/// <summary>
/// A call of another function; <paramref name="Callee"/> indexes the program's callees. Calls of a
/// referenced assembly's Pullback keep their location: only activity can tell whether they are valid.
/// </summary>
internal sealed record Call(int Callee, EquatableArray<Expr> Arguments, ScalarType Type, LocationInfo? Location = null) : Expr(Type);

/// <summary>A call whose result is constant for differentiation (no floating-point arguments).</summary>
internal sealed record PassiveCall(string Method, EquatableArray<Expr> Arguments, ScalarType Type) : Expr(Type);

/// <summary>Ad.StopGradient(x): the value of x with derivative zero.</summary>
internal sealed record StopGradient(Expr Operand, ScalarType Type) : Expr(Type);

/// <summary>A static readonly field: a constant for differentiation.</summary>
internal sealed record StaticField(string Name, ScalarType Type) : Expr(Type);

/// <summary>An element of a static readonly array (a table of coefficients): a constant for differentiation, never written.</summary>
internal sealed record StaticElement(string Array, Expr Index, ScalarType Type) : Expr(Type);
