using System;
using Xunit;

namespace AutoDiff.Tests.Runtime;

[Collection(WorkerCollection.Name)]
public class MinibatchGenericTests
{
    /// <summary>A sample that holds a reference: a variable-length sequence and its target.</summary>
    public readonly record struct Sequence(double[] Values, double Target);

    /// <summary>A reference-type sample.</summary>
    public sealed record Point(double X, double Target);

    // prediction = w0 * sum(values) + w1; loss = (prediction - target)^2 / 2
    private static double SequenceGradient(ReadOnlySpan<double> w, in Sequence sample, Span<double> dw)
    {
        double sum = 0;
        foreach (double value in sample.Values) sum += value;
        double residual = w[0] * sum + w[1] - sample.Target;
        dw[0] += residual * sum;
        dw[1] += residual;
        return 0.5 * residual * residual;
    }

    private static double PointGradient(ReadOnlySpan<double> w, in Point sample, Span<double> dw)
    {
        double residual = w[0] * sample.X + w[1] - sample.Target;
        dw[0] += residual * sample.X;
        dw[1] += residual;
        return 0.5 * residual * residual;
    }

    private static Sequence[] Sequences(int count)
    {
        var random = new Random(7);
        var samples = new Sequence[count];
        for (int i = 0; i < count; i++)
        {
            var values = new double[1 + random.Next(5)];
            for (int j = 0; j < values.Length; j++) values[j] = random.NextDouble() * Math.Exp(4 * random.NextDouble() - 2);
            samples[i] = new Sequence(values, random.NextDouble());
        }
        return samples;
    }

    [Theory]
    [InlineData(Reduction.Mean, 1)]
    [InlineData(Reduction.Sum, -1)]
    public void MatchesTheNaiveLoop(Reduction reduction, int maxDegreeOfParallelism)
    {
        Sequence[] samples = Sequences(1_001);
        double[] w = [0.3, -0.2];
        double[] expected = new double[2];
        double expectedLoss = 0;
        foreach (Sequence sample in samples) expectedLoss += SequenceGradient(w, sample, expected);
        if (reduction == Reduction.Mean)
        {
            expectedLoss /= samples.Length;
            for (int i = 0; i < expected.Length; i++) expected[i] /= samples.Length;
        }

        double[] actual = new double[2];
        double actualLoss = Minibatch.Gradient<Sequence>(SequenceGradient, w, samples, actual, reduction, maxDegreeOfParallelism);

        Assert.Equal(expectedLoss, actualLoss, 1e-12 * Math.Abs(expectedLoss));
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12 * Math.Abs(expected[i]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(31)]       // less than one chunk
    [InlineData(1_001)]    // 32 chunks, the last one short
    [InlineData(50_000)]   // 64 chunks
    public void ResultIsBitwiseIdenticalForEveryThreadCount(int count)
    {
        Sequence[] samples = Sequences(count);
        double[] w = [0.3, -0.2];
        double[] expected = new double[2];
        double expectedLoss = Minibatch.Gradient<Sequence>(SequenceGradient, w, samples, expected, Reduction.Mean, 1);

        foreach (int threads in new[] { 2, 3, 4, -1 })
        {
            double[] actual = new double[2];
            double actualLoss = Minibatch.Gradient<Sequence>(SequenceGradient, w, samples, actual, Reduction.Mean, threads);

            Bits.Equal(expectedLoss, actualLoss);
            Bits.Equal(expected, actual);
        }
    }

    [Fact]
    public void ReferenceTypeSamples()
    {
        var samples = new Point[2_000];
        for (int i = 0; i < samples.Length; i++) samples[i] = new Point(i * 0.001, 1 + 2 * i * 0.001);
        double[] w = [2, 1];  // exact fit: zero loss and gradient

        double[] gradient = [9, 9];
        double loss = Minibatch.Gradient<Point>(PointGradient, w, samples, gradient, Reduction.Sum, -1);

        Assert.Equal(0, loss, 1e-20);
        Assert.Equal(0, gradient[0], 1e-12);
        Assert.Equal(0, gradient[1], 1e-12);
    }

    [Fact]
    public void FeatureRowsAsSamplesGiveTheSameGradientAsTheMatrixOverload()
    {
        // The two overloads chunk differently, so they agree to rounding, not bitwise.
        TestBatch batch = TestBatch.Create(3_000, 4);
        int[] rows = new int[batch.Rows];
        for (int i = 0; i < rows.Length; i++) rows[i] = i;
        SampleGradient<int> row = (ReadOnlySpan<double> w, in int i, Span<double> g) =>
            HandWrittenLosses.LogisticGradient(w, batch.Features.AsSpan(i * batch.Columns, batch.Columns), batch.Targets[i], g);

        double[] matrix = batch.NewGradient(), generic = batch.NewGradient();
        double matrixLoss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, matrix);
        double genericLoss = Minibatch.Gradient(row, batch.Parameters, rows, generic);

        Assert.Equal(matrixLoss, genericLoss, 1e-12);
        for (int i = 0; i < matrix.Length; i++) Assert.Equal(matrix[i], generic[i], 1e-12);
    }
}
