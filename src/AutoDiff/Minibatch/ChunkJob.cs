namespace AutoDiff;

/// <summary>The non-generic face of a batch, so the worker threads can run chunks of any sample source.</summary>
internal abstract class ChunkJob
{
    /// <summary>Computes one chunk into its own slot; called once per chunk, on any thread.</summary>
    public abstract void Run(int chunk);
}
