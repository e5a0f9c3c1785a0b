using System;
using Xunit;

namespace AutoDiff.Tests.Runtime;

[Collection(WorkerCollection.Name)]
public class MinibatchExceptionTests
{
    private const double Poison = -1;  // a target that makes the sample gradient throw

    private static double ThrowOnPoison(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw) =>
        y == Poison
            ? throw new InvalidOperationException("poisoned sample")
            : HandWrittenLosses.LogisticGradient(w, x, y, dw);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(-1)]
    public void SampleExceptionReachesTheCallerUnwrapped(int maxDegreeOfParallelism)
    {
        TestBatch batch = TestBatch.Create(20_000, 8);
        batch.Targets[12_345] = Poison;

        var error = Assert.Throws<InvalidOperationException>(() =>
            Minibatch.Gradient(ThrowOnPoison, batch.Parameters, batch.Features, batch.Targets, batch.NewGradient(), Reduction.Mean, maxDegreeOfParallelism));

        Assert.Equal("poisoned sample", error.Message);
        Assert.Contains(nameof(ThrowOnPoison), error.StackTrace);  // the original stack survives
    }

    [Fact]
    public void EverySampleThrowingDoesNotHang()
    {
        TestBatch batch = TestBatch.Create(20_000, 8);
        Array.Fill(batch.Targets, Poison);

        Assert.Throws<InvalidOperationException>(() =>
            Minibatch.Gradient(ThrowOnPoison, batch.Parameters, batch.Features, batch.Targets, batch.NewGradient(), Reduction.Sum, -1));
    }

    [Fact]
    public void WorkersRecoverAfterAnException()
    {
        TestBatch batch = TestBatch.Create(20_000, 8);
        double[] expected = batch.NewGradient();
        double expectedLoss = Minibatch.Gradient(ThrowOnPoison, batch.Parameters, batch.Features, batch.Targets, expected, Reduction.Mean, 1);
        double[] poisoned = (double[])batch.Targets.Clone();
        poisoned[77] = Poison;

        Assert.Throws<InvalidOperationException>(() =>
            Minibatch.Gradient(ThrowOnPoison, batch.Parameters, batch.Features, poisoned, batch.NewGradient(), Reduction.Mean, -1));
        double[] actual = batch.NewGradient();
        double actualLoss = Minibatch.Gradient(ThrowOnPoison, batch.Parameters, batch.Features, batch.Targets, actual, Reduction.Mean, -1);

        Bits.Equal(expectedLoss, actualLoss);
        Bits.Equal(expected, actual);
    }
}
