using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// An in-place recurrence: a state array of n logistic maps, x ← a·x·(1 − x) + w, updated in place for
/// T steps. Reverse mode must restore every overwritten state value (n·T of them).
/// </summary>
public static partial class Recurrence
{
    /// <summary>Σ_i x_i after <paramref name="steps"/> updates x_i ← a·x_i·(1 − x_i) + w_i, from x_i = 0.5.</summary>
    [Differentiable(nameof(w))]
    public static double Value(ReadOnlySpan<double> w, double a, int steps)
    {
        int n = w.Length;
        Span<double> x = stackalloc double[n];
        for (int i = 0; i < n; i++) x[i] = 0.5;
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++) x[i] = a * x[i] * (1 - x[i]) + w[i];
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += x[i];
        return s;
    }
}
