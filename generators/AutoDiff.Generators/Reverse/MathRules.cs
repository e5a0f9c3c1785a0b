using System.Collections.Generic;

namespace AutoDiff.Generators.Reverse;

internal enum MathRuleKind
{
    /// <summary>Smooth: each argument's adjoint is a formula.</summary>
    Smooth,
    /// <summary>Returns one of its arguments (Min, Max, Clamp): that argument gets the whole adjoint.</summary>
    Select,
    /// <summary>Piecewise constant (Floor, Sign, ...): derivative zero wherever it exists.</summary>
    Zero,
}

/// <summary>
/// The derivative of one System.Math / System.MathF function. Templates use {adj} for the result's
/// adjoint, {v} for the result's value, {a0}.. for the arguments, {M} for Math or MathF and {f} for a float
/// literal's suffix (empty in double); each
/// template is the amount added to that argument's adjoint.
/// </summary>
internal sealed class MathRule
{
    public MathRule(string name, int arity, MathRuleKind kind, string formula, string?[] partials, (string Condition, int Argument)[]? selections = null, int fallback = 0)
    {
        Name = name;
        Arity = arity;
        Kind = kind;
        Formula = formula;
        Partials = partials;
        Selections = selections ?? new (string, int)[0];
        Fallback = fallback;
    }

    public string Name { get; }
    public int Arity { get; }
    public MathRuleKind Kind { get; }
    /// <summary>The rule in math notation, quoted in the generated code.</summary>
    public string Formula { get; }
    public string?[] Partials { get; }
    /// <summary>For Select rules: the first condition that holds picks its argument, else Fallback.</summary>
    public (string Condition, int Argument)[] Selections { get; }
    public int Fallback { get; }
    public bool UsesValue => System.Array.Exists(Partials, p => p != null && p.Contains("{v}"));

    /// <summary>Whether a partial (of <paramref name="partials"/> if given) or a selection condition reads argument k (Tanh's and Exp's read only the value).</summary>
    public bool UsesArgument(int k, string?[]? partials = null) =>
        System.Array.Exists(partials ?? Partials, p => p != null && p.Contains("{a" + k + "}"))
        || System.Array.Exists(Selections, s => s.Condition.Contains("{a" + k + "}"));
}

/// <summary>
/// The one table of derivative rules for System.Math and System.MathF, keyed by name and arity.
/// Conventions at kinks (docs/math-rules.md): Abs'(0) = 0; Max/Min ties and Clamp at a bound give
/// the whole adjoint to the first argument (x for Clamp); Sign, Floor, Ceiling, Round, Truncate have
/// derivative 0; Pow's exponent gets no adjoint where the base is not positive.
/// </summary>
internal static class MathRules
{
    private static readonly Dictionary<(string, int), MathRule> s_rules = new();

    static MathRules()
    {
        Smooth("Exp", 1, "d exp(u) = exp(u) du", "{adj} * {v}");
        Smooth("Log", 1, "d ln(u) = du / u", "{adj} / {a0}");
        Smooth("Log", 2, "d log_b(u) = du / (u ln b) - ln(u) db / (b ln(b)^2)",
            "{adj} / ({a0} * {M}.Log({a1}))", "-{adj} * {M}.Log({a0}) / ({a1} * {M}.Log({a1}) * {M}.Log({a1}))");
        Smooth("Log2", 1, "d log2(u) = du / (u ln 2)", "{adj} / ({a0} * {M}.Log(2))");
        Smooth("Log10", 1, "d log10(u) = du / (u ln 10)", "{adj} / ({a0} * {M}.Log(10))");
        Smooth("Pow", 2, "d u^w = w u^(w-1) du + u^w ln(u) dw",
            "{adj} * {a1} * {M}.Pow({a0}, {a1} - 1)", "({a0} > 0 ? {adj} * {v} * {M}.Log({a0}) : 0)");
        Smooth("Exp2", 1, "d 2^u = 2^u ln(2) du", "{adj} * {v} * 0.6931471805599453{f}");
        Smooth("Exp10", 1, "d 10^u = 10^u ln(10) du", "{adj} * {v} * 2.302585092994046{f}");
        Smooth("ExpM1", 1, "d (exp(u) - 1) = exp(u) du", "{adj} * ({v} + 1)");
        Smooth("LogP1", 1, "d ln(1 + u) = du / (1 + u)", "{adj} / (1 + {a0})");
        Smooth("Hypot", 2, "d hypot(x, y) = (x dx + y dy) / hypot(x, y) (0 at the origin)",
            "({v} > 0 ? {adj} * {a0} / {v} : 0)", "({v} > 0 ? {adj} * {a1} / {v} : 0)");
        Smooth("ScaleB", 2, "d (u 2^n) = 2^n du", "{adj} * {M}.ScaleB(1, {a1})", null);
        Smooth("Sqrt", 1, "d sqrt(u) = du / (2 sqrt(u))", "{adj} / (2 * {v})");
        Smooth("Cbrt", 1, "d cbrt(u) = du / (3 cbrt(u)^2)", "{adj} / (3 * {v} * {v})");
        Smooth("Sin", 1, "d sin(u) = cos(u) du", "{adj} * {M}.Cos({a0})");
        Smooth("Cos", 1, "d cos(u) = -sin(u) du", "-{adj} * {M}.Sin({a0})");
        Smooth("Tan", 1, "d tan(u) = du / cos(u)^2", "{adj} / ({M}.Cos({a0}) * {M}.Cos({a0}))");
        Smooth("Asin", 1, "d asin(u) = du / sqrt(1 - u^2)", "{adj} / {M}.Sqrt(1 - {a0} * {a0})");
        Smooth("Acos", 1, "d acos(u) = -du / sqrt(1 - u^2)", "-{adj} / {M}.Sqrt(1 - {a0} * {a0})");
        Smooth("Atan", 1, "d atan(u) = du / (1 + u^2)", "{adj} / (1 + {a0} * {a0})");
        Smooth("Atan2", 2, "d atan2(y, x) = (x dy - y dx) / (x^2 + y^2)",
            "{adj} * {a1} / ({a0} * {a0} + {a1} * {a1})", "-{adj} * {a0} / ({a0} * {a0} + {a1} * {a1})");
        Smooth("Sinh", 1, "d sinh(u) = cosh(u) du", "{adj} * {M}.Cosh({a0})");
        Smooth("Cosh", 1, "d cosh(u) = sinh(u) du", "{adj} * {M}.Sinh({a0})");
        Smooth("Tanh", 1, "d tanh(u) = (1 - tanh(u)^2) du", "{adj} * (1 - {v} * {v})");
        Smooth("Abs", 1, "d |u| = sign(u) du (0 at u = 0)", "({a0} > 0 ? {adj} : {a0} < 0 ? -{adj} : 0)");
        Smooth("FusedMultiplyAdd", 3, "d (a b + c) = b da + a db + dc", "{adj} * {a1}", "{adj} * {a0}", "{adj}");
        Select("Max", 2, "d max(a, b) = da if a >= b, else db", new[] { ("{a0} >= {a1}", 0) }, fallback: 1);
        Select("Min", 2, "d min(a, b) = da if a <= b, else db", new[] { ("{a0} <= {a1}", 0) }, fallback: 1);
        Select("Clamp", 3, "d clamp(x, lo, hi) = dlo if x < lo, dhi if x > hi, else dx",
            new[] { ("{a0} < {a1}", 1), ("{a0} > {a2}", 2) }, fallback: 0);
        foreach (string name in new[] { "Sign", "Floor", "Ceiling", "Round", "Truncate" })
            for (int arity = 1; arity <= 3; arity++)
                s_rules[(name, arity)] = new MathRule(name, arity, MathRuleKind.Zero, $"d {name.ToLowerInvariant()}(u) = 0", new string?[arity]);
    }

    public static bool TryGet(string name, int arity, out MathRule rule) => s_rules.TryGetValue((name, arity), out rule!);

    public static IEnumerable<MathRule> All => s_rules.Values;

    private static void Smooth(string name, int arity, string formula, params string?[] partials) =>
        s_rules[(name, arity)] = new MathRule(name, arity, MathRuleKind.Smooth, formula, partials);

    private static void Select(string name, int arity, string formula, (string, int)[] selections, int fallback) =>
        s_rules[(name, arity)] = new MathRule(name, arity, MathRuleKind.Select, formula, new string?[arity], selections, fallback);
}
