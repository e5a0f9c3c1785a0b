using System;
using Xunit;

namespace AutoDiff.Tests.Generated;

public class ScratchTests
{
    static double[] Fd(Func<double[], double> f, double[] x)
    {
        var g = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double h = 1e-5 * Math.Max(1, Math.Abs(x[i]));
            double[] a = (double[])x.Clone(), b = (double[])x.Clone(), c = (double[])x.Clone(), d = (double[])x.Clone();
            a[i] += 2 * h; b[i] += h; c[i] -= h; d[i] -= 2 * h;
            g[i] = (-f(a) + 8 * f(b) - 8 * f(c) + f(d)) / (12 * h);
        }
        return g;
    }

    static void Close(double[] analytic, double[] numeric)
    {
        for (int i = 0; i < analytic.Length; i++)
            Assert.True(Math.Abs(analytic[i] - numeric[i]) / Math.Max(1, Math.Abs(analytic[i]) + Math.Abs(numeric[i])) <= 1e-6, $"[{i}] {analytic[i]} vs {numeric[i]}");
    }

    [Fact]
    public void Poly()
    {
        double dx = 0, dy = 0;
        double v = Scratch.PolyGradient(0.7, -1.3, ref dx, ref dy);
        Assert.Equal(Scratch.Poly(0.7, -1.3), v);
        Close(new[] { dx, dy }, Fd(p => Scratch.Poly(p[0], p[1]), new[] { 0.7, -1.3 }));
    }

    [Fact]
    public void Logistic()
    {
        double[] w = { 0.1, -0.2, 0.3 }, x = { 1, 2, -0.5 };
        var g = new double[3];
        Scratch.LogisticGradient(w, x, 1, g);
        Close(g, Fd(p => Scratch.Logistic(p, x, 1), w));
    }

    [Fact]
    public void Recur()
    {
        double dx = 0;
        Scratch.RecurGradient(0.9, 7, ref dx);
        Close(new[] { dx }, Fd(p => Scratch.Recur(p[0], 7), new[] { 0.9 }));
    }
}
