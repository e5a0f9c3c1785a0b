using System;

namespace AutoDiff;

/// <summary>
/// How a batch is cut into consecutive chunks. The chunking depends only on the batch shape, never
/// on the thread count, so per-chunk sums, and their reduction in chunk order, are the same
/// whichever threads compute them.
/// </summary>
internal readonly struct ChunkPlan
{
    /// <summary>Enough chunks to keep many cores busy; bounds the scratch at <c>MaxChunks - 1</c> gradients.</summary>
    public const int MaxChunks = 64;

    /// <summary>A feature-matrix chunk holds at least this many values, so its work outweighs clearing and adding its gradient.</summary>
    public const int MinValuesPerChunk = 4096;

    /// <summary>Samples of a user type have an unknown cost; this many per chunk at least.</summary>
    public const int MinSamplesPerChunk = 32;

    private ChunkPlan(int count, int minSize)
    {
        Count = count;
        Size = Math.Max(minSize, CeilingDivide(count, MaxChunks));
        ChunkCount = CeilingDivide(count, Size);
    }

    /// <summary>Number of samples in the batch.</summary>
    public int Count { get; }

    /// <summary>Samples per chunk; the last chunk may hold fewer.</summary>
    public int Size { get; }

    /// <summary>Number of chunks, between 1 and <see cref="MaxChunks"/>.</summary>
    public int ChunkCount { get; }

    /// <summary>The plan for <paramref name="rows"/> feature rows of <paramref name="columns"/> values each.</summary>
    public static ChunkPlan ForRows(int rows, int columns) =>
        new(rows, CeilingDivide(MinValuesPerChunk, Math.Max(columns, 1)));

    /// <summary>The plan for <paramref name="count"/> samples of a user type.</summary>
    public static ChunkPlan ForSamples(int count) => new(count, MinSamplesPerChunk);

    /// <summary>Index of the first sample of <paramref name="chunk"/>.</summary>
    public int Start(int chunk) => chunk * Size;

    /// <summary>Number of samples in <paramref name="chunk"/>.</summary>
    public int Length(int chunk) => Math.Min(Size, Count - Start(chunk));

    private static int CeilingDivide(int value, int divisor) => (int)(((long)value + divisor - 1) / divisor);
}
