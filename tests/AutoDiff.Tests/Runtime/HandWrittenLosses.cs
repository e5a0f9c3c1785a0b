using System;

namespace AutoDiff.Tests.Runtime;

/// <summary>
/// Per-sample gradients written by hand in the <see cref="SampleGradient"/> shape (the tests must not rely
/// on the generator). Parameters are d weights followed by a bias.
/// </summary>
internal static class HandWrittenLosses
{
    /// <summary>Logistic regression: loss = log(1 + e^z) - y z with z = w.x + b; dz = sigmoid(z) - y.</summary>
    public static double LogisticGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw)
    {
        double z = Affine(w, x);
        double loss = Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - y * z;
        AddAffineGradient(x, 1 / (1 + Math.Exp(-z)) - y, dw);
        return loss;
    }

    /// <summary>Squared error: loss = (z - y)^2 / 2 with z = w.x + b; dz = z - y.</summary>
    public static double SquaredErrorGradient(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw)
    {
        double residual = Affine(w, x) - y;
        AddAffineGradient(x, residual, dw);
        return 0.5 * residual * residual;
    }

    /// <summary>The reference: one sample after the other into one buffer, no chunks, no threads.</summary>
    public static double NaiveLoop(
        SampleGradient sampleGradient, ReadOnlySpan<double> parameters, ReadOnlySpan<double> features,
        ReadOnlySpan<double> targets, Span<double> gradient, Reduction reduction)
    {
        int columns = features.Length / targets.Length;
        gradient.Clear();
        double loss = 0;
        for (int row = 0; row < targets.Length; row++)
        {
            loss += sampleGradient(parameters, features.Slice(row * columns, columns), targets[row], gradient);
        }
        if (reduction == Reduction.Sum) return loss;
        for (int i = 0; i < gradient.Length; i++) gradient[i] /= targets.Length;
        return loss / targets.Length;
    }

    private static double Affine(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
    {
        double z = w[x.Length];
        for (int j = 0; j < x.Length; j++) z += w[j] * x[j];
        return z;
    }

    // z = w.x + b: dw_j += dz * x_j; db += dz
    private static void AddAffineGradient(ReadOnlySpan<double> x, double dz, Span<double> dw)
    {
        for (int j = 0; j < x.Length; j++) dw[j] += dz * x[j];
        dw[x.Length] += dz;
    }
}
