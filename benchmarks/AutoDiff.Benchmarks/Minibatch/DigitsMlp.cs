using System;
using AutoDiff;

namespace AutoDiff.Benchmarks.Minibatch;

/// <summary>The sample trainer's MLP (64-32-10, tanh, softmax cross-entropy) as a generated per-sample gradient.</summary>
public static partial class DigitsMlp
{
    public const int Features = 64, Hidden = 32, Classes = 10;
    public const int ParameterCount = Hidden * Features + Hidden + Classes * Hidden + Classes;

    [Differentiable(nameof(parameters))]
    public static double Loss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target)
    {
        int d = features.Length;
        int b1 = Hidden * d, w2 = b1 + Hidden, b2 = w2 + Classes * Hidden;
        Span<double> h = stackalloc double[Hidden];
        for (int i = 0; i < Hidden; i++)
        {
            double a = parameters[b1 + i];
            for (int j = 0; j < d; j++) a += parameters[i * d + j] * features[j];
            h[i] = Math.Tanh(a);
        }
        Span<double> logits = stackalloc double[Classes];
        for (int k = 0; k < Classes; k++)
        {
            double z = parameters[b2 + k];
            for (int i = 0; i < Hidden; i++) z += parameters[w2 + k * Hidden + i] * h[i];
            logits[k] = z;
        }
        return Losses.SoftmaxCrossEntropy(logits, (int)target);
    }
}
