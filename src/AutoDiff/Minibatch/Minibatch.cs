using System;
using System.Numerics.Tensors;

namespace AutoDiff;

/// <summary>Gradient of a loss summed or averaged over a batch of samples.</summary>
/// <remarks>
/// PLACEHOLDER on the training branch: a sequential implementation with the contract signature
/// (docs contract section 5), so the trainer builds before the runtime branch lands.
/// The runtime branch's threaded implementation replaces this file.
/// </remarks>
public static class Minibatch
{
    /// <summary>
    /// Overwrites <paramref name="gradient"/> with the reduced gradient of the batch and returns the reduced loss.
    /// </summary>
    /// <param name="sampleGradient">One sample's loss and gradient.</param>
    /// <param name="parameters">The parameters.</param>
    /// <param name="features">n rows by d columns, row-major; d = features.Length / n.</param>
    /// <param name="targets">n targets.</param>
    /// <param name="gradient">Receives the reduced gradient; same length as <paramref name="parameters"/>.</param>
    /// <param name="reduction">Mean or sum over the batch.</param>
    /// <param name="maxDegreeOfParallelism">-1 = all cores (ignored by this placeholder).</param>
    public static double Gradient(
        SampleGradient sampleGradient,
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> features,
        ReadOnlySpan<double> targets,
        Span<double> gradient,
        Reduction reduction = Reduction.Mean,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(sampleGradient);
        int n = targets.Length;
        if (n == 0) throw new ArgumentException("The batch is empty.", nameof(targets));
        if (features.Length % n != 0)
            throw new ArgumentException($"features.Length ({features.Length}) is not a multiple of targets.Length ({n}).", nameof(features));
        if (gradient.Length != parameters.Length)
            throw new ArgumentException($"gradient.Length ({gradient.Length}) must equal parameters.Length ({parameters.Length}).", nameof(gradient));
        _ = maxDegreeOfParallelism;

        int d = features.Length / n;
        gradient.Clear();
        double loss = 0;
        for (int i = 0; i < n; i++)
            loss += sampleGradient(parameters, features.Slice(i * d, d), targets[i], gradient);

        if (reduction == Reduction.Sum) return loss;
        TensorPrimitives.Multiply(gradient, 1.0 / n, gradient);
        return loss / n;
    }
}
