using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// A temporary of an inner loop computed from temporaries of the loops around it (generator's
/// AdjointBuilder.FixedInIteration): GMM's <c>v = x[xb + j] - means[mb + j]</c> with <c>xb = i * d</c> set per point
/// and <c>mb = k * d</c> per component is computed again in the reversed iteration instead of being saved, since
/// the enclosing reversed iterations give xb and mb their forward values first. The look-alikes read a scalar the
/// enclosing body sets after the inner loop, or sets twice: the reverse would see another value.
/// </summary>
public static partial class IterationTemporaries
{
    // Points (a loop whose iterations' reverses run at once) by components (reversed backwards) by coordinates.
    [Differentiable(nameof(w))]
    public static double Mahalanobis(double[] w, double[] x, int d)
    {
        int n = x.Length / d, K = w.Length / d;
        Span<double> y = stackalloc double[d];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            int xb = i * d;
            double s = 0;
            for (int k = 0; k < K; k++)
            {
                int mb = k * d;
                for (int j = 0; j < d; j++)
                {
                    double v = x[xb + j] - w[mb + j];
                    y[j] = w[j] * v + Math.Sin(v);
                }
                double q = 0;
                for (int j = 0; j < d; j++) q += y[j] * y[j];
                s += Math.Exp(-0.5 * q);
            }
            total += Math.Log(s);
        }
        return total;
    }

    // GMM from span kernels: xc is filled again at the start of each reversed component, so the packed
    // triangle's alpha = xc[c] is computed again too.
    [Differentiable(nameof(w))]
    public static double KernelTriangle(double[] w, double[] x, int d)
    {
        int K = 2, T = d * (d + 1) / 2;
        Span<double> xc = stackalloc double[d];
        Span<double> y = stackalloc double[d];
        double s = 0;
        for (int k = 0; k < K; k++)
        {
            for (int j = 0; j < d; j++) xc[j] = x[j] - w[k * d + j];
            for (int j = 0; j < d; j++) y[j] = Math.Exp(w[k * T + j]) * xc[j];
            int start = k * T + d;
            for (int c = 0; c < d - 1; c++)
            {
                double alpha = xc[c];
                for (int r = c + 1; r < d; r++) y[r] += alpha * w[start + r - c - 1];
                start += d - c - 1;
            }
            double q = 0;
            for (int j = 0; j < d; j++) q += y[j] * y[j];
            s += Math.Exp(-q);
        }
        return Math.Log(s);
    }

    // Look-alike: xc[0] is overwritten after the triangle, and no reverse block reads xc, so the write saves
    // nothing: alpha = xc[c] must be saved, not computed again.
    [Differentiable(nameof(w))]
    public static double KernelTriangleOverwritten(double[] w, double[] x, int d)
    {
        int K = 2, T = d * (d + 1) / 2;
        Span<double> xc = stackalloc double[d];
        Span<double> y = stackalloc double[d];
        double s = 0;
        for (int k = 0; k < K; k++)
        {
            for (int j = 0; j < d; j++) xc[j] = x[j] - w[k * d + j];
            for (int j = 0; j < d; j++) y[j] = xc[j] + Math.Exp(w[k * T + j]);
            int start = k * T + d;
            for (int c = 0; c < d - 1; c++)
            {
                double alpha = xc[c];
                for (int r = c + 1; r < d; r++) y[r] += alpha * w[start + r - c - 1];
                start += d - c - 1;
            }
            xc[0] = 5;
            double q = 0;
            for (int j = 0; j < d; j++) q += y[j] * y[j];
            s += Math.Exp(-q);
        }
        return Math.Log(s);
    }

    // Look-alikes: c is set twice in each component, the inner loop between the two; only v's value reads it,
    // no reverse block, so the second write saves nothing and the reverse would see k + 1.
    [Differentiable(nameof(w))]
    public static double SetTwice(double[] w, int d)
    {
        double s = 1;
        Span<double> y = stackalloc double[d];
        for (int k = 0; k < 3; k++)
        {
            double c = k * 0.5;
            for (int j = 0; j < d; j++)
            {
                double v = w[j] + c;
                y[j] = v * v * s;
            }
            c = k + 1;
            s = Math.Sin(s + y[k % d] * w[(k + 1) % d]) + c;
        }
        return s;
    }

    // ... and the same with the second write after the inner loop in a loop whose iterations' reverses run at once.
    [Differentiable(nameof(w))]
    public static double SetAfter(double[] w, int d)
    {
        double total = 0;
        Span<double> y = stackalloc double[d];
        for (int i = 0; i < 3; i++)
        {
            double c = i * 0.25;
            for (int j = 0; j < d; j++)
            {
                double v = w[j] + c;
                y[j] = v * v * w[(j + i) % d];
            }
            c = 2;
            double q = 0;
            for (int j = 0; j < d; j++) q += y[j] * y[j] * c;
            total += q;
        }
        return total;
    }
}

public class IterationTemporariesTests
{
    static readonly double[][] Points =
    {
        new[] { 0.3, -0.7, 0.45, 0.9, -0.2, 0.6, 0.1, -0.5, 0.35, 0.7, -0.15, 0.25 },
        new[] { -1.1, 0.4, -0.6, 0.2, 0.8, -0.3, 0.5, 0.05, -0.45, 0.65, -0.2, 0.15 },
    };

    static void Matches(Func<double[], double> f, Check.Grad gradient, Check.Pull pullback) => Check.At(f, gradient, pullback, Points);

    static readonly double[] X = { 0.2, -0.4, 0.9, 0.1, -0.3, 0.5 };

    [Fact] public void Mahalanobis() => Matches(w => IterationTemporaries.Mahalanobis(w, X, 2), (w, g) => IterationTemporaries.MahalanobisGradient(w, X, 2, g), (w, dr, g) => IterationTemporaries.MahalanobisPullback(w, X, 2, dr, g));
    static readonly double[] X3 = { 0.2, -0.4, 0.9 };

    [Fact] public void KernelTriangle() => Matches(w => IterationTemporaries.KernelTriangle(w, X3, 3), (w, g) => IterationTemporaries.KernelTriangleGradient(w, X3, 3, g), (w, dr, g) => IterationTemporaries.KernelTrianglePullback(w, X3, 3, dr, g));
    [Fact] public void KernelTriangleOverwritten() => Matches(w => IterationTemporaries.KernelTriangleOverwritten(w, X3, 3), (w, g) => IterationTemporaries.KernelTriangleOverwrittenGradient(w, X3, 3, g), (w, dr, g) => IterationTemporaries.KernelTriangleOverwrittenPullback(w, X3, 3, dr, g));
    [Fact] public void SetAfter() => Matches(w => IterationTemporaries.SetAfter(w, 3), (w, g) => IterationTemporaries.SetAfterGradient(w, 3, g), (w, dr, g) => IterationTemporaries.SetAfterPullback(w, 3, dr, g));
    [Fact] public void SetTwice() => Matches(w => IterationTemporaries.SetTwice(w, 3), (w, g) => IterationTemporaries.SetTwiceGradient(w, 3, g), (w, dr, g) => IterationTemporaries.SetTwicePullback(w, 3, dr, g));
}
