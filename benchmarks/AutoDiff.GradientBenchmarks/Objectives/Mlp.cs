using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// Two-layer perceptron 64 → 32 (tanh) → 10 with softmax cross-entropy, one sample.
/// All parameters in one array: W1 (32×64, row-major) | b1 (32) | W2 (10×32) | b2 (10), 2410 values.
/// </summary>
public static partial class Mlp
{
    public const int Inputs = 64, Hidden = 32, Outputs = 10;
    public const int W1 = 0, B1 = W1 + Hidden * Inputs, W2 = B1 + Hidden, B2 = W2 + Outputs * Hidden;
    public const int ParameterCount = B2 + Outputs;

    /// <summary>Cross-entropy of class <paramref name="label"/> for input <paramref name="x"/> (length 64).</summary>
    [Differentiable(nameof(p))]
    public static double Loss(ReadOnlySpan<double> p, ReadOnlySpan<double> x, int label)
    {
        Span<double> h = stackalloc double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            double a = p[B1 + j];
            for (int i = 0; i < Inputs; i++) a += p[W1 + j * Inputs + i] * x[i];
            h[j] = Math.Tanh(a);
        }
        Span<double> logits = stackalloc double[Outputs];
        double max = double.NegativeInfinity;
        for (int k = 0; k < Outputs; k++)
        {
            double a = p[B2 + k];
            for (int j = 0; j < Hidden; j++) a += p[W2 + k * Hidden + j] * h[j];
            logits[k] = a;
            max = Math.Max(max, Ad.StopGradient(a));
        }
        double sum = 0;
        for (int k = 0; k < Outputs; k++) sum += Math.Exp(logits[k] - max);
        return max + Math.Log(sum) - logits[label];
    }

    /// <summary>Hand-written backpropagation; adds the gradient into <paramref name="dp"/>; returns the loss.</summary>
    public static double LossHandWritten(ReadOnlySpan<double> p, ReadOnlySpan<double> x, int label, Span<double> dp)
    {
        Span<double> h = stackalloc double[Hidden];
        for (int j = 0; j < Hidden; j++)
        {
            double a = p[B1 + j];
            ReadOnlySpan<double> row = p.Slice(W1 + j * Inputs, Inputs);
            for (int i = 0; i < Inputs; i++) a += row[i] * x[i];
            h[j] = Math.Tanh(a);
        }
        Span<double> logits = stackalloc double[Outputs];
        double max = double.NegativeInfinity;
        for (int k = 0; k < Outputs; k++)
        {
            double a = p[B2 + k];
            ReadOnlySpan<double> row = p.Slice(W2 + k * Hidden, Hidden);
            for (int j = 0; j < Hidden; j++) a += row[j] * h[j];
            logits[k] = a;
            max = Math.Max(max, a);
        }
        double target = logits[label];
        double sum = 0;
        for (int k = 0; k < Outputs; k++) { logits[k] = Math.Exp(logits[k] - max); sum += logits[k]; }
        double loss = max + Math.Log(sum) - target;
        // dL/dlogit_k = softmax_k − [k = label]
        Span<double> dh = stackalloc double[Hidden];
        dh.Clear();
        for (int k = 0; k < Outputs; k++)
        {
            double g = logits[k] / sum - (k == label ? 1 : 0);
            dp[B2 + k] += g;
            Span<double> drow = dp.Slice(W2 + k * Hidden, Hidden);
            ReadOnlySpan<double> row = p.Slice(W2 + k * Hidden, Hidden);
            for (int j = 0; j < Hidden; j++) { drow[j] += g * h[j]; dh[j] += g * row[j]; }
        }
        for (int j = 0; j < Hidden; j++)
        {
            double g = dh[j] * (1 - h[j] * h[j]);
            dp[B1 + j] += g;
            Span<double> drow = dp.Slice(W1 + j * Inputs, Inputs);
            for (int i = 0; i < Inputs; i++) drow[i] += g * x[i];
        }
        return loss;
    }
}
