using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Static readonly arrays read as constants (FunctionLowering's StaticArray): a table of coefficients indexed by
/// constants, by a loop counter, through .Length and by foreach (with a break too), also inside an inlined helper and a
/// called one.
/// </summary>
public static partial class StaticTables
{
    static readonly double[] Weights = { 0.5, -1.25, 2.0, 0.75 };
    internal static readonly float[] Scales = { 1.5f, -0.5f };
    static readonly int[] Order = { 3, 1, 0, 2 };

    [Differentiable(nameof(w))]
    public static double Weighted(double[] w)
    {
        double s = Weights[0] * w[0] * w[0];
        for (int i = 0; i < Weights.Length; i++) s += Weights[i] * Math.Sin(w[Order[i]]);
        int k = 0;
        foreach (double c in Weights) s += c * w[k++ % w.Length] * w[3];
        foreach (float f in Scales)
        {
            if (f < 0) break;
            s += f * w[0];
        }
        return s + Horner(w[1]) + Scaled(w[2]);
    }

    // Inlined: a polynomial in x with the table's coefficients.
    static double Horner(double x)
    {
        double p = 0;
        for (int k = Weights.Length - 1; k >= 0; k--) p = p * x + Weights[k];
        return p;
    }

    // Called with a loop and a branch: differentiated with its own pullback or inlined, either way reading the table.
    static double Scaled(double x)
    {
        double r = x;
        for (int k = 0; k < Scales.Length; k++)
            if (r > -10) r = Math.Tanh(r * Scales[k]) + Weights[k] * r;
        return r;
    }
}

public class StaticTablesTests
{
    [Fact]
    public void Weighted() => Check.At(StaticTables.Weighted, (w, g) => StaticTables.WeightedGradient(w, g),
        (w, dr, g) => StaticTables.WeightedPullback(w, dr, g), new[] { 0.3, -0.7, 0.45, 0.9 }, new[] { -1.1, 0.4, -0.6, 0.2 });
}
