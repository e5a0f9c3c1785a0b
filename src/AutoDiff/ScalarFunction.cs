using System;

namespace AutoDiff;

/// <summary>A scalar function of a vector, e.g. a loss as a function of the parameters; used by <see cref="GradientCheck"/>.</summary>
/// <param name="x">The point at which to evaluate the function.</param>
/// <returns>The function value at <paramref name="x"/>.</returns>
public delegate double ScalarFunction(ReadOnlySpan<double> x);
