using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Updates whose reverse passes the target's adjoint through (generator's AdjointBuilder.CompoundUpdate):
/// <c>y[r] = Math.FusedMultiplyAdd(a, b, y[r])</c> and <c>s = e + s</c> are <c>+=</c>. The look-alikes read the
/// target in the added term too, or add into another variable, and must be differentiated as plain assignments.
/// </summary>
public static partial class Updates
{
    // GMM's packed triangle with FMA, then squared norms accumulated with FMA into two sums.
    [Differentiable(nameof(w))]
    public static double Triangle(double[] w)
    {
        int d = 3;
        Span<double> y = stackalloc double[d];
        for (int j = 0; j < d; j++) y[j] = Math.Exp(w[j]) * w[j + 1];
        int idx = d;
        for (int c = 0; c < d - 1; c++)
        {
            double xc = w[c + 1];
            for (int r = c + 1; r < d; r++)
            {
                y[r] = Math.FusedMultiplyAdd(w[idx % w.Length], xc, y[r]);
                idx++;
            }
        }
        double s0 = 0, s1 = 0;
        for (int j = 0; j + 1 < d; j += 2)
        {
            s0 = Math.FusedMultiplyAdd(y[j], y[j], s0);
            s1 = y[j + 1] * y[j + 1] + s1;
        }
        s0 = Math.FusedMultiplyAdd(y[d - 1], y[d - 1], s0);
        return s0 - 0.5 * s1;
    }

    // float, and the addend on the left: t = e + t.
    [Differentiable(nameof(w))]
    public static float FloatSums(float[] w)
    {
        float t = 1;
        for (int i = 0; i < w.Length; i++) t = MathF.FusedMultiplyAdd(w[i], w[0], t);
        for (int i = 0; i < w.Length; i++) t = MathF.Sin(w[i]) * w[i] + t;
        return t;
    }

    // Look-alikes: the product reads the target (t = fma(t, a, t) is t * (1 + a)), the addend is another
    // variable, and an element adds a different element of its own array.
    [Differentiable(nameof(w))]
    public static double NotUpdates(double[] w)
    {
        double t = w[0];
        for (int i = 1; i < w.Length; i++) t = Math.FusedMultiplyAdd(t, w[i], t);
        double u = w[1];
        double v = Math.FusedMultiplyAdd(w[2], w[3], u);
        double[] a = { w[0], w[1], w[2] };
        for (int i = 1; i < 3; i++) a[i] = Math.FusedMultiplyAdd(w[i], a[i - 1], a[i]);
        for (int i = 1; i < 3; i++) a[i] = a[i - 1] * w[i] + a[i];
        return t + v * u + a[2] * a[1];
    }
}

public class UpdatesTests
{
    static readonly double[][] Points = { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6, 0.2 } };

    static void Matches(Func<double[], double> f, Check.Grad gradient, Check.Pull pullback) => Check.At(f, gradient, pullback, Points);

    [Fact] public void Triangle() => Matches(Updates.Triangle, (w, g) => Updates.TriangleGradient(w, g), (w, dr, g) => Updates.TrianglePullback(w, dr, g));
    [Fact] public void NotUpdates() => Matches(Updates.NotUpdates, (w, g) => Updates.NotUpdatesGradient(w, g), (w, dr, g) => Updates.NotUpdatesPullback(w, dr, g));

    [Fact]
    public void FloatSums()
    {
        foreach (double[] point in Points)
        {
            float[] w = Array.ConvertAll(point, p => (float)p);
            var g = new float[w.Length];
            float value = Updates.FloatSumsGradient(w, g);
            Assert.Equal(Updates.FloatSums(w), value);
            double[] expected = FiniteDifferences.Gradient(p => Updates.FloatSumsDouble(p), point);
            for (int i = 0; i < w.Length; i++)
                Assert.True(Check.Rho(g[i], expected[i]) <= Check.FloatToleranceWithReference, $"g[{i}] {g[i]} vs {expected[i]}");
        }
    }
}

public static partial class Updates
{
    // FloatSums in double, for the finite differences.
    public static double FloatSumsDouble(double[] w)
    {
        double t = 1;
        for (int i = 0; i < w.Length; i++) t = Math.FusedMultiplyAdd(w[i], w[0], t);
        for (int i = 0; i < w.Length; i++) t = Math.Sin(w[i]) * w[i] + t;
        return t;
    }
}
