namespace AutoDiff;

/// <summary>How <see cref="Minibatch.Gradient"/> combines per-sample losses and gradients.</summary>
public enum Reduction
{
    /// <summary>The mean over the batch.</summary>
    Mean,

    /// <summary>The sum over the batch.</summary>
    Sum,
}
