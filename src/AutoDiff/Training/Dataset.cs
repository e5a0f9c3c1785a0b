using System;

namespace AutoDiff.Training;

/// <summary>Samples for training or evaluation: a row-major feature matrix and one target per row.</summary>
public sealed class Dataset
{
    /// <summary>Wraps <paramref name="features"/> (n rows x d columns, row-major) and <paramref name="targets"/> (n values) without copying.</summary>
    /// <exception cref="ArgumentException">There are no targets, or <paramref name="features"/> is not n rows of equal length.</exception>
    public Dataset(ReadOnlyMemory<double> features, ReadOnlyMemory<double> targets)
    {
        if (targets.Length == 0)
            throw new ArgumentException("A dataset needs at least one sample; targets is empty.", nameof(targets));
        if (features.Length % targets.Length != 0)
            throw new ArgumentException(
                $"features.Length ({features.Length}) must be a multiple of targets.Length ({targets.Length}): one row of features per target.",
                nameof(features));
        Features = features;
        Targets = targets;
        FeatureCount = features.Length / targets.Length;
    }

    /// <summary>All features, row-major: <see cref="Count"/> rows of <see cref="FeatureCount"/> values.</summary>
    public ReadOnlyMemory<double> Features { get; }

    /// <summary>One target per sample.</summary>
    public ReadOnlyMemory<double> Targets { get; }

    /// <summary>The number of samples.</summary>
    public int Count => Targets.Length;

    /// <summary>The number of features per sample.</summary>
    public int FeatureCount { get; }

    /// <summary>The features of sample <paramref name="index"/>.</summary>
    public ReadOnlySpan<double> Row(int index) => Features.Span.Slice(index * FeatureCount, FeatureCount);
}
