using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Helpers with a params parameter called with separate values (FunctionLowering.LowerParamsArgument): the values
/// are copied into a fresh local array before the statement and the array is passed.
/// </summary>
public static partial class ParamsArguments
{
    static double SoftMax(params ReadOnlySpan<double> v)
    {
        double m = v[0];
        for (int i = 1; i < v.Length; i++) m = Math.Max(m, v[i]);
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += Math.Exp(v[i] - m);
        return m + Math.Log(s);
    }

    static double SumSquares(params double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
        return s;
    }

    static double Weighted(params ReadOnlySpan<double> v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += (i + 1) * v[i] * v[i];
        return s;
    }

    static float Largest(params ReadOnlySpan<float> v)
    {
        float m = v[0];
        for (int i = 1; i < v.Length; i++) m = MathF.Max(m, v[i]);
        return m;
    }

    // Separate values, in a statement and in a loop whose body calls it once per iteration.
    [Differentiable(nameof(w))]
    public static double Mixed(double[] w)
    {
        double a = SoftMax(w[0], w[1] * w[2], Math.Sin(w[3]));
        for (int i = 0; i + 1 < w.Length; i++)
            a += SoftMax(w[i], -w[i + 1]) * SumSquares(w[i], a, 0.5);
        if (SumSquares(w[0], w[1]) > 0.1) a -= SumSquares();
        return a + Weighted(w[0], a * w[1], 3);
    }

    // float values converted from double ones, and an int among them.
    [Differentiable]
    public static double Converted(double x, double y) => Largest((float)x, (float)(x * y), 1) + x;
}

public class ParamsArgumentsTests
{
    [Fact]
    public void Mixed() => Check.At(ParamsArguments.Mixed, (w, g) => ParamsArguments.MixedGradient(w, g),
        (w, dr, g) => ParamsArguments.MixedPullback(w, dr, g), new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6, 0.2 });

    [Fact]
    public void Converted()
    {
        // Largest picks x * y at (0.5, 3): d/dx = y + 1, d/dy = x.
        double dx = 0, dy = 0;
        ParamsArguments.ConvertedGradient(0.5, 3, ref dx, ref dy);
        Assert.Equal(4, dx, 5);
        Assert.Equal(0.5, dy, 5);
    }
}
