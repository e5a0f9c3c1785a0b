using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class CrossAssemblyModel
{
    // Calls the runtime's built-in losses: their generated Pullbacks compose with this method's gradient.
    [Differentiable(nameof(w))]
    public static double Softmax(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double target)
    {
        Span<double> logits = stackalloc double[3];
        for (int k = 0; k < 3; k++)
        {
            double z = w[k * (x.Length + 1) + x.Length];
            for (int j = 0; j < x.Length; j++) z += w[k * (x.Length + 1) + j] * x[j];
            logits[k] = z;
        }
        return Losses.SoftmaxCrossEntropy(logits, (int)target) + 0.1 * Losses.Huber(w[0], 0.5, 0.2) + Losses.SquaredError(w[1], target);
    }
}

public class CrossAssemblyTests
{
    [Fact]
    public void BuiltInLossesComposeThroughTheirPullbacks()
    {
        double[] x = { 0.3, -1.2 };
        var w = new double[9];
        for (int i = 0; i < w.Length; i++) w[i] = Math.Cos(3 * i);
        var g = new double[9];
        CrossAssemblyModel.SoftmaxGradient(w, x, 2, g);
        for (int i = 0; i < w.Length; i++)
        {
            double h = 1e-5;
            double[] a = (double[])w.Clone(), b = (double[])w.Clone();
            a[i] += h; b[i] -= h;
            double fd = (CrossAssemblyModel.Softmax(a, x, 2) - CrossAssemblyModel.Softmax(b, x, 2)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) / Math.Max(1, Math.Abs(fd) + Math.Abs(g[i])) < 1e-8, $"{i}: {g[i]} vs {fd}");
        }
    }
}
