using System;

namespace AutoDiff;

/// <summary>The samples of a batch, as seen by the chunked driver.</summary>
/// <remarks>
/// Implementations are structs over pinned memory, so worker threads can read the caller's spans while
/// the caller waits inside its <c>fixed</c> block.
/// </remarks>
internal interface IChunkSource
{
    /// <summary>Adds the gradients of samples [start, start + length) into <paramref name="gradient"/>; returns their summed loss, in sample order.</summary>
    double Accumulate(int start, int length, Span<double> gradient);
}
