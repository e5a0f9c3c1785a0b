using System;

namespace AutoDiff;

/// <summary>
/// One sample's loss and gradient: returns the loss of the sample (<paramref name="features"/>,
/// <paramref name="target"/>) at <paramref name="parameters"/> and adds d loss / d parameters into
/// <paramref name="gradient"/> (it must add, not overwrite).
/// </summary>
/// <remarks>
/// The generated <c>LGradient</c> of a
/// <c>[Differentiable(nameof(parameters))] static double L(ReadOnlySpan&lt;double&gt; parameters, ReadOnlySpan&lt;double&gt; features, double target)</c>
/// converts to this delegate as a method group: <c>Minibatch.Gradient(Model.LGradient, ...)</c>.
/// </remarks>
/// <param name="parameters">The model parameters.</param>
/// <param name="features">The sample's feature row.</param>
/// <param name="target">The sample's target value.</param>
/// <param name="gradient">Receives the sample's gradient, added to what it holds; same length as <paramref name="parameters"/>.</param>
/// <returns>The sample's loss.</returns>
public delegate double SampleGradient(
    ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient);
