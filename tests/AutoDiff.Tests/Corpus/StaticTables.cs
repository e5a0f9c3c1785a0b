using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Static readonly arrays read as constants (FunctionLowering's StaticArray): a table of coefficients indexed by
/// constants, by a loop counter and through .Length, also inside an inlined helper and a called one.
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
    public void Weighted()
    {
        foreach (double[] w in new[] { new[] { 0.3, -0.7, 0.45, 0.9 }, new[] { -1.1, 0.4, -0.6, 0.2 } })
        {
            var g = new double[w.Length];
            Assert.Equal(StaticTables.Weighted(w), StaticTables.WeightedGradient(w, g), 12);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(StaticTables.Weighted, w));
        }
    }
}
