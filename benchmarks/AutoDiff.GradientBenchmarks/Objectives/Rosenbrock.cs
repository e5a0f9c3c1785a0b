using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>Extended Rosenbrock function over an array of even length n.</summary>
public static partial class Rosenbrock
{
    /// <summary>f(x) = Σ_{i<n/2} 100·(x[2i+1] − x[2i]²)² + (1 − x[2i])².</summary>
    [Differentiable(nameof(x))]
    public static double Value(ReadOnlySpan<double> x)
    {
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
        }
        return f;
    }

    /// <summary>Hand-written gradient; adds df/dx into <paramref name="dx"/>; returns f.</summary>
    public static double ValueHandWritten(ReadOnlySpan<double> x, Span<double> dx)
    {
        double f = 0;
        for (int i = 0; i + 1 < x.Length; i += 2)
        {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1 - x[i];
            f += 100 * a * a + b * b;
            dx[i] += -400 * a * x[i] - 2 * b;
            dx[i + 1] += 200 * a;
        }
        return f;
    }
}
