using System;

namespace AutoDiff;

/// <summary>
/// One sample's loss; adds d loss / d parameters into <paramref name="gradient"/>. A generated
/// <c>[Differentiable(nameof(parameters))] static double L(ReadOnlySpan&lt;double&gt; parameters,
/// ReadOnlySpan&lt;double&gt; features, double target)</c> has an <c>LGradient</c> that converts to this.
/// </summary>
public delegate double SampleGradient(
    ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient);
