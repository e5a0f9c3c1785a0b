namespace AutoDiff;

/// <summary>One coordinate of a <see cref="GradientCheckReport"/>.</summary>
/// <param name="Index">The coordinate (parameter index).</param>
/// <param name="Analytic">The gradient being checked.</param>
/// <param name="Numerical">The central finite-difference estimate.</param>
/// <param name="Error">|a - b| / max(1, |a| + |b|); positive infinity when either value is NaN.</param>
public readonly record struct GradientCheckEntry(int Index, double Analytic, double Numerical, double Error);
