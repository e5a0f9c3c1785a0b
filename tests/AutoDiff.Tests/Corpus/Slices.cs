using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>Span locals that view parameters or local arrays: Slice, AsSpan and whole-array aliases.</summary>
public static partial class Slices
{
    static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    // Rows of a row-major matrix w (n x d) against x: sum_i tanh(w_i . x).
    [Differentiable]
    public static double Rows(double[] w, ReadOnlySpan<double> x)
    {
        int d = x.Length;
        int n = w.Length / d;
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> row = w.AsSpan(i * d, d);
            total += Math.Tanh(Dot(row, x));
        }
        return total;
    }

    [Differentiable]
    public static double SliceOfSlice(ReadOnlySpan<double> v)
    {
        ReadOnlySpan<double> tail = v.Slice(1);
        ReadOnlySpan<double> middle = tail.Slice(1, tail.Length - 2);
        double s = 0;
        foreach (double m in middle) s += m * m;
        return s * v[0] + middle[0];
    }

    // Ranges of spans are views too: cam[3..6] as ba.h's camera centre, from the end, open at either side,
    // a range of a range, a slice of a slice, and a range passed to a helper.
    [Differentiable]
    public static double Ranges(ReadOnlySpan<double> cam)
    {
        ReadOnlySpan<double> centre = cam[3..6];
        ReadOnlySpan<double> last = cam[^2..];
        ReadOnlySpan<double> head = cam[..2];
        ReadOnlySpan<double> inner = cam[1..^1][1..3];
        ReadOnlySpan<double> sliced = cam.Slice(1).Slice(2, 3);
        double s = 0;
        for (int i = 0; i < centre.Length; i++) s += centre[i] * centre[i] * (i + 1);
        return s + last[0] * last[1] + Math.Sin(head[1]) * inner[0] + inner[1] * inner[1] + SumOfSquares(cam[4..]) * sliced[2];
    }

    private static double SumOfSquares(ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
        return s;
    }

    // Elements counted from the end: of an array, of a span, of a view (its own length), and written.
    [Differentiable(nameof(w))]
    public static double FromTheEnd(double[] w, ReadOnlySpan<double> v)
    {
        ReadOnlySpan<double> inner = v[1..^1];
        Span<double> a = stackalloc double[3];
        a[^1] = w[^1] * w[0];
        a[^3] = w[^2] + inner[^1];
        return a[2] * a[0] + w[^3] * v[^1] * inner[^2];
    }

    // adbench.md's packed index as an int helper: its expression replaces the call, so the reverse sweep computes it
    // again instead of reading it from the tape.
    [Differentiable(nameof(l))]
    public static double PackedIndexHelper(double[] l, double[] x)
    {
        int d = x.Length;
        double s = 0;
        for (int r = 0; r < d; r++)
        {
            double y = x[r];
            for (int c = 0; c < r; c++) y += l[PackedIndex(r, c, d)] * x[c];
            s += y * y;
        }
        return s;
    }

    private static int PackedIndex(int r, int c, int d) => c * d - c * (c + 1) / 2 + (r - c - 1);

    [Differentiable]
    public static double WritesThroughASlice(double x, int n)
    {
        double[] a = new double[2 * n];
        Span<double> second = a.AsSpan(n);
        for (int i = 0; i < n; i++) second[i] = Math.Sin(x * (i + 1));
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * a[i];
        return s;
    }
}

public class SliceTests
{
    [Fact]
    public void RowsOfAMatrix()
    {
        double[] w = Check.Points(11, 1, 6)[0], x = { 0.3, -0.8 };
        var g = new double[6];
        var gx = new double[2];
        Slices.RowsGradient(w, x, g, gx);
        double[] numeric = FiniteDifferences.Gradient(p => Slices.Rows(p, x), w);
        FiniteDifferences.AssertClose(g, numeric);
        FiniteDifferences.AssertClose(gx, FiniteDifferences.Gradient(p => Slices.Rows(w, p), x));
    }

    [Fact]
    public void SlicesOfSlicesAndForeach()
    {
        double[] v = { 0.5, -1.2, 0.7, 2.0, 0.1 };
        var g = new double[5];
        Slices.SliceOfSliceGradient(v, g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => Slices.SliceOfSlice(p), v));
    }

    [Fact]
    public void RangesAreViews()
    {
        double[] cam = { 0.5, -1.2, 0.7, 2.0, 0.1, -0.4, 0.9, 1.3 };
        var g = new double[cam.Length];
        Slices.RangesGradient(cam, g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => Slices.Ranges(p), cam));
    }

    [Fact]
    public void FromTheEnd()
    {
        double[] w = { 0.5, -1.2, 0.7, 2.0 };
        double[] v = { 0.3, 1.1, -0.6, 0.9 };
        var g = new double[w.Length];
        Slices.FromTheEndGradient(w, v, g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => Slices.FromTheEnd(p, v), w));
    }

    [Fact]
    public void PackedIndexHelper()
    {
        double[] l = { 0.5, -1.2, 0.7, 2.0, 0.1, -0.4 };
        double[] x = { 0.3, 1.1, -0.6, 0.9 };
        var g = new double[l.Length];
        Slices.PackedIndexHelperGradient(l, x, g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => Slices.PackedIndexHelper(p, x), l));
    }

    [Fact]
    public void WritesGoToTheViewedLocalArray()
    {
        double dx = 0;
        Slices.WritesThroughASliceGradient(0.4, 3, ref dx);
        FiniteDifferences.AssertClose(new[] { dx }, FiniteDifferences.Gradient(p => Slices.WritesThroughASlice(p[0], 3), new[] { 0.4 }));
    }
}
