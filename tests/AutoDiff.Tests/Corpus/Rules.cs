using System;
using System.Linq;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>Methods of another type that get their derivatives from rules.</summary>
public static class RuleTargets
{
    /// <summary>Body uses LINQ, which the generator cannot differentiate: only the rule makes calls differentiable.</summary>
    public static double SumAll(double[] a) => a.Sum();

    public static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);

    /// <summary>Differentiable body; a deliberately wrong (scaled) rule must win over it.</summary>
    public static double Twice(double x) => 2 * x;

    public static float Halve(float x) => x * 0.5f;
}

public static class RuleDefinitions
{
    [DerivativeOf(typeof(RuleTargets), nameof(RuleTargets.SumAll))]
    public static void SumAllPullback(double[] a, double dResult, Span<double> da)
    {
        for (int i = 0; i < a.Length; i++) da[i] += dResult;
    }

    [DerivativeOf(typeof(RuleTargets), nameof(RuleTargets.Hypot))]
    public static void HypotPullback(double x, double y, double dResult, ref double dx, ref double dy)
    {
        double h = Math.Sqrt(x * x + y * y);
        dx += dResult * x / h;
        dy += dResult * y / h;
    }

    // DELIBERATELY WRONG: the true derivative of Twice is 2; this rule says 7. Test-only.
    [DerivativeOf(typeof(RuleTargets), nameof(RuleTargets.Twice))]
    public static void TwicePullback(double x, double dResult, ref double dx) => dx += 7 * dResult;

    // DELIBERATELY WRONG: true derivative 0.5, rule says 3. Test-only.
    [DerivativeOf(typeof(RuleTargets), nameof(RuleTargets.Halve))]
    public static void HalvePullback(float x, float dResult, ref float dx) => dx += 3 * dResult;
}

public static partial class Rules
{
    // A rule for a method of the same type: a numerically careful softplus with a correct rule.
    static double Softplus(double x) => x > 0 ? x + Math.Log(1 + Math.Exp(-x)) : Math.Log(1 + Math.Exp(x));

    [DerivativeOf(nameof(Softplus))]
    static void SoftplusPullback(double x, double dResult, ref double dx) => dx += dResult / (1 + Math.Exp(-x));

    // A same-type rule that is DELIBERATELY scaled by 10 (true derivative: cos x). Test-only.
    static double MySin(double x) => Math.Sin(x);

    [DerivativeOf(nameof(MySin))]
    static void MySinPullback(double x, double dResult, ref double dx) => dx += 10 * dResult * Math.Cos(x);

    // A rule for a function of a span and a scalar with an int pass-through.
    static double PowerSum(ReadOnlySpan<double> v, double p, int skip)
    {
        double s = 0;
        for (int i = skip; i < v.Length; i++) s += Math.Pow(v[i], p);
        return s;
    }

    [DerivativeOf(nameof(PowerSum))]
    static void PowerSumPullback(ReadOnlySpan<double> v, double p, int skip, double dResult, Span<double> dv, ref double dp)
    {
        for (int i = skip; i < v.Length; i++)
        {
            dv[i] += dResult * p * Math.Pow(v[i], p - 1);
            dp += dResult * Math.Pow(v[i], p) * Math.Log(v[i]);
        }
    }

    [Differentiable] public static double UsesSoftplus(double x) => Softplus(2 * x) * x;
    [Differentiable] public static double UsesScaledSameType(double x) => MySin(x) + x;
    [Differentiable] public static double UsesScaledOtherType(double x) => RuleTargets.Twice(x * x);
    [Differentiable] public static float UsesScaledFloat(float x) => RuleTargets.Halve(x) * 2;

    [Differentiable]
    public static double UsesSumAll(double[] w)
    {
        double[] sq = new double[w.Length];
        for (int i = 0; i < w.Length; i++) sq[i] = w[i] * w[i];
        return RuleTargets.SumAll(sq) + RuleTargets.SumAll(w) * w[0];
    }

    [Differentiable]
    public static double UsesHypotInLoop(double[] xy)
    {
        double s = 0;
        for (int i = 0; i + 1 < xy.Length; i += 2) s += RuleTargets.Hypot(xy[i], xy[i + 1] * s + 1);
        return s;
    }

    [Differentiable(nameof(v), nameof(p))]
    public static double UsesPowerSum(double[] v, double p, int skip) => PowerSum(v, p, skip) * p;

    /// <summary>The rule is used even when the call sits inside a helper that is itself differentiated.</summary>
    static double Helper(double x) => MySin(x) * 2;

    [Differentiable] public static double UsesScaledThroughHelper(double x) => Helper(x);
}

public class RulesTests
{
    [Fact] public void CorrectSameTypeRule() => Check.Scalar(Rules.UsesSoftplus, Rules.UsesSoftplusGradient, Rules.UsesSoftplusPullback, 0.4, -1.3, 3.0);

    [Fact]
    public void CorrectRuleForLinqBody() => Check.At(w => Rules.UsesSumAll(w), (w, g) => Rules.UsesSumAllGradient(w, g),
        (w, dr, g) => Rules.UsesSumAllPullback(w, dr, g), Check.Points(101, 3, 4));

    [Fact]
    public void CorrectRuleInLoop() => Check.At(w => Rules.UsesHypotInLoop(w), (w, g) => Rules.UsesHypotInLoopGradient(w, g),
        (w, dr, g) => Rules.UsesHypotInLoopPullback(w, dr, g), Check.Points(102, 3, 6));

    [Fact]
    public void CorrectRuleWithSpanAndIntParameters()
    {
        foreach (int skip in new[] { 0, 2 })
            Check.At(p => Rules.UsesPowerSum(p[..4], p[4], skip),
                (p, g) => Rules.UsesPowerSumGradient(p[..4], p[4], skip, g.AsSpan(0, 4), ref g[4]),
                (p, dr, g) => Rules.UsesPowerSumPullback(p[..4], p[4], skip, dr, g.AsSpan(0, 4), ref g[4]), Check.Points(103, 3, 5, 0.5, 2));
    }

    // The following tests prove that a rule REPLACES differentiation of the body: each rule is deliberately
    // wrong by a known factor, so only a generator that calls the rule produces these exact numbers
    // (differentiating the body would give the true derivative instead).

    [Fact]
    public void ScaledSameTypeRuleIsUsed()
    {
        foreach (double x in new[] { 0.4, -1.3 })
            Assert.Equal(10 * Math.Cos(x) + 1, Check.Exact(Rules.UsesScaledSameTypeGradient, x), 14);
    }

    [Fact]
    public void ScaledOtherTypeRuleIsUsed()
    {
        foreach (double x in new[] { 0.4, -1.3 })
            Assert.Equal(7 * 2 * x, Check.Exact(Rules.UsesScaledOtherTypeGradient, x), 14);
    }

    [Fact]
    public void ScaledFloatRuleIsUsed()
    {
        float d = 0;
        Rules.UsesScaledFloatGradient(0.8f, ref d);
        Assert.Equal(6f, d);
    }

    [Fact]
    public void ScaledRuleIsUsedThroughHelper()
    {
        foreach (double x in new[] { 0.4, -1.3 })
            Assert.Equal(20 * Math.Cos(x), Check.Exact(Rules.UsesScaledThroughHelperGradient, x), 14);
    }
}
