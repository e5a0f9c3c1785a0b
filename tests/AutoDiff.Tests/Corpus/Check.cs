using System;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// The corpus judge: generated gradients against central finite differences, plus the contract's
/// bookkeeping rules (FGradient returns F's value, FPullback scales by dResult, adjoints accumulate).
/// </summary>
/// <remarks>
/// Every differentiable input of a function is packed into one flat vector <c>x</c>. A test supplies
/// three adapters: <c>f(x)</c> calls the original method, <c>grad(x, g)</c> calls FGradient adding
/// into <c>g</c> and returns its result, <c>pull(x, dr, g)</c> calls FPullback adding into <c>g</c>.
/// Finite differences: 4-point central stencil, h = 1e-5·max(1,|x_i|), truncation O(h^4).
/// Agreement: ρ(a,b) = |a−b| / max(1, |a|+|b|) ≤ 1e-6.
/// </remarks>
public static class Check
{
    public const double Tolerance = 1e-6;


    /// <summary>
    /// Float functions. If a double-precision reference (the same formula in double) is given, the float
    /// gradient is compared against its finite differences with 1e-4: the float gradient itself carries
    /// roughly 1e-6..1e-5 relative rounding error (float ε = 6e-8 amplified through the chain), so 1e-6
    /// would fail on correct code, while a wrong derivative is off by O(1). Without a reference, the
    /// float function is differenced in float with h = 1e-2·max(1,|x|) (rounding error ε·|f|/h ≈ 1e-5,
    /// truncation O(h^4) ≈ 1e-8) and compared with 1e-3.
    /// </summary>
    public const double FloatToleranceWithReference = 1e-4;
    public const double FloatTolerance = 1e-3;

    public delegate double Grad(double[] x, double[] g);
    public delegate void Pull(double[] x, double dResult, double[] g);
    public delegate float GradF(float[] x, float[] g);
    public delegate void PullF(float[] x, float dResult, float[] g);

    public delegate double G1(double a, ref double da);
    public delegate void P1(double a, double dr, ref double da);
    public delegate double G2(double a, double b, ref double da, ref double db);
    public delegate void P2(double a, double b, double dr, ref double da, ref double db);
    public delegate double G3(double a, double b, double c, ref double da, ref double db, ref double dc);
    public delegate void P3(double a, double b, double c, double dr, ref double da, ref double db, ref double dc);
    public delegate float G1F(float a, ref float da);
    public delegate void P1F(float a, float dr, ref float da);
    public delegate float G2F(float a, float b, ref float da, ref float db);
    public delegate void P2F(float a, float b, float dr, ref float da, ref float db);

    public static double Rho(double a, double b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a) + Math.Abs(b));

    /// <summary>n points in [lo, hi]^dim from a fixed seed.</summary>
    public static double[][] Points(int seed, int count, int dim, double lo = -1, double hi = 1)
    {
        var r = new Random(seed);
        var p = new double[count][];
        for (int k = 0; k < count; k++)
        {
            p[k] = new double[dim];
            for (int i = 0; i < dim; i++) p[k][i] = lo + (hi - lo) * r.NextDouble();
        }
        return p;
    }

    /// <summary>The shared 4-point stencil (tests/Shared) with the corpus's step h = 1e-5·max(1,|x_i|).</summary>
    public static double[] FiniteDifference(Func<double[], double> f, double[] x) =>
        FiniteDifferences.Gradient(f, x, relativeStep: 1e-5);

    public static void Close(double[] actual, double[] expected, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < actual.Length; i++)
            Assert.True(Rho(actual[i], expected[i]) <= tol,
                $"{what}[{i}]: generated {actual[i]:R} vs expected {expected[i]:R} (rho {Rho(actual[i], expected[i]):E2} > {tol:E0})");
    }

    /// <summary>The full check at one point; returns the generated gradient.</summary>
    public static double[] Gradient(Func<double[], double> f, Grad grad, Pull pull, params double[] x)
    {
        string at = "at (" + string.Join(", ", Array.ConvertAll(x, v => v.ToString("R"))) + ")";
        var x0 = (double[])x.Clone();
        // 1. value and gradient against finite differences.
        var g = new double[x.Length];
        double value = grad(x, g);
        Assert.Equal(x0, x); // inputs untouched
        double expectedValue = f(x);
        Assert.True(value.Equals(expectedValue), $"FGradient returned {value:R}, F returned {expectedValue:R} {at}");
        Close(g, FiniteDifference(f, x), Tolerance, "gradient " + at);
        AccumulateAndPullback(grad, pull, x, g, at);
        return g;
    }

    static void AccumulateAndPullback(Grad grad, Pull pull, double[] x, double[] g, string at)
    {
        // 2. adjoints accumulate: a prefilled buffer gets c + g; calling twice gives 2g.
        var pre = new double[x.Length];
        for (int i = 0; i < pre.Length; i++) pre[i] = 10 + i;
        grad(x, pre);
        var expect = new double[x.Length];
        for (int i = 0; i < x.Length; i++) expect[i] = 10 + i + g[i];
        Close(pre, expect, 1e-12, "accumulate into prefilled adjoint " + at);
        var twice = new double[x.Length];
        grad(x, twice); grad(x, twice);
        for (int i = 0; i < x.Length; i++) expect[i] = 2 * g[i];
        Close(twice, expect, 1e-12, "FGradient called twice " + at);
        // 3. pullback scales by dResult.
        var pb = new double[x.Length];
        pull(x, 2.5, pb);
        for (int i = 0; i < x.Length; i++) expect[i] = 2.5 * g[i];
        Close(pb, expect, 1e-12, "FPullback(dResult = 2.5) " + at);
        var pb0 = new double[x.Length];
        pull(x, 0, pb0);
        Assert.All(pb0, v => Assert.Equal(0.0, v));
    }

    /// <summary>Same as <see cref="Gradient"/> at every point.</summary>
    public static void At(Func<double[], double> f, Grad grad, Pull pull, params double[][] points)
    {
        foreach (var p in points) Gradient(f, grad, pull, p);
    }

    public static void Scalar(Func<double, double> f, G1 grad, P1 pull, params double[] points)
    {
        foreach (var p in points)
            Gradient(x => f(x[0]),
                (x, g) => grad(x[0], ref g[0]),
                (x, dr, g) => pull(x[0], dr, ref g[0]), p);
    }

    public static void Scalar(Func<double, double, double> f, G2 grad, P2 pull, params double[][] points)
    {
        foreach (var p in points)
            Gradient(x => f(x[0], x[1]),
                (x, g) => grad(x[0], x[1], ref g[0], ref g[1]),
                (x, dr, g) => pull(x[0], x[1], dr, ref g[0], ref g[1]), p);
    }

    public static void Scalar(Func<double, double, double, double> f, G3 grad, P3 pull, params double[][] points)
    {
        foreach (var p in points)
            Gradient(x => f(x[0], x[1], x[2]),
                (x, g) => grad(x[0], x[1], x[2], ref g[0], ref g[1], ref g[2]),
                (x, dr, g) => pull(x[0], x[1], x[2], dr, ref g[0], ref g[1], ref g[2]), p);
    }

    /// <summary>Scalar gradient (value returned) without the finite-difference part: for exact kink conventions.</summary>
    public static double Exact(G1 grad, double x) { double d = 0; grad(x, ref d); return d; }
    public static (double, double) Exact(G2 grad, double x, double y) { double a = 0, b = 0; grad(x, y, ref a, ref b); return (a, b); }
    public static (double, double, double) Exact(G3 grad, double x, double y, double z) { double a = 0, b = 0, c = 0; grad(x, y, z, ref a, ref b, ref c); return (a, b, c); }

    // ---------------- float ----------------

    /// <summary>Float function check; <paramref name="reference"/> is the same formula in double, or null.</summary>
    public static float[] GradientF(Func<float[], float> f, GradF grad, PullF pull, Func<double[], double>? reference, params float[] x)
    {
        string at = "at (" + string.Join(", ", Array.ConvertAll(x, v => v.ToString("R"))) + ")";
        var g = new float[x.Length];
        float value = grad(x, g);
        float expectedValue = f(x);
        Assert.True(value.Equals(expectedValue), $"FGradient returned {value:R}, F returned {expectedValue:R} {at}");
        var gd = Array.ConvertAll(g, v => (double)v);
        var xd = Array.ConvertAll(x, v => (double)v);
        if (reference is not null)
        {
            // The reference must agree with the float function, else the comparison means nothing.
            Assert.True(Rho(reference(xd), expectedValue) <= 1e-4, $"reference {reference(xd)} disagrees with float F {expectedValue} {at}");
            Close(gd, FiniteDifference(reference, xd), FloatToleranceWithReference, "float gradient vs double reference " + at);
        }
        else
        {
            double[] fd = FiniteDifferences.Gradient(p => f(Array.ConvertAll(p, v => (float)v)), xd, relativeStep: 1e-2);
            Close(gd, fd, FloatTolerance, "float gradient vs float finite differences " + at);
        }
        var twice = new float[x.Length];
        grad(x, twice); grad(x, twice);
        var pb = new float[x.Length];
        pull(x, 2.5f, pb);
        for (int i = 0; i < x.Length; i++)
        {
            Assert.True(Rho(twice[i], 2.0 * g[i]) <= 1e-6, $"float accumulate [{i}] {twice[i]} vs 2*{g[i]} {at}");
            Assert.True(Rho(pb[i], 2.5 * g[i]) <= 1e-6, $"float pullback [{i}] {pb[i]} vs 2.5*{g[i]} {at}");
        }
        return g;
    }

    public static void ScalarF(Func<float, float> f, G1F grad, P1F pull, Func<double, double>? reference, params float[] points)
    {
        foreach (var p in points)
            GradientF(x => f(x[0]), (x, g) => grad(x[0], ref g[0]), (x, dr, g) => pull(x[0], dr, ref g[0]),
                reference is null ? null : x => reference(x[0]), p);
    }

    public static void ScalarF(Func<float, float, float> f, G2F grad, P2F pull, Func<double, double, double>? reference, params float[][] points)
    {
        foreach (var p in points)
            GradientF(x => f(x[0], x[1]), (x, g) => grad(x[0], x[1], ref g[0], ref g[1]), (x, dr, g) => pull(x[0], x[1], dr, ref g[0], ref g[1]),
                reference is null ? null : x => reference(x[0], x[1]), p);
    }

    /// <summary>An adjoint span of the wrong length must throw ArgumentException (shorter and longer).</summary>
    public static void WrongLength(Action<int> callWithAdjointLength, int correctLength)
    {
        Assert.ThrowsAny<ArgumentException>(() => callWithAdjointLength(correctLength + 1));
        if (correctLength > 0) Assert.ThrowsAny<ArgumentException>(() => callWithAdjointLength(correctLength - 1));
        callWithAdjointLength(correctLength); // and the right length does not throw
    }

    /// <summary>Splits a flat vector: the first n entries and the rest.</summary>
    public static double[] Slice(double[] x, int start, int length) => x.AsSpan(start, length).ToArray();
}
