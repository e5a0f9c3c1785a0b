using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class Jumps
{
    [Differentiable]
    public static double While(double x, int n)
    {
        double s = 1;
        int i = 0;
        while (i < n) { s = s * x + Math.Sin(s); i++; }
        return s;
    }

    [Differentiable]
    public static double DoWhile(double x, int n)
    {
        double s = x;
        int i = 0;
        do { s = s * s * 0.5 + x; i++; } while (i < n);   // runs at least once even for n = 0
        return s;
    }

    [Differentiable]
    public static double ForeachArray(double[] w, double x)
    {
        double s = 0;
        foreach (double v in w) s += Math.Exp(v * x) * s + v;
        return s;
    }

    [Differentiable]
    public static double ForeachSpan(ReadOnlySpan<double> w, double x)
    {
        double s = x;
        foreach (var v in w) s = s * v + Math.Cos(v);
        return s;
    }

    [Differentiable]
    public static double ForeachLocalArray(double x)
    {
        double[] a = { x, x * x, Math.Sin(x) };
        double s = 0;
        foreach (double v in a) s = s * 0.5 + v * v;
        return s;
    }

    [Differentiable]
    public static double Break(double[] w, double limit)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            s += w[i] * w[i];
            if (s > limit) break;
            s *= 1.5;
        }
        return s;
    }

    [Differentiable]
    public static double Continue(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] < 0) continue;
            s += Math.Sqrt(w[i]) * (s + 1);
        }
        return s;
    }

    [Differentiable]
    public static double WhileTrueBreakContinue(double x, int n)
    {
        double s = 0;
        int k = 0;
        while (true)
        {
            k++;
            if (k > n) break;
            if (k % 2 == 0) continue;
            s += Math.Sin(s + x * k);
        }
        return s;
    }

    [Differentiable]
    public static double EarlyReturnNested(double x, int n)
    {
        double s = x;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                s = s * 1.1 + Math.Cos(s);
                if (s > 5) return s * 2;
            }
        }
        return s - 1;
    }

    [Differentiable]
    public static double EarlyReturnFromWhile(double[] w)
    {
        int i = 0;
        double s = 0;
        while (i < w.Length)
        {
            double t = w[i] * w[i];
            if (t > 1) return s + t;
            s += t * s + w[i];
            i++;
        }
        return s;
    }

    /// <summary>Newton iteration for the cube root of a: data-dependent trip count.</summary>
    [Differentiable]
    public static double NewtonCubeRoot(double a)
    {
        double x = a > 1 ? a : 1;
        double f = x * x * x - a;
        int it = 0;
        while (Math.Abs(f) > 1e-12 && it < 50)
        {
            x = x - f / (3 * x * x);
            f = x * x * x - a;
            it++;
        }
        return x;
    }

    [Differentiable]
    public static double BreakFromInnerOnly(double[] w)
    {
        double s = 0;
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < w.Length; j++)
            {
                if (j > i + 1) break;
                s += w[j] * (i + 1) * Math.Tanh(s);
            }
            s += 0.1;
        }
        return s;
    }

    [Differentiable]
    public static double DataDependentWhile(double x)
    {
        double s = x;
        int n = 0;
        while (s < 10) { s = s * 1.7 + 0.3; n++; }
        return s + n;
    }

    [Differentiable]
    public static double SwitchInLoop(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            switch (i % 3)
            {
                case 0: s += w[i]; break;
                case 1: s *= w[i]; break;
                default:
                    if (s > 0) s = Math.Sqrt(s + w[i] * w[i]);
                    else continue;
                    break;
            }
            s += 0.01 * s * s;
        }
        return s;
    }

    [Differentiable]
    public static double ForeachWithBreak(double[] w)
    {
        double s = 0;
        foreach (double v in w)
        {
            if (v > 0.8) break;
            if (v < -0.8) continue;
            s = s * v + v * v;
        }
        return s;
    }
}

public class JumpsTests
{
    [Fact]
    public void While()
    {
        foreach (int n in new[] { 0, 1, 5 })
            Check.Scalar(x => Jumps.While(x, n), (double x, ref double dx) => Jumps.WhileGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Jumps.WhilePullback(x, n, dr, ref dx), 0.4, -0.7);
    }

    [Fact]
    public void DoWhile()
    {
        foreach (int n in new[] { 0, 1, 4 })
            Check.Scalar(x => Jumps.DoWhile(x, n), (double x, ref double dx) => Jumps.DoWhileGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Jumps.DoWhilePullback(x, n, dr, ref dx), 0.4, -0.7);
        // n = 0: body runs once: s = x^2/2 + x, ds/dx = x + 1
        Assert.Equal(1.4, Check.Exact((double x, ref double dx) => Jumps.DoWhileGradient(x, 0, ref dx), 0.4), 14);
    }

    [Fact]
    public void ForeachArray() => Check.At(p => Jumps.ForeachArray(p[..4], p[4]),
        (p, g) => Jumps.ForeachArrayGradient(p[..4], p[4], g.AsSpan(0, 4), ref g[4]),
        (p, dr, g) => Jumps.ForeachArrayPullback(p[..4], p[4], dr, g.AsSpan(0, 4), ref g[4]), Check.Points(61, 3, 5));

    [Fact]
    public void ForeachSpan() => Check.At(p => Jumps.ForeachSpan(p.AsSpan(0, 4), p[4]),
        (p, g) => Jumps.ForeachSpanGradient(p.AsSpan(0, 4), p[4], g.AsSpan(0, 4), ref g[4]),
        (p, dr, g) => Jumps.ForeachSpanPullback(p.AsSpan(0, 4), p[4], dr, g.AsSpan(0, 4), ref g[4]), Check.Points(62, 3, 5));

    [Fact] public void ForeachLocalArray() => Check.Scalar(Jumps.ForeachLocalArray, Jumps.ForeachLocalArrayGradient, Jumps.ForeachLocalArrayPullback, 0.4, -1.3);

    [Fact]
    public void Break()
    {
        foreach (double limit in new[] { 0.5, 2.0, 100 })
            Check.At(p => Jumps.Break(p[..4], p[4]), (p, g) => Jumps.BreakGradient(p[..4], p[4], g.AsSpan(0, 4), ref g[4]),
                (p, dr, g) => Jumps.BreakPullback(p[..4], p[4], dr, g.AsSpan(0, 4), ref g[4]), new[] { 0.3, -0.6, 0.9, 0.2, limit });
    }

    [Fact]
    public void Continue() => Check.At(w => Jumps.Continue(w), (w, g) => Jumps.ContinueGradient(w, g), (w, dr, g) => Jumps.ContinuePullback(w, dr, g),
        new[] { 0.3, -0.6, 0.9, 0.2 }, new[] { -0.3, 0.6, -0.9, 0.2 });

    [Fact]
    public void WhileTrueBreakContinue()
    {
        foreach (int n in new[] { 0, 1, 7 })
            Check.Scalar(x => Jumps.WhileTrueBreakContinue(x, n), (double x, ref double dx) => Jumps.WhileTrueBreakContinueGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Jumps.WhileTrueBreakContinuePullback(x, n, dr, ref dx), 0.3, -0.45);
    }

    [Fact]
    public void EarlyReturnNested()
    {
        foreach (int n in new[] { 0, 1, 4 })
            Check.Scalar(x => Jumps.EarlyReturnNested(x, n), (double x, ref double dx) => Jumps.EarlyReturnNestedGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Jumps.EarlyReturnNestedPullback(x, n, dr, ref dx), 0.3, 2.9);
    }

    [Fact]
    public void EarlyReturnFromWhile() => Check.At(w => Jumps.EarlyReturnFromWhile(w), (w, g) => Jumps.EarlyReturnFromWhileGradient(w, g),
        (w, dr, g) => Jumps.EarlyReturnFromWhilePullback(w, dr, g), new[] { 0.3, -0.6, 0.9, 0.2 }, new[] { 0.3, -1.6, 0.9, 0.2 }, new[] { 1.3, 0.1 });

    [Fact]
    public void NewtonCubeRoot()
    {
        Check.Scalar(Jumps.NewtonCubeRoot, Jumps.NewtonCubeRootGradient, Jumps.NewtonCubeRootPullback, 2.0, 8.5, 0.7);
        // Converged Newton: the derivative of the iterate approximates d cbrt(a)/da = 1/(3 a^(2/3)).
        double d = Check.Exact(Jumps.NewtonCubeRootGradient, 27.0);
        Assert.Equal(1.0 / 27, d, 9);
    }

    [Fact]
    public void BreakFromInnerOnly() => Check.At(w => Jumps.BreakFromInnerOnly(w), (w, g) => Jumps.BreakFromInnerOnlyGradient(w, g),
        (w, dr, g) => Jumps.BreakFromInnerOnlyPullback(w, dr, g), Check.Points(63, 3, 5));

    [Fact] public void DataDependentWhile() => Check.Scalar(Jumps.DataDependentWhile, Jumps.DataDependentWhileGradient, Jumps.DataDependentWhilePullback, 0.4, 3.3, 12);

    [Fact]
    public void SwitchInLoop() => Check.At(w => Jumps.SwitchInLoop(w), (w, g) => Jumps.SwitchInLoopGradient(w, g),
        (w, dr, g) => Jumps.SwitchInLoopPullback(w, dr, g), [.. Check.Points(64, 3, 7), new[] { -0.5, 0.5, 0.3, 0.2, 0.4, 0.1, 0.7 }]);

    [Fact]
    public void ForeachWithBreak() => Check.At(w => Jumps.ForeachWithBreak(w), (w, g) => Jumps.ForeachWithBreakGradient(w, g),
        (w, dr, g) => Jumps.ForeachWithBreakPullback(w, dr, g), new[] { 0.3, -0.9, 0.5, 0.9, 0.2 }, new[] { 0.3, -0.5, 0.5, 0.7, 0.2 });
}
