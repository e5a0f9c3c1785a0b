using System;
using AutoDiff;

namespace DigitsTrainer.Models;

/// <summary>
/// Multinomial logistic regression: logits z = W·x + b, 10 classes x 64 features.
/// Parameters: W row-major (class k's weights at k·64), then the 10 biases.
/// </summary>
public static partial class SoftmaxRegression
{
    public const int Classes = 10;
    public const int Features = 64;
    public const int ParameterCount = Classes * Features + Classes;

    /// <summary>Cross-entropy of the softmax of the logits against class <c>(int)target</c>, via a stable log-sum-exp.</summary>
    [Differentiable(nameof(parameters))]
    public static double Loss(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target)
    {
        int classes = 10;
        int d = features.Length;
        Span<double> logits = stackalloc double[classes];
        for (int k = 0; k < classes; k++)
        {
            double z = parameters[classes * d + k];
            for (int j = 0; j < d; j++) z += parameters[k * d + j] * features[j];
            logits[k] = z;
        }

        // log Σ exp(z) = max + log Σ exp(z − max): no overflow, and the max's own derivative cancels.
        double max = logits[0];
        for (int k = 1; k < classes; k++) max = Math.Max(max, logits[k]);
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += Math.Exp(logits[k] - max);
        return max + Math.Log(sum) - logits[(int)target];
    }

    /// <summary>The class with the largest logit.</summary>
    public static int Predict(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features)
    {
        int d = features.Length, best = 0;
        double bestLogit = double.NegativeInfinity;
        for (int k = 0; k < Classes; k++)
        {
            double z = parameters[Classes * d + k];
            for (int j = 0; j < d; j++) z += parameters[k * d + j] * features[j];
            if (z > bestLogit) (best, bestLogit) = (k, z);
        }
        return best;
    }

    /// <summary>Zeros: the loss is convex, any start works.</summary>
    public static void Initialize(Span<double> parameters, Random random) => parameters.Clear();
}
