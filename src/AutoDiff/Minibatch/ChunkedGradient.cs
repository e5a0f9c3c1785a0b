using System;
using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff;

/// <summary>
/// The driver shared by every <see cref="Minibatch"/> overload: computes each chunk's loss and gradient
/// from zero, then reduces them in chunk order (0, 1, 2, ...). Because neither the chunks nor the order
/// depend on which thread computed what, the result is bitwise identical for every thread count.
/// </summary>
internal static class ChunkedGradient
{
    private const int DoublesPerCacheLine = 8;

    /// <summary>Overwrites <paramref name="gradient"/> with the reduced gradient and returns the reduced loss.</summary>
    public static double Run<TSource>(
        TSource source, ChunkPlan plan, Span<double> gradient, Reduction reduction, int maxDegreeOfParallelism)
        where TSource : struct, IChunkSource
    {
        int threads = maxDegreeOfParallelism == -1 ? Environment.ProcessorCount : maxDegreeOfParallelism;
        int workers = Math.Min(threads, plan.ChunkCount);

        // The workers serve one batch at a time; a concurrent or nested call runs on its own thread,
        // which gives the same bits, only slower.
        double loss = workers > 1 && MinibatchWorkers.TryAcquire()
            ? RunParallel(source, plan, gradient, workers)
            : RunSequential(source, plan, gradient);

        if (reduction == Reduction.Mean)
        {
            loss /= plan.Count;
            TensorPrimitives.Divide(gradient, plan.Count, gradient);
        }
        return loss;
    }

    /// <summary>One chunk's summed loss, with its gradient summed from zero into <paramref name="chunkGradient"/>.</summary>
    public static double ComputeChunk<TSource>(in TSource source, in ChunkPlan plan, int chunk, Span<double> chunkGradient)
        where TSource : struct, IChunkSource
    {
        chunkGradient.Clear();
        return source.Accumulate(plan.Start(chunk), plan.Length(chunk), chunkGradient);
    }

    /// <summary>
    /// Adds the gradients laid out every <paramref name="stride"/> elements in <paramref name="chunkGradients"/>
    /// into <paramref name="gradient"/>, first to last. Both paths reduce through here, so every element gets the
    /// same additions in the same order whatever the thread count.
    /// </summary>
    public static void AddChunkGradients(Span<double> gradient, ReadOnlySpan<double> chunkGradients, int stride)
    {
        // The loops below read without bounds checks: whole slots of at least the gradient's length only.
        if (gradient.Length > stride || (stride > 0 && chunkGradients.Length % stride != 0))
        {
            throw new ArgumentException("Chunk gradients must be whole slots of stride >= gradient.Length elements.", nameof(stride));
        }
        ref double result = ref MemoryMarshal.GetReference(gradient);
        ref double chunks = ref MemoryMarshal.GetReference(chunkGradients);
        int length = gradient.Length, end = chunkGradients.Length;
        int width = Vector<double>.Count;
        int i = 0;
        // Four vectors at a time, summed over every chunk in registers: one store per element, and four
        // independent addition chains to hide the latency of each.
        for (; i + 4 * width <= length; i += 4 * width)
        {
            Vector<double> a0 = Vector.LoadUnsafe(ref result, (nuint)i);
            Vector<double> a1 = Vector.LoadUnsafe(ref result, (nuint)(i + width));
            Vector<double> a2 = Vector.LoadUnsafe(ref result, (nuint)(i + 2 * width));
            Vector<double> a3 = Vector.LoadUnsafe(ref result, (nuint)(i + 3 * width));
            for (int offset = i; offset < end; offset += stride)
            {
                a0 += Vector.LoadUnsafe(ref chunks, (nuint)offset);
                a1 += Vector.LoadUnsafe(ref chunks, (nuint)(offset + width));
                a2 += Vector.LoadUnsafe(ref chunks, (nuint)(offset + 2 * width));
                a3 += Vector.LoadUnsafe(ref chunks, (nuint)(offset + 3 * width));
            }
            a0.StoreUnsafe(ref result, (nuint)i);
            a1.StoreUnsafe(ref result, (nuint)(i + width));
            a2.StoreUnsafe(ref result, (nuint)(i + 2 * width));
            a3.StoreUnsafe(ref result, (nuint)(i + 3 * width));
        }
        for (; i + width <= length; i += width)
        {
            Vector<double> a = Vector.LoadUnsafe(ref result, (nuint)i);
            for (int offset = i; offset < end; offset += stride) a += Vector.LoadUnsafe(ref chunks, (nuint)offset);
            a.StoreUnsafe(ref result, (nuint)i);
        }
        for (; i < length; i++)
        {
            double a = Unsafe.Add(ref result, i);
            for (int offset = i; offset < end; offset += stride) a += Unsafe.Add(ref chunks, offset);
            Unsafe.Add(ref result, i) = a;
        }
    }

    /// <summary>
    /// Distance between consecutive chunk gradients in the parallel scratch: at least a cache line of padding, so
    /// threads filling neighbouring chunks never write the same line.
    /// </summary>
    public static int ChunkStride(int parameterCount) =>
        checked((parameterCount + 2 * DoublesPerCacheLine - 1) / DoublesPerCacheLine * DoublesPerCacheLine);

    // Never touches threads: chunk 0 goes straight into the result, later chunks through one scratch gradient.
    private static double RunSequential<TSource>(TSource source, ChunkPlan plan, Span<double> gradient)
        where TSource : struct, IChunkSource
    {
        double loss = ComputeChunk(source, plan, 0, gradient);
        if (plan.ChunkCount == 1) return loss;

        double[] scratch = ArrayPool<double>.Shared.Rent(gradient.Length);
        try
        {
            Span<double> chunkGradient = scratch.AsSpan(0, gradient.Length);
            for (int chunk = 1; chunk < plan.ChunkCount; chunk++)
            {
                loss += ComputeChunk(source, plan, chunk, chunkGradient);
                AddChunkGradients(gradient, chunkGradient, chunkGradient.Length);
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }
        return loss;
    }

    // Every chunk fills its own padded slot of the scratch; the slots are reduced after the last chunk ends.
    private static unsafe double RunParallel<TSource>(TSource source, ChunkPlan plan, Span<double> gradient, int workers)
        where TSource : struct, IChunkSource
    {
        int stride = ChunkStride(gradient.Length);
        int scratchLength = checked(plan.ChunkCount * stride);
        Span<double> chunkLosses = stackalloc double[ChunkPlan.MaxChunks];
        double[]? scratch = null;
        try
        {
            scratch = ArrayPool<double>.Shared.Rent(scratchLength);
            fixed (double* chunkGradients = scratch)
            fixed (double* losses = chunkLosses)
            {
                ParallelChunkJob<TSource> job = ParallelChunkJob<TSource>.Shared;
                job.Prepare(source, plan, chunkGradients, stride, gradient.Length, losses);
                try
                {
                    MinibatchWorkers.Run(job, plan.ChunkCount, helperCount: workers - 1);
                }
                finally
                {
                    job.Clear();
                }
            }

            // Chunk order, as in the sequential path: start from chunk 0, then add 1, 2, ...
            double loss = chunkLosses[0];
            for (int chunk = 1; chunk < plan.ChunkCount; chunk++) loss += chunkLosses[chunk];
            scratch.AsSpan(0, gradient.Length).CopyTo(gradient);
            AddChunkGradients(gradient, scratch.AsSpan(stride, scratchLength - stride), stride);
            return loss;
        }
        finally
        {
            if (scratch is not null) ArrayPool<double>.Shared.Return(scratch);
            MinibatchWorkers.Release();
        }
    }
}
