using Xunit;

namespace AutoDiff.Tests.Runtime;

/// <summary>
/// Tests that must own the minibatch worker threads: run alone, so a concurrent test never holds the
/// workers and silently sends a batch down the single-thread path.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerCollection
{
    public const string Name = "Minibatch workers";
}
