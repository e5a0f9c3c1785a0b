using System;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Runtime;

/// <summary>The built-in losses: values against their formulas, generated gradients against finite differences.</summary>
public class LossesTests
{
    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-2.0, -2.5)]
    public void SquaredError(double prediction, double target)
    {
        Assert.Equal((prediction - target) * (prediction - target), Losses.SquaredError(prediction, target), 15);
        double dp = 0, dt = 0;
        Losses.SquaredErrorGradient(prediction, target, ref dp, ref dt);
        FiniteDifferences.AssertClose(new[] { dp, dt },
            FiniteDifferences.Gradient(v => Losses.SquaredError(v[0], v[1]), new[] { prediction, target }));
    }

    [Theory]
    [InlineData(0.3, 0.1, 1.0)]   // quadratic part
    [InlineData(3.0, 0.2, 1.0)]   // linear part
    [InlineData(-4.0, 0.5, 0.7)]  // linear part, negative error
    public void Huber(double prediction, double target, double delta)
    {
        double e = prediction - target;
        double expected = Math.Abs(e) <= delta ? 0.5 * e * e : delta * (Math.Abs(e) - 0.5 * delta);
        Assert.Equal(expected, Losses.Huber(prediction, target, delta), 15);
        double dp = 0, dt = 0;
        Losses.HuberGradient(prediction, target, delta, ref dp, ref dt);
        FiniteDifferences.AssertClose(new[] { dp, dt },
            FiniteDifferences.Gradient(v => Losses.Huber(v[0], v[1], delta), new[] { prediction, target }));
    }

    [Theory]
    [InlineData(0.8, 1.0)]
    [InlineData(-3.5, 0.0)]
    [InlineData(40.0, 0.3)]  // large logit: the stable form does not overflow
    public void BinaryCrossEntropyWithLogits(double logit, double target)
    {
        double p = 1 / (1 + Math.Exp(-logit));
        double naive = -(target * Math.Log(p) + (1 - target) * Math.Log(1 - p));
        if (Math.Abs(logit) < 30) Assert.Equal(naive, Losses.BinaryCrossEntropyWithLogits(logit, target), 12);
        Assert.True(double.IsFinite(Losses.BinaryCrossEntropyWithLogits(logit, target)));
        double dz = 0, dt = 0;
        Losses.BinaryCrossEntropyWithLogitsGradient(logit, target, ref dz, ref dt);
        Assert.Equal(p - target, dz, 12); // d/dz = sigmoid(z) - t
        FiniteDifferences.AssertClose(new[] { dz, dt },
            FiniteDifferences.Gradient(v => Losses.BinaryCrossEntropyWithLogits(v[0], v[1]), new[] { logit, target }));
    }

    [Fact]
    public void SoftmaxCrossEntropy()
    {
        double[] logits = { 1.5, -0.3, 900.0, 899.0 }; // large logits: the shift keeps exp finite
        var gradient = new double[4];
        double loss = Losses.SoftmaxCrossEntropyGradient(logits, 3, gradient);
        double expected = 900 + Math.Log(1 + Math.Exp(-1)) - 899;
        Assert.Equal(expected, loss, 9);
        double sum = 0;
        foreach (double g in gradient) sum += g;
        Assert.Equal(0, sum, 12); // softmax - onehot sums to zero
        FiniteDifferences.AssertClose(gradient, FiniteDifferences.Gradient(v => Losses.SoftmaxCrossEntropy(v, 3), logits));
    }
}
