using System;
using System.Threading;
using Xunit;

namespace AutoDiff.Tests.Runtime;

[Collection(WorkerCollection.Name)]
public class MinibatchDeterminismTests
{
    private static readonly int[] ThreadCounts = [1, 2, 3, 4, -1];

    [Theory]
    [InlineData(1, 32)]        // one sample
    [InlineData(100, 5)]       // less than one chunk
    [InlineData(5_000, 5)]     // 7 chunks, the last one short
    [InlineData(100_003, 3)]   // 64 chunks, the last one short
    [InlineData(100_000, 32)]  // the benchmark's shape
    [InlineData(200, 1_499)]   // 50 chunks of 1 500 parameters: wide reductions
    public void ResultIsBitwiseIdenticalForEveryThreadCount(int rows, int columns)
    {
        TestBatch batch = TestBatch.Create(rows, columns);
        foreach (Reduction reduction in new[] { Reduction.Mean, Reduction.Sum })
        {
            double[] expected = batch.NewGradient();
            double expectedLoss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, expected, reduction, 1);

            foreach (int threads in ThreadCounts)
            {
                for (int repeat = 0; repeat < 3; repeat++)
                {
                    double[] actual = batch.NewGradient();
                    double actualLoss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, actual, reduction, threads);

                    Bits.Equal(expectedLoss, actualLoss);
                    Bits.Equal(expected, actual);
                }
            }
        }
    }

    [Fact]
    public void OddBatchShapesAreCovered()
    {
        ChunkPlan sevenChunks = ChunkPlan.ForRows(5_000, 5);
        ChunkPlan manyChunks = ChunkPlan.ForRows(100_003, 3);

        Assert.Equal(1, ChunkPlan.ForRows(100, 5).ChunkCount);
        Assert.Equal(7, sevenChunks.ChunkCount);
        Assert.NotEqual(0, 5_000 % sevenChunks.Size);
        Assert.Equal(ChunkPlan.MaxChunks, manyChunks.ChunkCount);
        Assert.NotEqual(0, 100_003 % manyChunks.Size);
    }

    [Fact]
    public void ChunkOrderMattersForTheseBatches()
    {
        // Guards the tests above: if rounding never depended on summation order, they could not fail.
        TestBatch batch = TestBatch.Create(100_003, 3);
        double[] naive = batch.NewGradient(), chunked = batch.NewGradient();

        double naiveLoss = HandWrittenLosses.NaiveLoop(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, naive, Reduction.Sum);
        double chunkedLoss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, chunked, Reduction.Sum);

        Assert.NotEqual(BitConverter.DoubleToInt64Bits(naiveLoss), BitConverter.DoubleToInt64Bits(chunkedLoss));
    }

    [Fact]
    public void HelperThreadsDoShareTheWork()
    {
        TestBatch batch = TestBatch.Create(100_000, 32);
        int caller = Environment.CurrentManagedThreadId;
        int samplesOnOtherThreads = 0;
        SampleGradient recording = (w, x, y, g) =>
        {
            if (Environment.CurrentManagedThreadId != caller) Interlocked.Increment(ref samplesOnOtherThreads);
            return HandWrittenLosses.LogisticGradient(w, x, y, g);
        };

        for (int repeat = 0; repeat < 5; repeat++)
        {
            Minibatch.Gradient(recording, batch.Parameters, batch.Features, batch.Targets, batch.NewGradient(), Reduction.Mean, 2);
        }

        Assert.True(samplesOnOtherThreads > 0, "no sample ran on a helper thread");
    }

    [Fact]
    public void ConcurrentCallersGetTheSameBits()
    {
        TestBatch batch = TestBatch.Create(20_011, 6);
        double[] expected = batch.NewGradient();
        double expectedLoss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, expected, Reduction.Mean, 1);

        var failures = new int[1];
        var callers = new Thread[3];
        for (int t = 0; t < callers.Length; t++)
        {
            callers[t] = new Thread(() =>
            {
                for (int repeat = 0; repeat < 20; repeat++)
                {
                    double[] actual = batch.NewGradient();
                    double loss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, batch.Parameters, batch.Features, batch.Targets, actual);
                    if (BitConverter.DoubleToInt64Bits(loss) != BitConverter.DoubleToInt64Bits(expectedLoss)
                        || !actual.AsSpan().SequenceEqual(expected))
                    {
                        Interlocked.Increment(ref failures[0]);
                    }
                }
            });
            callers[t].Start();
        }
        foreach (Thread caller in callers) caller.Join();

        Assert.Equal(0, failures[0]);
    }

    [Fact]
    public void NestedCallsDoNotDeadlock()
    {
        TestBatch inner = TestBatch.Create(2_000, 4);
        Assert.True(ChunkPlan.ForRows(inner.Rows, inner.Columns).ChunkCount > 1);
        TestBatch outer = TestBatch.Create(40, 1_024);
        Assert.True(ChunkPlan.ForRows(outer.Rows, outer.Columns).ChunkCount > 1);

        // Each outer sample is itself a batch (ignoring its features): the outer call holds the workers.
        SampleGradient batchPerSample = (w, x, y, g) =>
        {
            Span<double> innerGradient = stackalloc double[w.Length];
            double loss = Minibatch.Gradient(HandWrittenLosses.LogisticGradient, w, inner.Features, inner.Targets, innerGradient, Reduction.Mean, -1);
            for (int i = 0; i < g.Length; i++) g[i] += (1 + y) * innerGradient[i];
            return (1 + y) * loss;
        };
        double[] parameters = inner.Parameters;

        double[] sequential = new double[parameters.Length], parallel = new double[parameters.Length];
        double sequentialLoss = Minibatch.Gradient(batchPerSample, parameters, outer.Features, outer.Targets, sequential, Reduction.Sum, 1);
        double parallelLoss = Minibatch.Gradient(batchPerSample, parameters, outer.Features, outer.Targets, parallel, Reduction.Sum, -1);

        Bits.Equal(sequentialLoss, parallelLoss);
        Bits.Equal(sequential, parallel);
    }
}
