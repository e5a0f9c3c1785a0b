using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>Logistic regression, one sample: binary cross-entropy of the logit w·x + b against y ∈ {0, 1}.</summary>
public static partial class LogisticRegression
{
    /// <summary>
    /// Loss of one sample. <paramref name="w"/> holds d weights followed by the bias (length d + 1).
    /// Computed stably as max(z, 0) − z·y + ln(1 + e^−|z|).
    /// </summary>
    [Differentiable(nameof(w))]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        int d = x.Length;
        double z = w[d];
        for (int i = 0; i < d; i++) z += w[i] * x[i];
        return Math.Max(z, 0) - z * y + Math.Log(1 + Math.Exp(-Math.Abs(z)));
    }

    /// <summary>Hand-written gradient: dL/dz = σ(z) − y; adds dL/dw into <paramref name="dw"/>; returns the loss.</summary>
    public static double LossHandWritten(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw)
    {
        int d = x.Length;
        double z = w[d];
        for (int i = 0; i < d; i++) z += w[i] * x[i];
        double e = Math.Exp(-Math.Abs(z));
        double loss = Math.Max(z, 0) - z * y + Math.Log(1 + e);
        double sigma = z >= 0 ? 1 / (1 + e) : e / (1 + e);
        double dz = sigma - y;
        for (int i = 0; i < d; i++) dw[i] += dz * x[i];
        dw[d] += dz;
        return loss;
    }
}
