using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Helpers with out parameters run inlined; each out argument is assigned once the helper has run, so a
/// local passed both in and out keeps its old value for the helper's reads.
/// </summary>
public static partial class OutArguments
{
    static void Project(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, out double u, out double v)
    {
        double z = x[2] + cam[2];
        u = (x[0] + cam[0]) / z;
        v = (x[1] + cam[1]) / z;
    }

    static double SinAndSquare(double a, out double square)
    {
        square = a * a;
        return Math.Sin(a);
    }

    static void Halve(double a, out double half, out int sign)
    {
        half = a;
        half *= 0.5;
        sign = a < 0 ? -1 : 1;
    }

    // New locals, an existing local, a discard, and a value-returning helper.
    [Differentiable(nameof(cam))]
    public static double Projection(double[] cam, double[] x, int row)
    {
        Project(cam, x, out double u, out double v);
        double s = SinAndSquare(u, out double square);
        double t;
        SinAndSquare(v, out t);
        Halve(t, out _, out int sign);
        return row == 0 ? u * s + t * sign : v * square;
    }

    // The same local in and out: the helper reads its old value throughout.
    [Differentiable(nameof(w))]
    public static double InAndOut(double[] w)
    {
        double a = w[0] * w[1];
        Halve(a, out a, out int sign);
        Halve(a * w[2], out a, out _);
        return a * sign + w[2] * a;
    }

    // The helper returns early on one path; both paths assign every out parameter.
    [Differentiable]
    public static double EarlyReturn(double x)
    {
        Split(x, out var a, out var b);
        return a * b + a;
    }

    static void Split(double x, out double a, out double b)
    {
        if (x > 0) { a = x; b = x * x; return; }
        a = -x;
        b = 0.5 * x;
    }

    // Called in a loop: each iteration's outputs accumulate.
    [Differentiable(nameof(w))]
    public static double InLoop(double[] w)
    {
        double sum = 0;
        for (int i = 0; i + 1 < w.Length; i++)
        {
            double s = SinAndSquare(w[i] * w[i + 1], out double square);
            sum += s * square;
        }
        return sum;
    }
}

public class OutArgumentsTests
{
    static readonly double[][] Points = { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6, 0.2, 0.8 } };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Projection(int row)
    {
        double[] x = { 0.4, -0.3, 2.5 };
        foreach (double[] w in Points)
        {
            double[] cam = w[..3];
            var g = new double[3];
            OutArguments.ProjectionGradient(cam, x, row, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(c => OutArguments.Projection(c, x, row), cam));
        }
    }

    [Fact]
    public void InAndOut()
    {
        foreach (double[] w in Points)
        {
            var g = new double[w.Length];
            OutArguments.InAndOutGradient(w, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(OutArguments.InAndOut, w));
        }
    }

    [Fact]
    public void InLoop()
    {
        foreach (double[] w in Points)
        {
            var g = new double[w.Length];
            OutArguments.InLoopGradient(w, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(OutArguments.InLoop, w));
        }
    }

    [Fact]
    public void EarlyReturn() =>
        Check.Scalar(OutArguments.EarlyReturn, OutArguments.EarlyReturnGradient, OutArguments.EarlyReturnPullback, 0.7, -0.4, 1.3);
}
