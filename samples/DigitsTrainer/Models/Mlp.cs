using System;
using AutoDiff;

namespace DigitsTrainer.Models;

/// <summary>
/// One hidden layer: h = tanh(W1·x + b1) with 32 units, logits z = W2·h + b2, softmax cross-entropy.
/// Parameters, each matrix row-major: W1 (32 x 64), b1 (32), W2 (10 x 32), b2 (10).
/// </summary>
public static partial class Mlp
{
    public const int Classes = 10;
    public const int Features = 64;
    public const int Hidden = 32;
    public const int ParameterCount = Hidden * Features + Hidden + Classes * Hidden + Classes;

    /// <summary>Cross-entropy of the softmax of the logits against class <c>(int)target</c>, via a stable log-sum-exp.</summary>
    [Differentiable(nameof(parameters))]
    public static double Loss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target)
    {
        int classes = 10;
        int hidden = 32;
        int d = features.Length;
        int b1 = hidden * d;          // offsets of b1, W2 and b2 in parameters
        int w2 = b1 + hidden;
        int b2 = w2 + classes * hidden;

        Span<double> h = stackalloc double[hidden];
        for (int i = 0; i < hidden; i++)
        {
            double a = parameters[b1 + i];
            for (int j = 0; j < d; j++) a += parameters[i * d + j] * features[j];
            h[i] = Math.Tanh(a);
        }

        Span<double> logits = stackalloc double[classes];
        for (int k = 0; k < classes; k++)
        {
            double z = parameters[b2 + k];
            for (int i = 0; i < hidden; i++) z += parameters[w2 + k * hidden + i] * h[i];
            logits[k] = z;
        }

        double max = logits[0];
        for (int k = 1; k < classes; k++) max = Math.Max(max, logits[k]);
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += Math.Exp(logits[k] - max);
        return max + Math.Log(sum) - logits[(int)target];
    }

    /// <summary>The class with the largest logit.</summary>
    public static int Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features)
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

        int best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Classes; k++)
        {
            double z = parameters[b2 + k];
            for (int i = 0; i < Hidden; i++) z += parameters[w2 + k * Hidden + i] * h[i];
            if (z > bestLogit) (best, bestLogit) = (k, z);
        }
        return best;
    }

    /// <summary>Glorot-uniform weights (random, to break the symmetry between hidden units), zero biases.</summary>
    public static void Initialize(Span<double> parameters, Random random)
    {
        parameters.Clear();
        int b1 = Hidden * Features, w2 = b1 + Hidden, b2 = w2 + Classes * Hidden;
        Fill(parameters[..b1], Math.Sqrt(6.0 / (Features + Hidden)), random);
        Fill(parameters[w2..b2], Math.Sqrt(6.0 / (Hidden + Classes)), random);
    }

    private static void Fill(Span<double> weights, double limit, Random random)
    {
        for (int i = 0; i < weights.Length; i++) weights[i] = limit * (2 * random.NextDouble() - 1);
    }
}
