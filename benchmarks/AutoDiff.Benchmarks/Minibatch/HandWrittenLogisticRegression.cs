using System;

namespace AutoDiff.Benchmarks.Minibatch;

/// <summary>
/// A per-sample logistic-regression gradient written by hand (stands in for the generated one until the
/// generator lands). Parameters are the weights followed by a bias.
/// </summary>
public static class HandWrittenLogisticRegression
{
    /// <summary>loss = log(1 + e^z) - y z with z = w.x + b; dw += (sigmoid(z) - y) [x, 1].</summary>
    public static double LossGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw)
    {
        double z = w[x.Length];
        for (int j = 0; j < x.Length; j++) z += w[j] * x[j];

        double dz = 1 / (1 + Math.Exp(-z)) - y;
        for (int j = 0; j < x.Length; j++) dw[j] += dz * x[j];
        dw[x.Length] += dz;

        return Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - y * z;
    }
}
