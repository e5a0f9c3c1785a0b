using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Deconstructing a tuple of values: C# takes every value (and every element's index) before it assigns any,
/// so a swap must not see its own first assignment.
/// </summary>
public static partial class Tuples
{
    // A Fibonacci-like swap in a loop: b's new value reads a's old one.
    [Differentiable]
    public static double Swap(double x, double y)
    {
        double a = x, b = y;
        for (int i = 0; i < 4; i++) (a, b) = (b, a + b * x);
        return a * b;
    }

    // New locals, a discard, and a declared type wider than the value.
    [Differentiable]
    public static double Declared(double x, double y)
    {
        var (u, v) = (x / (1 + y * y), x * y);
        (double p, _) = (u * u, v);
        (double q, int n) = (3, 2);
        return u + v * p + q * n * x;
    }

    // Elements of a local array swapped, and an element whose index the same statement changes.
    [Differentiable(nameof(w))]
    public static double Elements(double[] w)
    {
        double[] a = new double[w.Length];
        for (int i = 0; i < w.Length; i++) a[i] = w[i] * (i + 1);
        (a[0], a[w.Length - 1]) = (a[w.Length - 1] * a[0], a[0]);
        int k = 1;
        (k, a[k]) = (2, a[k] * a[2]);
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += a[i] * a[i] * (i + 1) + k * a[i];
        return s;
    }
}

public static partial class Tuples
{
    static (double U, double V) Project(ReadOnlySpan<double> cam, ReadOnlySpan<double> x)
    {
        double z = x[2] + cam[2];
        if (z < 0.5) return (cam[0], 0.5 * x[1]);
        return ((x[0] + cam[0]) / z, (x[1] + cam[1]) / z);
    }

    static (double Square, int Sign) SquareAndSign(double a) => (a * a, a < 0 ? -1 : 1);

    // A helper's tuple (with an early return), a discarded element, an int element, and locals assigned again.
    [Differentiable(nameof(cam))]
    public static double FromHelpers(double[] cam, double[] x, int row)
    {
        var (u, v) = Project(cam, x);
        (double s, _) = SquareAndSign(u);
        (_, int sign) = SquareAndSign(v);
        (u, v) = Project(x, cam);
        return row == 0 ? u * s * sign : v * s + u;
    }

    // The helper's tuple inside a loop, feeding the next iteration.
    [Differentiable(nameof(w))]
    public static double HelperInLoop(double[] w)
    {
        double a = w[0], b = w[1];
        for (int i = 2; i < w.Length; i++)
        {
            (a, b) = Rotate(a, b, w[i]);
        }
        return a * a + 3 * b;
    }

    // A tuple returned from inside the helper's loop, and a swap of what Math.SinCos gave.
    [Differentiable(nameof(w))]
    public static double EarlyReturn(double[] w)
    {
        var (v, i) = FirstPositive(w);
        var (s, c) = Math.SinCos(v);
        (s, c) = (c * w[0], s);
        return v * v + i * w[1] + s * c;
    }

    static (double, int) FirstPositive(ReadOnlySpan<double> v)
    {
        for (int i = 0; i < v.Length; i++)
            if (v[i] > 0) return (v[i], i);
        return (0, -1);
    }

    static (double, double) Rotate(double a, double b, double t) => (a * Math.Cos(t) - b * Math.Sin(t), a * Math.Sin(t) + b * Math.Cos(t));
}

public class TuplesTests
{
    [Fact]
    public void Swap() =>
        Check.Scalar(Tuples.Swap, Tuples.SwapGradient, Tuples.SwapPullback, new[] { 0.7, -0.4 }, new[] { -1.2, 0.9 });

    [Fact]
    public void Declared() =>
        Check.Scalar(Tuples.Declared, Tuples.DeclaredGradient, Tuples.DeclaredPullback, new[] { 0.7, -0.4 }, new[] { -1.2, 0.9 });

    [Fact]
    public void Elements()
    {
        foreach (double[] w in new[] { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6 } })
        {
            var g = new double[w.Length];
            Tuples.ElementsGradient(w, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(Tuples.Elements, w));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void FromHelpers(int row)
    {
        // cam[2] decides which of Project's returns runs: both are taken.
        foreach (double[] cam in new[] { new[] { 0.3, -0.7, 0.45 }, new[] { -1.1, 0.4, -2.6 } })
        {
            double[] x = { 0.4, -0.3, 2.5 };
            var g = new double[3];
            Tuples.FromHelpersGradient(cam, x, row, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(c => Tuples.FromHelpers(c, x, row), cam));
        }
    }

    [Fact]
    public void HelperInLoop()
    {
        foreach (double[] w in new[] { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6 } })
        {
            var g = new double[w.Length];
            Tuples.HelperInLoopGradient(w, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(Tuples.HelperInLoop, w));
        }
    }

    [Fact]
    public void EarlyReturn()
    {
        foreach (double[] w in new[] { new[] { -0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { 1.1, 0.4, -0.6 }, new[] { -1.1, -0.4 } })
        {
            var g = new double[w.Length];
            Tuples.EarlyReturnGradient(w, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(Tuples.EarlyReturn, w));
        }
    }
}
