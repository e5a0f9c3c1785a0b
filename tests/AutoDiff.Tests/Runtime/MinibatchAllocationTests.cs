using System;
using System.Threading;
using Xunit;

namespace AutoDiff.Tests.Runtime;

[Collection(WorkerCollection.Name)]
public class MinibatchAllocationTests
{
    private const int WarmUpCalls = 10;
    private const int MeasuredCalls = 20;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(-1)]
    public void SteadyStateCallsAllocateNothing(int maxDegreeOfParallelism)
    {
        TestBatch batch = TestBatch.Create(20_000, 16);
        Assert.Equal(ChunkPlan.MaxChunks, ChunkPlan.ForRows(batch.Rows, batch.Columns).ChunkCount);
        double[] gradient = batch.NewGradient();
        SampleGradient probe = AllocationProbe.LogisticGradient;

        for (int i = 0; i < WarmUpCalls; i++) Run(probe, batch, gradient, maxDegreeOfParallelism);
        bool parallel = maxDegreeOfParallelism > 1 || (maxDegreeOfParallelism == -1 && Environment.ProcessorCount > 1);
        AllocationProbe.StartMeasuring();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < MeasuredCalls; i++) Run(probe, batch, gradient, maxDegreeOfParallelism);
        // On a loaded machine the caller can take every chunk before a pool thread starts: measure more calls,
        // up to a bound, until a helper thread has run samples too.
        for (int i = 0; parallel && AllocationProbe.SamplesOnOtherThreads == 0 && i < 50 * MeasuredCalls; i++)
            Run(probe, batch, gradient, maxDegreeOfParallelism);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, AllocationProbe.SamplesAfterAnAllocation);
        if (parallel)
        {
            Assert.True(AllocationProbe.SamplesOnOtherThreads > 0, "the multi-thread path was not exercised");
        }
    }

    [Fact]
    public void SteadyStateGenericCallsAllocateNothing()
    {
        var samples = new double[50_000];
        for (int i = 0; i < samples.Length; i++) samples[i] = i % 7;
        double[] parameters = [0.5], gradient = [0.0];
        SampleGradient<double> square = Square;

        foreach (int threads in new[] { 1, 2, -1 })
        {
            for (int i = 0; i < WarmUpCalls; i++) Minibatch.Gradient(square, parameters, samples, gradient, Reduction.Mean, threads);
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < MeasuredCalls; i++) Minibatch.Gradient(square, parameters, samples, gradient, Reduction.Mean, threads);

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }

    private static double Square(ReadOnlySpan<double> w, in double x, Span<double> dw)
    {
        double residual = w[0] - x;
        dw[0] += residual;
        return 0.5 * residual * residual;
    }

    private static void Run(SampleGradient sampleGradient, TestBatch batch, double[] gradient, int maxDegreeOfParallelism) =>
        Minibatch.Gradient(sampleGradient, batch.Parameters, batch.Features, batch.Targets, gradient, Reduction.Mean, maxDegreeOfParallelism);

    /// <summary>
    /// A sample gradient that watches every thread it runs on: it notes the thread's allocation counter when
    /// a sample ends and checks it when the thread's next sample starts, so any allocation by the driver
    /// between samples, on the caller or on a helper thread, is caught.
    /// </summary>
    private static class AllocationProbe
    {
        [ThreadStatic] private static long t_allocatedAtLastSample;
        [ThreadStatic] private static int t_generation;
        private static int s_generation;
        private static int s_callerThread;
        private static int s_samplesAfterAnAllocation;
        private static int s_samplesOnOtherThreads;

        public static int SamplesAfterAnAllocation => Volatile.Read(ref s_samplesAfterAnAllocation);
        public static int SamplesOnOtherThreads => Volatile.Read(ref s_samplesOnOtherThreads);

        public static void StartMeasuring()
        {
            s_callerThread = Environment.CurrentManagedThreadId;
            s_samplesAfterAnAllocation = 0;
            s_samplesOnOtherThreads = 0;
            Interlocked.Increment(ref s_generation);
        }

        public static double LogisticGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw)
        {
            int generation = Volatile.Read(ref s_generation);
            if (t_generation == generation && GC.GetAllocatedBytesForCurrentThread() != t_allocatedAtLastSample)
            {
                Interlocked.Increment(ref s_samplesAfterAnAllocation);
            }
            if (Environment.CurrentManagedThreadId != s_callerThread) Interlocked.Increment(ref s_samplesOnOtherThreads);

            double loss = HandWrittenLosses.LogisticGradient(w, x, y, dw);
            t_generation = generation;
            t_allocatedAtLastSample = GC.GetAllocatedBytesForCurrentThread();
            return loss;
        }
    }
}
