using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class Loops
{
    [Differentiable]
    public static double Nested(double[] w, int rows)
    {
        int cols = w.Length / rows;
        double s = 0;
        for (int i = 0; i < rows; i++)
        {
            double r = 0;
            for (int j = 0; j < cols; j++) r += w[i * cols + j] * (j + 1);
            s += r * r;
        }
        return s;
    }

    [Differentiable]
    public static double TripleNested(double x, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
                for (int k = j; k < n; k++)
                    s += Math.Sin(x * (i + 1) + j - k) * 0.1;
        return s;
    }

    [Differentiable]
    public static double Decreasing(double[] w)
    {
        double s = 1;
        for (int i = w.Length - 1; i >= 0; i--) s = s * w[i] + 1;
        return s;
    }

    [Differentiable]
    public static double StepTwo(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i += 2) s += w[i] * w[i];
        for (int i = 1; i < w.Length; i += 2) s -= Math.Exp(w[i] * 0.5) * s;
        return s;
    }

    [Differentiable]
    public static double StepThreeDown(double[] w)
    {
        double s = 0.5;
        for (int i = w.Length - 1; i >= 0; i -= 3) s = s * s + w[i];
        return s;
    }

    [Differentiable]
    public static double EmptyTripCount(double x, int n)
    {
        double s = x * 2;
        for (int i = 0; i < n; i++) s = s * x;
        for (int i = n; i < 0; i++) s += 100 * x;
        return s;
    }

    [Differentiable]
    public static double LocalsInsideLoop(double[] w, double x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double t = w[i] * x;
            double u = Math.Sin(t) + t * s;
            t = u * u;
            s += t;
        }
        return s;
    }

    [Differentiable]
    public static double RepeatedMap(double x, int n)
    {
        for (int i = 0; i < n; i++) x = Math.Cos(x) + 0.5 * x;
        return x;
    }

    [Differentiable]
    public static double Logistic(double r, double x0, int n)
    {
        double x = x0;
        for (int i = 0; i < n; i++) x = r * x * (1 - x);
        return x;
    }

    [Differentiable]
    public static double InPlaceLocalArray(double[] w)
    {
        int n = w.Length;
        double[] a = new double[n];   // size from a local (was rejected with ADIFF0105 before main 22d7e71)
        for (int i = 0; i < n; i++) a[i] = w[i];
        for (int i = 1; i < n; i++) a[i] = a[i] * a[i - 1] + a[i];
        for (int i = n - 2; i >= 0; i--) a[i] = a[i] - 0.5 * a[i + 1] * a[i];
        a[0] *= a[n - 1];
        a[1] += a[0];
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i];
        return s;
    }

    [Differentiable]
    public static double RepeatedSweeps(double[] w, int sweeps)
    {
        double[] a = new double[w.Length];
        int n = a.Length;
        for (int i = 0; i < n; i++) a[i] = w[i];
        for (int s = 0; s < sweeps; s++)
            for (int i = 1; i < n - 1; i++)
                a[i] = (a[i - 1] + a[i] + a[i + 1]) / 3 + 0.1 * Math.Sin(a[i]);
        double r = 0;
        for (int i = 0; i < n; i++) r += a[i] * a[i] * (i + 1);
        return r;
    }

    [Differentiable]
    public static double BoundsFromLength(double[] a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++)
            for (int j = 0; j < b.Length; j++)
                s += a[i] * b[j] / (1 + i + j);
        return s * s;
    }

    [Differentiable]
    public static double LoopVariableInFormula(double x, int n)
    {
        double s = 0;
        for (int i = 1; i <= n; i++) s += Math.Pow(x, i) / i;
        return s;
    }

    [Differentiable]
    public static double LoopCounterNotInt(double x)
    {
        double s = 0;
        int count = 0;
        for (double t = 0; t < 1; t += 0.25) { s += Math.Sin(x * t); count++; }
        return s * count;
    }

    [Differentiable]
    public static double MultipleLoopVariables(double[] w)
    {
        double s = 0;
        for (int i = 0, j = w.Length - 1; i < j; i++, j--) s += w[i] * w[j];
        return s;
    }

    [Differentiable]
    public static double Horner(double[] c, double x)
    {
        double y = 0;
        for (int i = c.Length - 1; i >= 0; i--) y = y * x + c[i];
        return y;
    }

    [Differentiable]
    public static double ProductOfAll(double[] w)
    {
        double p = 1;
        for (int i = 0; i < w.Length; i++) p *= w[i];
        return p;
    }

    [Differentiable]
    public static double CumulativeDivide(double[] w)
    {
        double p = 10;
        for (int i = 0; i < w.Length; i++) p /= w[i];
        return p;
    }
}

public class LoopsTests
{
    static void Array1(Func<double[], double> f, Check.Grad grad, Check.Pull pull, int seed, int dim, double lo = -1, double hi = 1)
        => Check.At(f, grad, pull, Check.Points(seed, 3, dim, lo, hi));

    [Fact]
    public void Nested()
    {
        foreach (int rows in new[] { 1, 2, 3 })
            Array1(w => Loops.Nested(w, rows), (w, g) => Loops.NestedGradient(w, rows, g), (w, dr, g) => Loops.NestedPullback(w, rows, dr, g), 41, 6);
    }

    [Fact]
    public void TripleNested()
    {
        foreach (int n in new[] { 0, 1, 3 })
            Check.Scalar(x => Loops.TripleNested(x, n), (double x, ref double dx) => Loops.TripleNestedGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Loops.TripleNestedPullback(x, n, dr, ref dx), 0.4, -1.1);
    }

    [Fact] public void Decreasing() => Array1(w => Loops.Decreasing(w), (w, g) => Loops.DecreasingGradient(w, g), (w, dr, g) => Loops.DecreasingPullback(w, dr, g), 42, 5);
    [Fact] public void StepTwo() => Array1(w => Loops.StepTwo(w), (w, g) => Loops.StepTwoGradient(w, g), (w, dr, g) => Loops.StepTwoPullback(w, dr, g), 43, 7);
    [Fact] public void StepThreeDown() => Array1(w => Loops.StepThreeDown(w), (w, g) => Loops.StepThreeDownGradient(w, g), (w, dr, g) => Loops.StepThreeDownPullback(w, dr, g), 44, 8);

    [Fact]
    public void EmptyTripCount()
    {
        foreach (int n in new[] { 0, -2, 3 })
            Check.Scalar(x => Loops.EmptyTripCount(x, n), (double x, ref double dx) => Loops.EmptyTripCountGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Loops.EmptyTripCountPullback(x, n, dr, ref dx), 0.4, -1.1);
        Assert.Equal(2.0, Check.Exact((double x, ref double dx) => Loops.EmptyTripCountGradient(x, 0, ref dx), 0.7));
    }

    [Fact] public void LocalsInsideLoop() => Array1(p => Loops.LocalsInsideLoop(p[..4], p[4]), (p, g) => Loops.LocalsInsideLoopGradient(p[..4], p[4], g.AsSpan(0, 4), ref g[4]), (p, dr, g) => Loops.LocalsInsideLoopPullback(p[..4], p[4], dr, g.AsSpan(0, 4), ref g[4]), 45, 5);

    [Fact]
    public void RepeatedMap()
    {
        foreach (int n in new[] { 0, 1, 10 })
            Check.Scalar(x => Loops.RepeatedMap(x, n), (double x, ref double dx) => Loops.RepeatedMapGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Loops.RepeatedMapPullback(x, n, dr, ref dx), 0.4, -1.1, 2.5);
    }

    [Fact]
    public void Logistic()
    {
        foreach (int n in new[] { 1, 5, 12 })
            Check.Scalar((r, x) => Loops.Logistic(r, x, n), (double r, double x, ref double dr, ref double dx) => Loops.LogisticGradient(r, x, n, ref dr, ref dx),
                (double r, double x, double d, ref double dr, ref double dx) => Loops.LogisticPullback(r, x, n, d, ref dr, ref dx), new[] { 2.5, 0.3 }, new[] { 3.2, 0.6 });
    }

    [Fact] public void InPlaceLocalArray() => Array1(w => Loops.InPlaceLocalArray(w), (w, g) => Loops.InPlaceLocalArrayGradient(w, g), (w, dr, g) => Loops.InPlaceLocalArrayPullback(w, dr, g), 46, 5);

    [Fact]
    public void RepeatedSweeps()
    {
        foreach (int s in new[] { 0, 1, 4 })
            Array1(w => Loops.RepeatedSweeps(w, s), (w, g) => Loops.RepeatedSweepsGradient(w, s, g), (w, dr, g) => Loops.RepeatedSweepsPullback(w, s, dr, g), 47, 6);
    }

    [Fact]
    public void BoundsFromLength() => Array1(p => Loops.BoundsFromLength(p[..3], p.AsSpan(3)),
        (p, g) => Loops.BoundsFromLengthGradient(p[..3], p.AsSpan(3), g.AsSpan(0, 3), g.AsSpan(3)),
        (p, dr, g) => Loops.BoundsFromLengthPullback(p[..3], p.AsSpan(3), dr, g.AsSpan(0, 3), g.AsSpan(3)), 48, 7);

    [Fact]
    public void LoopVariableInFormula()
    {
        foreach (int n in new[] { 0, 1, 6 })
            Check.Scalar(x => Loops.LoopVariableInFormula(x, n), (double x, ref double dx) => Loops.LoopVariableInFormulaGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Loops.LoopVariableInFormulaPullback(x, n, dr, ref dx), 0.4, -1.1);
    }

    [Fact] public void LoopCounterNotInt() => Check.Scalar(Loops.LoopCounterNotInt, Loops.LoopCounterNotIntGradient, Loops.LoopCounterNotIntPullback, 0.4, -2.1);
    [Fact] public void MultipleLoopVariables() => Array1(w => Loops.MultipleLoopVariables(w), (w, g) => Loops.MultipleLoopVariablesGradient(w, g), (w, dr, g) => Loops.MultipleLoopVariablesPullback(w, dr, g), 49, 7);
    [Fact] public void Horner() => Array1(p => Loops.Horner(p[..5], p[5]), (p, g) => Loops.HornerGradient(p[..5], p[5], g.AsSpan(0, 5), ref g[5]), (p, dr, g) => Loops.HornerPullback(p[..5], p[5], dr, g.AsSpan(0, 5), ref g[5]), 50, 6);
    [Fact] public void ProductOfAll() => Array1(w => Loops.ProductOfAll(w), (w, g) => Loops.ProductOfAllGradient(w, g), (w, dr, g) => Loops.ProductOfAllPullback(w, dr, g), 51, 5, 0.5, 1.5);
    [Fact] public void CumulativeDivide() => Array1(w => Loops.CumulativeDivide(w), (w, g) => Loops.CumulativeDivideGradient(w, g), (w, dr, g) => Loops.CumulativeDividePullback(w, dr, g), 52, 5, 0.5, 1.5);

    [Fact]
    public void ProductWithZeroFactor()
    {
        // d/dw_i prod = prod_{j != i} w_j; with w_1 = 0 only that entry is nonzero (an implementation
        // that divides the product by w_i would produce NaN here).
        var w = new[] { 2.0, 0.0, 3.0, -1.5 };
        var g = new double[4];
        Loops.ProductOfAllGradient(w, g);
        Assert.Equal(new[] { 0.0, -9.0, 0.0, 0.0 }, g);
    }
}
