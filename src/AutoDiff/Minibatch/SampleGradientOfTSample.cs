using System;

namespace AutoDiff;

/// <summary>
/// One sample's loss and gradient for samples of a user type: returns the loss of
/// <paramref name="sample"/> at <paramref name="parameters"/> and adds d loss / d parameters into
/// <paramref name="gradient"/> (it must add, not overwrite).
/// </summary>
/// <typeparam name="TSample">The sample type, e.g. a record struct holding a sequence and its label.</typeparam>
/// <param name="parameters">The model parameters.</param>
/// <param name="sample">The sample.</param>
/// <param name="gradient">Receives the sample's gradient, added to what it holds; same length as <paramref name="parameters"/>.</param>
/// <returns>The sample's loss.</returns>
public delegate double SampleGradient<TSample>(
    ReadOnlySpan<double> parameters, in TSample sample, Span<double> gradient);
