using System;
using System.Globalization;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Emit;

/// <summary>Prints IR expressions as C#, with the fewest parentheses that keep the meaning, in invariant culture.</summary>
internal sealed class ExprPrinter
{
    private readonly Func<int, string> _name;
    private readonly Func<int, string> _callee;
    private readonly Func<int, bool> _isArray;

    /// <param name="variableName">A variable's name.</param>
    /// <param name="calleeName">The method a call invokes.</param>
    /// <param name="isArray">Whether a variable is a .NET array (sliced with AsSpan) rather than a span.</param>
    public ExprPrinter(Func<int, string> variableName, Func<int, string> calleeName, Func<int, bool> isArray)
    {
        _name = variableName;
        _callee = calleeName;
        _isArray = isArray;
    }

    /// <summary>Expressions already computed into a local, printed as its name (set while one block is emitted).</summary>
    public System.Collections.Generic.IReadOnlyDictionary<Expr, string>? Bound { get; set; }

    public string Print(Expr expr) => Print(expr, 0);

    private string Print(Expr expr, int context)
    {
        if (Bound is not null && Bound.TryGetValue(expr, out string? local)) return local;
        int precedence = Precedence(expr);
        string text = expr switch
        {
            Literal l => Literal(l.Value, l.Type),
            VarRef v => _name(v.Variable),
            ArrayRef { Start: { } start, Count: { } count } a => _isArray(a.Variable)
                ? "global::System.MemoryExtensions.AsSpan(" + _name(a.Variable) + ", " + Print(start, 0) + ", " + Print(count, 0) + ")"
                : _name(a.Variable) + ".Slice(" + Print(start, 0) + ", " + Print(count, 0) + ")",
            ArrayRef a => _name(a.Variable),
            Element e => _name(e.Array) + "[" + Print(e.Index, 0) + "]",
            Length l => _name(l.Array) + ".Length",
            Unary u => UnaryText(u.Op) + NoDoubleSign(Print(u.Operand, precedence)),
            Binary b => Print(b.Left, precedence) + " " + BinaryText(b.Op) + " " + Print(b.Right, precedence + 1),
            Conditional c => Print(c.Condition, precedence + 1) + " ? " + Print(c.WhenTrue, precedence) + " : " + Print(c.WhenFalse, precedence),
            Conversion c => "(" + c.Type.Keyword() + ")" + Print(c.Operand, precedence),
            MathCall m => "global::System." + m.Class + "." + m.Name + Arguments(m.Arguments),
            Call c => _callee(c.Callee) + Arguments(c.Arguments),
            PassiveCall p => p.Method + Arguments(p.Arguments),
            StopGradient s => "global::AutoDiff.Ad.StopGradient(" + Print(s.Operand, 0) + ")",
            StaticField f => f.Name,
            StaticElement e => e.Array + "[" + Print(e.Index, 0) + "]",
            _ => throw new InvalidOperationException("Unknown expression " + expr.GetType().Name),
        };
        return precedence < context ? "(" + text + ")" : text;
    }

    // "- -x" must not print as the decrement "--x".
    private static string NoDoubleSign(string operand) => operand.StartsWith("-", StringComparison.Ordinal) ? "(" + operand + ")" : operand;

    private string Arguments(EquatableArray<Expr> arguments) => "(" + string.Join(", ", arguments.Select(a => Print(a, 0))) + ")";

    /// <summary>A literal that keeps its type: 2.0 for double, 2f for float, round-trip precision.</summary>
    public static string Literal(double value, ScalarType type)
    {
        switch (type)
        {
            case ScalarType.Bool:
                return value != 0 ? "true" : "false";
            case ScalarType.Int:
                return ((int)value).ToString(CultureInfo.InvariantCulture);
            case ScalarType.Float:
                float f = (float)value;
                if (float.IsNaN(f)) return "float.NaN";
                if (float.IsInfinity(f)) return f > 0 ? "float.PositiveInfinity" : "float.NegativeInfinity";
                return f.ToString("R", CultureInfo.InvariantCulture) + "f";
            default:
                if (double.IsNaN(value)) return "double.NaN";
                if (double.IsInfinity(value)) return value > 0 ? "double.PositiveInfinity" : "double.NegativeInfinity";
                string text = value.ToString("R", CultureInfo.InvariantCulture);
                return text.IndexOfAny(new[] { '.', 'E' }) >= 0 ? text : text + ".0";
        }
    }

    /// <summary>C# precedence, higher binds tighter; 16 for primary expressions.</summary>
    private static int Precedence(Expr expr) => expr switch
    {
        Literal l when l.Value < 0 || l.Value == 0 && double.IsNegativeInfinity(1 / l.Value) => 14,
        Unary or Conversion => 14,
        Binary b => b.Op switch
        {
            BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder => 13,
            BinaryOp.Add or BinaryOp.Subtract => 12,
            BinaryOp.LeftShift or BinaryOp.RightShift => 11,
            BinaryOp.Less or BinaryOp.LessOrEqual or BinaryOp.Greater or BinaryOp.GreaterOrEqual => 10,
            BinaryOp.Equal or BinaryOp.NotEqual => 9,
            BinaryOp.And => 8,
            BinaryOp.ExclusiveOr => 7,
            BinaryOp.Or => 6,
            BinaryOp.ConditionalAnd => 5,
            _ => 4,
        },
        Conditional => 3,
        _ => 16,
    };

    private static string UnaryText(UnaryOp op) => op switch
    {
        UnaryOp.Negate => "-",
        UnaryOp.Not => "!",
        _ => "~",
    };

    private static string BinaryText(BinaryOp op) => op switch
    {
        BinaryOp.Add => "+",
        BinaryOp.Subtract => "-",
        BinaryOp.Multiply => "*",
        BinaryOp.Divide => "/",
        BinaryOp.Remainder => "%",
        BinaryOp.Less => "<",
        BinaryOp.LessOrEqual => "<=",
        BinaryOp.Greater => ">",
        BinaryOp.GreaterOrEqual => ">=",
        BinaryOp.Equal => "==",
        BinaryOp.NotEqual => "!=",
        BinaryOp.ConditionalAnd => "&&",
        BinaryOp.ConditionalOr => "||",
        BinaryOp.And => "&",
        BinaryOp.Or => "|",
        BinaryOp.ExclusiveOr => "^",
        BinaryOp.LeftShift => "<<",
        _ => ">>",
    };
}
