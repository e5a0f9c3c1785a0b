using System;
using System.Globalization;
using Xunit;

namespace AutoDiff.Testing;

/// <summary>
/// Numerical gradients to check analytic ones, and the comparison the tests use:
/// ρ(a, b) = |a − b| / max(1, |a| + |b|) ≤ tolerance, coordinate by coordinate.
/// </summary>
/// <remarks>
/// Each coordinate uses the 4-point central stencil
/// f'(x) ≈ (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / (12h), whose error is about
/// h⁴/30·|f⁽⁵⁾| (truncation) + 1.5·ε·|f|/h (rounding). With h = 1e-4·max(1, |xᵢ|) both stay
/// far below 1e-6 for smooth functions of moderate size (the 2-point stencil would need
/// h ≈ 1e-5 and still lose ~5 digits).
/// </remarks>
public static class FiniteDifferences
{
    /// <summary>The default relative step: h = <see cref="DefaultRelativeStep"/> · max(1, |xᵢ|).</summary>
    public const double DefaultRelativeStep = 1e-4;

    /// <summary>The gradient of <paramref name="f"/> at <paramref name="x"/> (x is not modified).</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double relativeStep = DefaultRelativeStep)
    {
        var gradient = new double[x.Length];
        var probe = (double[])x.Clone();
        for (int i = 0; i < x.Length; i++)
        {
            double h = relativeStep * Math.Max(1.0, Math.Abs(x[i]));
            double At(double offset)
            {
                probe[i] = x[i] + offset;
                double value = f(probe);
                probe[i] = x[i];
                return value;
            }
            gradient[i] = (-At(2 * h) + 8 * At(h) - 8 * At(-h) + At(-2 * h)) / (12 * h);
        }
        return gradient;
    }

    /// <summary>The derivative of a function of one variable at <paramref name="x"/>.</summary>
    public static double Derivative(Func<double, double> f, double x, double relativeStep = DefaultRelativeStep) =>
        Gradient(v => f(v[0]), new[] { x }, relativeStep)[0];

    /// <summary>ρ(a, b) = |a − b| / max(1, |a| + |b|): absolute near zero, relative for large values.</summary>
    public static double Distance(double a, double b) =>
        a == b ? 0.0 : Math.Abs(a - b) / Math.Max(1.0, Math.Abs(a) + Math.Abs(b));

    /// <summary>
    /// Fails unless every coordinate has ρ(analytic[i], numeric[i]) ≤ <paramref name="tolerance"/>; the message
    /// names the worst coordinate with both values, then lists all of them, then <paramref name="context"/>.
    /// </summary>
    /// <param name="names">What the two sides are called in the message (default "analytic" and "numeric").</param>
    public static void AssertClose(double[] analytic, double[] numeric, double tolerance = 1e-6, string? context = null,
        (string Analytic, string Numeric)? names = null)
    {
        var (a, n) = names ?? ("analytic", "numeric");
        Assert.True(analytic.Length == numeric.Length,
            $"Gradient lengths differ: {a} {analytic.Length}, {n} {numeric.Length}.{Suffix(context)}");
        int worst = -1;
        double worstDistance = 0;
        for (int i = 0; i < analytic.Length; i++)
        {
            double d = Distance(analytic[i], numeric[i]);
            if (double.IsNaN(d)) d = double.PositiveInfinity; // NaN on either side is a failure
            if (worst < 0 || d > worstDistance) (worst, worstDistance) = (i, d);
        }
        if (worst < 0 || worstDistance <= tolerance) return;

        var all = new System.Text.StringBuilder();
        for (int i = 0; i < analytic.Length; i++)
            all.Append(CultureInfo.InvariantCulture, $"\n  [{i}] {a} {analytic[i]:R}  {n} {numeric[i]:R}  ρ {Distance(analytic[i], numeric[i]):E2}");
        Assert.Fail(string.Create(CultureInfo.InvariantCulture,
            $"Gradients differ at [{worst}]: {a} {analytic[worst]:R}, {n} {numeric[worst]:R}, ρ = {worstDistance:E3} > {tolerance:E1}.{all}{Suffix(context)}"));
    }

    /// <summary>Scalar form of <see cref="AssertClose(double[], double[], double, string?)"/>.</summary>
    public static void AssertClose(double analytic, double numeric, double tolerance = 1e-6, string? context = null,
        (string Analytic, string Numeric)? names = null) =>
        AssertClose(new[] { analytic }, new[] { numeric }, tolerance, context, names);

    private static string Suffix(string? context) => context is null ? "" : "\n" + context;
}
