using System;

namespace AutoDiff;

/// <summary>
/// One parallel batch: the pinned pointers of the caller's spans and where each chunk's result goes.
/// A single cached instance per source type suffices because <see cref="MinibatchWorkers"/> serves one
/// batch at a time; reusing it keeps the parallel path free of allocations.
/// </summary>
internal sealed unsafe class ParallelChunkJob<TSource> : ChunkJob
    where TSource : struct, IChunkSource
{
    /// <summary>The instance in use while <see cref="MinibatchWorkers"/> is acquired.</summary>
    public static readonly ParallelChunkJob<TSource> Shared = new();

    private TSource _source;
    private ChunkPlan _plan;
    private double* _chunkGradients;
    private int _stride;
    private int _parameterCount;
    private double* _chunkLosses;

    /// <summary>
    /// Sets up a batch: chunk k writes its gradient at <paramref name="chunkGradients"/> + k * <paramref name="stride"/>
    /// and its loss into <paramref name="chunkLosses"/>[k].
    /// </summary>
    public void Prepare(
        TSource source, ChunkPlan plan, double* chunkGradients, int stride, int parameterCount, double* chunkLosses)
    {
        _source = source;
        _plan = plan;
        _chunkGradients = chunkGradients;
        _stride = stride;
        _parameterCount = parameterCount;
        _chunkLosses = chunkLosses;
    }

    /// <summary>Forgets the batch, so the cached instance keeps neither the delegate nor dangling pointers.</summary>
    public void Clear() => Prepare(default, default, null, 0, 0, null);

    public override void Run(int chunk)
    {
        var chunkGradient = new Span<double>(_chunkGradients + (nint)chunk * _stride, _parameterCount);
        _chunkLosses[chunk] = ChunkedGradient.ComputeChunk(_source, _plan, chunk, chunkGradient);
    }
}
