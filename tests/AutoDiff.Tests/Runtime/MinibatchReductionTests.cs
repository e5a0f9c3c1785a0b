using System;
using Xunit;

namespace AutoDiff.Tests.Runtime;

public class MinibatchReductionTests
{
    public static TheoryData<string, Reduction, int> Cases()
    {
        var data = new TheoryData<string, Reduction, int>();
        foreach (string loss in new[] { "logistic", "squared" })
            foreach (Reduction reduction in new[] { Reduction.Mean, Reduction.Sum })
                foreach (int threads in new[] { 1, -1 })
                    data.Add(loss, reduction, threads);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheNaiveLoop(string loss, Reduction reduction, int maxDegreeOfParallelism)
    {
        SampleGradient sampleGradient = Loss(loss);
        TestBatch batch = TestBatch.Create(rows: 5_003, columns: 7);
        double[] expected = batch.NewGradient();
        double expectedLoss = HandWrittenLosses.NaiveLoop(sampleGradient, batch.Parameters, batch.Features, batch.Targets, expected, reduction);

        double[] actual = batch.NewGradient();
        double actualLoss = Minibatch.Gradient(sampleGradient, batch.Parameters, batch.Features, batch.Targets, actual, reduction, maxDegreeOfParallelism);

        Assert.True(ChunkPlan.ForRows(batch.Rows, batch.Columns).ChunkCount > 1);
        AssertClose(expectedLoss, actualLoss);
        for (int i = 0; i < expected.Length; i++) AssertClose(expected[i], actual[i]);
    }

    [Theory]
    [InlineData(Reduction.Mean)]
    [InlineData(Reduction.Sum)]
    public void OneChunkIsExactlyTheNaiveLoop(Reduction reduction)
    {
        TestBatch batch = TestBatch.Create(rows: 50, columns: 4);
        double[] expected = batch.NewGradient();
        double expectedLoss = HandWrittenLosses.NaiveLoop(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, expected, reduction);

        double[] actual = batch.NewGradient();
        double actualLoss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, actual, reduction);

        Bits.Equal(expectedLoss, actualLoss);
        Bits.Equal(expected, actual);
    }

    [Fact]
    public void MeanIsSumOverBatchSize()
    {
        TestBatch batch = TestBatch.Create(rows: 3_001, columns: 3);
        double[] sum = batch.NewGradient(), mean = batch.NewGradient();

        double sumLoss = Minibatch.Gradient(HandWrittenLosses.SquaredErrorGradient, batch.Parameters, batch.Features, batch.Targets, sum, Reduction.Sum);
        double meanLoss = Minibatch.Gradient(HandWrittenLosses.SquaredErrorGradient, batch.Parameters, batch.Features, batch.Targets, mean, Reduction.Mean);

        Bits.Equal(sumLoss / batch.Rows, meanLoss);
        for (int i = 0; i < sum.Length; i++) Bits.Equal(sum[i] / batch.Rows, mean[i]);
    }

    [Fact]
    public void OverwritesTheGradient()
    {
        TestBatch batch = TestBatch.Create(rows: 10, columns: 2);
        double[] clean = batch.NewGradient();
        double[] dirty = batch.NewGradient();
        Array.Fill(dirty, 123.0);

        Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, clean);
        Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, dirty);

        Bits.Equal(clean, dirty);
    }

    [Fact]
    public void ZeroFeatureColumnsAreAllowed()
    {
        double[] parameters = [0.25];
        double[] gradient = new double[1];

        double loss = Minibatch.Gradient(HandWrittenLosses.SquaredErrorGradient, parameters, ReadOnlySpan<double>.Empty, [1.0, 2.0], gradient);

        // residuals -0.75 and -1.75: mean loss (0.5625 + 3.0625) / 4, mean gradient -1.25
        Assert.Equal((0.5625 + 3.0625) / 4, loss, 15);
        Assert.Equal(-1.25, gradient[0], 15);
    }

    internal static SampleGradient Loss(string name) => name switch
    {
        "logistic" => HandWrittenLosses.LogisticGradient,
        "squared" => HandWrittenLosses.SquaredErrorGradient,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private static void AssertClose(double expected, double actual) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"expected {expected:R}, got {actual:R}");
}
