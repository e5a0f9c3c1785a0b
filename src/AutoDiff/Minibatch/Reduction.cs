namespace AutoDiff;

/// <summary>How <see cref="Minibatch"/> combines the per-sample losses and gradients of a batch.</summary>
public enum Reduction
{
    /// <summary>The average over the batch: the sum divided by the number of samples.</summary>
    Mean,

    /// <summary>The sum over the batch.</summary>
    Sum,
}
