using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// One scratch buffer carved into consecutive slices (generator's FunctionLowering.Carving): when the slices
/// provably tile it, each is an array of its own. The look-alikes must keep the views, because the slices
/// overlap or the buffer is read as a whole; each one's value depends on the aliasing, so splitting it would
/// give a wrong value and gradient.
/// </summary>
public static partial class CarvedBuffers
{
    // GMM's shape: per-component diagonals, a centred point and its product, in one stackalloc.
    [Differentiable(nameof(w))]
    public static double Components(double[] w, double[] x, int k)
    {
        int d = x.Length;
        Span<double> scratch = stackalloc double[k * d + 2 * d];
        scratch.Clear();
        Span<double> diag = scratch.Slice(0, k * d);
        Span<double> xc = scratch.Slice(k * d, d);
        Span<double> y = scratch.Slice(k * d + d, d);
        for (int j = 0; j < k * d; j++) diag[j] = Math.Exp(w[j % w.Length]);
        double s = 0;
        for (int c = 0; c < k; c++)
        {
            for (int j = 0; j < d; j++)
            {
                xc[j] = x[j] - w[j + c];
                y[j] = diag[c * d + j] * xc[j];
            }
            for (int j = 1; j < d; j++) y[j] += w[j - 1] * xc[j - 1];
            for (int j = 0; j < d; j++) s += y[j] * y[j];
        }
        return s;
    }

    // Ranges, a slice to the end, a slice from the end and slices declared out of order; the buffer is new double[].
    [Differentiable(nameof(w))]
    public static double Ranges(double[] w)
    {
        int n = w.Length;
        var buffer = new double[3 * n + 2];
        Span<double> tail = buffer.AsSpan(2 * n);
        Span<double> head = buffer.AsSpan(0, n);
        Span<double> middle = buffer.AsSpan(n, n);
        for (int i = 0; i < n; i++)
        {
            head[i] = w[i] * w[i];
            middle[i] = Math.Sin(head[i]) + w[n - 1 - i];
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += middle[i] * head[(i + 1) % n];
        tail[0] = s;
        tail[n + 1] = tail[0] * w[0];
        return tail[n + 1] + tail[0];
    }

    [Differentiable(nameof(w))]
    public static double SpanRanges(double[] w)
    {
        int n = w.Length;
        Span<double> all = stackalloc double[2 * n + 1];
        Span<double> first = all[..n];
        Span<double> last = all[^1..];
        Span<double> second = all[n..^1];
        for (int i = 0; i < n; i++) first[i] = Math.Exp(w[i]);
        for (int i = 0; i < n; i++) second[i] = first[i] * w[(i + 1) % n];
        for (int i = 0; i < n; i++) last[0] += second[i] * first[i];
        return last[0];
    }

    // The buffer cleared in a loop after a slice was written: the slice reads zero again.
    [Differentiable(nameof(w))]
    public static double ClearedInLoop(double[] w)
    {
        int n = w.Length;
        double s = 0;
        Span<double> pair = stackalloc double[2 * n];
        Span<double> a = pair.Slice(0, n);
        Span<double> b = pair.Slice(n, n);
        for (int r = 0; r < 3; r++)
        {
            a[0] = w[0] * (r + 1);
            b[1] = s;
            pair.Clear();
            for (int i = 0; i < n; i++) a[i] += w[i] * w[(i + r) % n];
            for (int i = 0; i < n; i++) b[i] += Math.Tanh(a[i]) + a[0];
            for (int i = 0; i < n; i++) s += b[i] * a[i];
        }
        return s;
    }

    // A helper that carves its own scratch, inlined at a call in a loop.
    [Differentiable(nameof(w))]
    public static double CarvedInHelper(double[] w)
    {
        double s = 0;
        for (int i = 0; i + 2 <= w.Length; i++) s += PairProduct(w.AsSpan(i, 2), w[0]);
        return s;
    }

    static double PairProduct(ReadOnlySpan<double> v, double scale)
    {
        Span<double> scratch = stackalloc double[4];
        Span<double> squares = scratch.Slice(0, 2);
        Span<double> scaled = scratch.Slice(2, 2);
        for (int j = 0; j < 2; j++) squares[j] = v[j] * v[j];
        for (int j = 0; j < 2; j++) scaled[j] = squares[j] * scale + squares[1 - j];
        return scaled[0] * scaled[1];
    }

    // Look-alike: the second slice starts one before the first ends, so b[0] is a[n - 1].
    [Differentiable(nameof(w))]
    public static double Overlapping(double[] w)
    {
        int n = w.Length;
        Span<double> buffer = stackalloc double[2 * n - 1];
        Span<double> a = buffer.Slice(0, n);
        Span<double> b = buffer.Slice(n - 1, n);
        for (int i = 0; i < n; i++) a[i] = w[i] * w[i];
        for (int i = 1; i < n; i++) b[i] = a[i - 1] * w[i];
        return b[0] * a[0] + b[n - 1];
    }

    // Look-alike: the bound reads as the same local, but the local changes between the slices, so they overlap.
    [Differentiable(nameof(w))]
    public static double BoundReassigned(double[] w)
    {
        int n = w.Length;
        int s = n;
        Span<double> buffer = stackalloc double[2 * n];
        Span<double> a = buffer.Slice(0, s);
        s = n - 1;
        Span<double> b = buffer.Slice(s);
        for (int i = 0; i < n; i++) a[i] = Math.Exp(w[i]);
        double r = b[0] * w[0];
        b[0] = r + w[1];
        return r + a[n - 1] * w[1];
    }

    // Look-alike: the buffer is also read whole, across the slices' boundary.
    [Differentiable(nameof(w))]
    public static double ReadWhole(double[] w)
    {
        int n = w.Length;
        Span<double> buffer = stackalloc double[2 * n];
        Span<double> a = buffer.Slice(0, n);
        Span<double> b = buffer.Slice(n, n);
        for (int i = 0; i < n; i++) a[i] = w[i] * w[i];
        for (int i = 0; i < n; i++) b[i] = Math.Cos(w[i]);
        double s = 0;
        for (int i = 0; i + 1 < 2 * n; i++) s += buffer[i] * buffer[i + 1];
        return s;
    }
}

public class CarvedBuffersTests
{
    static readonly double[][] Points = { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6, 0.2 } };

    static void Matches(Func<double[], double> f, Check.Grad gradient, Check.Pull pullback) => Check.At(f, gradient, pullback, Points);

    [Fact]
    public void Components()
    {
        double[] x = { 0.3, -0.2, 0.5 };
        foreach (double[] w in Points)
        {
            var g = new double[w.Length];
            Assert.Equal(CarvedBuffers.Components(w, x, 2), CarvedBuffers.ComponentsGradient(w, x, 2, g), 12);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => CarvedBuffers.Components(p, x, 2), w));
        }
    }

    [Fact] public void Ranges() => Matches(CarvedBuffers.Ranges, (w, g) => CarvedBuffers.RangesGradient(w, g), (w, dr, g) => CarvedBuffers.RangesPullback(w, dr, g));
    [Fact] public void SpanRanges() => Matches(CarvedBuffers.SpanRanges, (w, g) => CarvedBuffers.SpanRangesGradient(w, g), (w, dr, g) => CarvedBuffers.SpanRangesPullback(w, dr, g));
    [Fact] public void ClearedInLoop() => Matches(CarvedBuffers.ClearedInLoop, (w, g) => CarvedBuffers.ClearedInLoopGradient(w, g), (w, dr, g) => CarvedBuffers.ClearedInLoopPullback(w, dr, g));
    [Fact] public void CarvedInHelper() => Matches(CarvedBuffers.CarvedInHelper, (w, g) => CarvedBuffers.CarvedInHelperGradient(w, g), (w, dr, g) => CarvedBuffers.CarvedInHelperPullback(w, dr, g));
    [Fact] public void Overlapping() => Matches(CarvedBuffers.Overlapping, (w, g) => CarvedBuffers.OverlappingGradient(w, g), (w, dr, g) => CarvedBuffers.OverlappingPullback(w, dr, g));
    [Fact] public void BoundReassigned() => Matches(CarvedBuffers.BoundReassigned, (w, g) => CarvedBuffers.BoundReassignedGradient(w, g), (w, dr, g) => CarvedBuffers.BoundReassignedPullback(w, dr, g));
    [Fact] public void ReadWhole() => Matches(CarvedBuffers.ReadWhole, (w, g) => CarvedBuffers.ReadWholeGradient(w, g), (w, dr, g) => CarvedBuffers.ReadWholePullback(w, dr, g));
}
