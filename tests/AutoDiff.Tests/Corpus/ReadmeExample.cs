using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>The README's quick-start model, verbatim, so the documentation cannot drift from what compiles.</summary>
public static partial class ReadmeModel
{
    [Differentiable(nameof(w))]                // differentiate with respect to w only
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        double z = 0;
        for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
        return Losses.BinaryCrossEntropyWithLogits(z, y);   // built-in, differentiable too
    }
}

public class ReadmeExampleTests
{
    [Fact]
    public void QuickStartGradientIsRight()
    {
        double[] w = { 0.2, -0.4, 0.1 }, x = { 1, 2, 3 };
        double[] dw = new double[3];
        double loss = ReadmeModel.LossGradient(w, x, 1.0, dw);
        Assert.Equal(ReadmeModel.Loss(w, x, 1.0), loss);
        FiniteDifferences.AssertClose(dw, FiniteDifferences.Gradient(p => ReadmeModel.Loss(p, x, 1.0), w));
    }
}
