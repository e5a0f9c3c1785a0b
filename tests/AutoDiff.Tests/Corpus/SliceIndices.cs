using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Helpers that walk a slice with an index variable of their own (gmm.h's Qtimesx reads Ltri[Lparamsidx++]).
/// Inlined, such an index counts in the caller's array, the slice's start added where it is set; an index
/// that is also compared, or indexes two slices, keeps the start at every read.
/// </summary>
public static partial class SliceIndices
{
    // Steps backwards by two from the last element.
    static double EveryOtherFromTheEnd(ReadOnlySpan<double> v, int n)
    {
        double s = 0;
        int at = v.Length - 1;
        for (int i = 0; i < n; i++)
        {
            s += v[at] * v[at] * (i + 1);
            at -= 2;
        }
        return s;
    }

    // Set afresh in every iteration, not stepped.
    static double Strided(ReadOnlySpan<double> v, int n, int stride)
    {
        double s = 0;
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            at = i * stride;
            s += Math.Sin(v[at]);
        }
        return s;
    }

    // Also compared with the length: the slice keeps its start.
    static double Bounded(ReadOnlySpan<double> v)
    {
        double s = 0;
        int at = 0;
        for (int i = 0; i < 4; i++)
        {
            if (at < v.Length) s += v[at] * (i + 0.5);
            at += 1;
        }
        return s;
    }

    // One index for two slices: both keep their starts.
    static double Paired(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        int at = 0;
        for (int i = 0; i < a.Length; i++)
        {
            s += a[at] * b[at];
            at++;
        }
        return s;
    }

    // A writer walking its packed triangle (Qtimesx's shape).
    static void TriangleTimes(int d, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> output)
    {
        for (int i = 0; i < d; i++) output[i] = x[i];
        int idx = 0;
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
            {
                output[j] += ltri[idx] * x[i];
                idx++;
            }
    }

    // Writes the element its slice's start was read from before it sets its index.
    static void ShiftAfterMark(ReadOnlySpan<double> src, Span<double> dst)
    {
        dst[0] = 3;
        int at = 0;
        for (int i = 0; i < src.Length; i++)
        {
            dst[i + 1] = src[at] * dst[i + 1];
            at++;
        }
    }

    // The same through the loop counter (a row view of the slice, made before the loop).
    static void ScaleAfterMark(ReadOnlySpan<double> src, Span<double> dst)
    {
        dst[0] = 3;
        for (int i = 0; i < src.Length; i++) dst[i + 1] = src[i] * dst[i + 1];
    }

    /// <summary>The slices start where buf[0] said at the call (1), not where it says after the helpers' first write (3).</summary>
    [Differentiable]
    public static double StartReadAtTheCall(double[] p)
    {
        double[] buf = new double[6];
        for (int i = 0; i < 6; i++) buf[i] = p[i];
        buf[0] = 1;
        ShiftAfterMark(buf.AsSpan((int)buf[0], 2), buf);
        buf[0] = 1;
        ScaleAfterMark(buf.AsSpan((int)buf[0], 2), buf);
        double s = 0;
        for (int i = 0; i < 6; i++) s += buf[i] * buf[i] * (i + 1);
        return s;
    }

    /// <summary>p has 10 elements; offsets[k] + 3 ≤ 10.</summary>
    [Differentiable]
    public static double Walks(double[] p, int[] offsets)
    {
        const int d = 3;
        double[] y = new double[d];
        double total = 0;
        for (int k = 0; k < 2; k++)
        {
            total += EveryOtherFromTheEnd(p.AsSpan(2 * k + 1, 5), 3);
            total += Strided(p.AsSpan(k, 7), 3, 3);
            total += Bounded(p.AsSpan(k + 2, 3));
            total += Paired(p.AsSpan(k, 3), p.AsSpan(k + 4, 3));
            // The triangle's start reads an element: it is computed once, at the call.
            TriangleTimes(d, p.AsSpan(offsets[k], d), p.AsSpan(k * d, d), y);
            for (int j = 0; j < d; j++) total += y[j] * y[j] * (j + 1);
        }
        return total;
    }
}

public class SliceIndexTests
{
    private static readonly int[] s_offsets = [7, 2];

    [Fact]
    public void IndicesOfTheirOwnWalkTheCallersArray() => Check.At(
        p => SliceIndices.Walks(p, s_offsets),
        (p, g) => SliceIndices.WalksGradient(p, s_offsets, g),
        (p, dr, g) => SliceIndices.WalksPullback(p, s_offsets, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7, 0.9, -0.3, 0.6, 1.1],
        [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3, -0.6, 0.2, -0.45, 0.7]);

    [Fact]
    public void ASliceStartIsReadAtTheCall() => Check.At(SliceIndices.StartReadAtTheCall,
        (p, g) => SliceIndices.StartReadAtTheCallGradient(p, g), (p, dr, g) => SliceIndices.StartReadAtTheCallPullback(p, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7], [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3]);
}
