using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// A sum over points whose scratch array is written and read back in the same loop (<c>xc[j] = ...; y[j] = q * xc[j]</c>):
/// each element is written before it is read, so the points are independent and each point's reverse runs right after
/// it. Reading another element there (one the previous point left) makes them dependent: that loop is not fused.
/// </summary>
public static partial class FusedScratch
{
    [Differentiable(nameof(w))]
    public static double ReadBack(double[] w, double[] x)
    {
        int d = w.Length;
        int n = x.Length / d;
        double[] a = new double[d];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                a[j] = x[i * d + j] * w[j];
                s += a[j] * Math.Sin(a[j]);
            }
        }
        return s;
    }

    [Differentiable(nameof(w))]
    public static double CarriedOver(double[] w, double[] x)
    {
        int d = w.Length;
        int n = x.Length / d;
        double[] a = new double[d];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++)
            {
                a[j] = x[i * d + j] * w[j];
                s += a[j] * Math.Sin(a[(j + 1) % d]);
            }
        }
        return s;
    }
}

public class FusedScratchTests
{
    private static readonly double[] Points = [0.7, -1.1, 0.4, 1.3, -0.2, 0.9, 0.5, -0.8, 1.6];

    [Fact]
    public void AnArrayWrittenThenReadBack() => Check.At(
        w => FusedScratch.ReadBack(w, Points),
        (w, g) => FusedScratch.ReadBackGradient(w, Points, g),
        (w, dr, g) => FusedScratch.ReadBackPullback(w, Points, dr, g),
        [0.3, -0.9, 0.4], [-1.2, 0.5, 0.8]);

    [Fact]
    public void AnElementThePreviousPointLeft() => Check.At(
        w => FusedScratch.CarriedOver(w, Points),
        (w, g) => FusedScratch.CarriedOverGradient(w, Points, g),
        (w, dr, g) => FusedScratch.CarriedOverPullback(w, Points, dr, g),
        [0.3, -0.9, 0.4], [-1.2, 0.5, 0.8]);
}
