using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace AutoDiff;

/// <summary>
/// The gradient of a loss summed or averaged over a minibatch, computed in parallel from a per-sample
/// gradient. The result is bitwise identical for every <c>maxDegreeOfParallelism</c> on the same machine.
/// </summary>
/// <remarks>
/// The batch is cut into fixed-size chunks that depend only on its shape; each chunk's gradient is
/// summed from zero into its own buffer, and the buffers are added in chunk order with
/// <see cref="System.Numerics.Vector{T}"/>. Steady-state calls allocate nothing. An
/// exception thrown by the sample gradient reaches the caller unwrapped; <c>gradient</c> is then unspecified.
/// </remarks>
public static class Minibatch
{
    /// <summary>
    /// Overwrites <paramref name="gradient"/> with the reduced gradient of the batch and returns the reduced loss.
    /// </summary>
    /// <param name="sampleGradient">One sample's loss and gradient, e.g. a generated <c>Model.LossGradient</c>.</param>
    /// <param name="parameters">The model parameters, passed to every sample.</param>
    /// <param name="features">n rows of d values, row-major, where n = <paramref name="targets"/>.Length and d = features.Length / n.</param>
    /// <param name="targets">One target per row; its length is the batch size n.</param>
    /// <param name="gradient">Receives the reduced gradient; same length as <paramref name="parameters"/>, not overlapping the inputs.</param>
    /// <param name="reduction">Average (<see cref="Reduction.Mean"/>) or add (<see cref="Reduction.Sum"/>) over the batch.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads, the caller included; -1 means <see cref="Environment.ProcessorCount"/>.</param>
    /// <returns>The mean or summed loss of the batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sampleGradient"/> is null.</exception>
    /// <exception cref="ArgumentException">The batch is empty, <paramref name="features"/> is not n rows, or <paramref name="gradient"/> has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> or <paramref name="maxDegreeOfParallelism"/> is invalid.</exception>
    public static unsafe double Gradient(
        SampleGradient sampleGradient,
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> features,
        ReadOnlySpan<double> targets,
        Span<double> gradient,
        Reduction reduction = Reduction.Mean,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(sampleGradient);
        int rows = targets.Length;
        if (rows == 0)
        {
            throw new ArgumentException(
                "The batch is empty: targets has no values. Pass at least one sample (one target per feature row).",
                nameof(targets));
        }
        if (features.Length % rows != 0)
        {
            throw new ArgumentException(
                $"features has {features.Length} values, which is not a multiple of the {rows} targets. " +
                "Pass n rows of d values each, row-major, with n = targets.Length.",
                nameof(features));
        }
        ValidateCommon(parameters, gradient, reduction, maxDegreeOfParallelism);

        int columns = features.Length / rows;
        fixed (double* parameterPointer = parameters)
        fixed (double* featurePointer = features)
        fixed (double* targetPointer = targets)
        {
            var source = new MatrixSource(sampleGradient, parameterPointer, parameters.Length, featurePointer, columns, targetPointer);
            return ChunkedGradient.Run(source, ChunkPlan.ForRows(rows, columns), gradient, reduction, maxDegreeOfParallelism);
        }
    }

    /// <summary>
    /// Overwrites <paramref name="gradient"/> with the reduced gradient of a batch of user samples and returns
    /// the reduced loss, with the same determinism and allocation guarantees as the feature-matrix overload.
    /// </summary>
    /// <typeparam name="TSample">The sample type, e.g. a record struct holding a sequence and its label.</typeparam>
    /// <param name="sampleGradient">One sample's loss and gradient.</param>
    /// <param name="parameters">The model parameters, passed to every sample.</param>
    /// <param name="samples">The batch; its length is the batch size n.</param>
    /// <param name="gradient">Receives the reduced gradient; same length as <paramref name="parameters"/>, not overlapping the inputs.</param>
    /// <param name="reduction">Average (<see cref="Reduction.Mean"/>) or add (<see cref="Reduction.Sum"/>) over the batch.</param>
    /// <param name="maxDegreeOfParallelism">At most this many threads, the caller included; -1 means <see cref="Environment.ProcessorCount"/>.</param>
    /// <returns>The mean or summed loss of the batch.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sampleGradient"/> is null.</exception>
    /// <exception cref="ArgumentException">The batch is empty or <paramref name="gradient"/> has the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reduction"/> or <paramref name="maxDegreeOfParallelism"/> is invalid.</exception>
    public static unsafe double Gradient<TSample>(
        SampleGradient<TSample> sampleGradient,
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<TSample> samples,
        Span<double> gradient,
        Reduction reduction = Reduction.Mean,
        int maxDegreeOfParallelism = -1)
    {
        ArgumentNullException.ThrowIfNull(sampleGradient);
        if (samples.IsEmpty)
        {
            throw new ArgumentException("The batch is empty: samples has no elements. Pass at least one sample.", nameof(samples));
        }
        ValidateCommon(parameters, gradient, reduction, maxDegreeOfParallelism);

        // Pinning through a byte reference works for any TSample, including ones that hold references.
        fixed (double* parameterPointer = parameters)
        fixed (byte* samplePointer = &Unsafe.As<TSample, byte>(ref MemoryMarshal.GetReference(samples)))
        {
            var source = new SampleSource<TSample>(sampleGradient, parameterPointer, parameters.Length, samplePointer);
            return ChunkedGradient.Run(source, ChunkPlan.ForSamples(samples.Length), gradient, reduction, maxDegreeOfParallelism);
        }
    }

    private static void ValidateCommon(
        ReadOnlySpan<double> parameters, Span<double> gradient, Reduction reduction, int maxDegreeOfParallelism)
    {
        if (gradient.Length != parameters.Length)
        {
            throw new ArgumentException(
                $"gradient has length {gradient.Length} but parameters has length {parameters.Length}. " +
                "Pass a gradient span with one element per parameter.",
                nameof(gradient));
        }
        if (reduction is not (Reduction.Mean or Reduction.Sum))
        {
            throw new ArgumentOutOfRangeException(
                nameof(reduction), reduction, "Pass Reduction.Mean or Reduction.Sum.");
        }
        if (maxDegreeOfParallelism is 0 or < -1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(maxDegreeOfParallelism), maxDegreeOfParallelism,
                "Pass a positive thread count, or -1 for all cores.");
        }
    }
}
