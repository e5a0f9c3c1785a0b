using System;

namespace AutoDiff;

/// <summary>
/// Per-sample losses, written as [Differentiable] methods and compiled by AutoDiff's own generator:
/// each has a generated <c>{Name}Gradient</c> and <c>{Name}Pullback</c>, so a user's differentiable
/// loss can call them and their derivatives compose across assemblies.
/// </summary>
public static partial class Losses
{
    /// <summary>Squared error (prediction − target)².</summary>
    [Differentiable]
    public static double SquaredError(double prediction, double target)
    {
        double error = prediction - target;
        return error * error;
    }

    /// <summary>
    /// Huber loss: ½e² for |e| ≤ delta, else delta·(|e| − ½delta), with e = prediction − target.
    /// Quadratic near zero, linear in the tails, so outliers pull less.
    /// </summary>
    [Differentiable(nameof(prediction), nameof(target))]
    public static double Huber(double prediction, double target, double delta)
    {
        double error = prediction - target;
        double size = Math.Abs(error);
        if (size <= delta) return 0.5 * error * error;
        return delta * (size - 0.5 * delta);
    }

    /// <summary>
    /// Binary cross-entropy of a logit z against a target t in [0, 1], computed stably as
    /// max(z, 0) − z·t + ln(1 + e^−|z|) (equal to −t·ln σ(z) − (1 − t)·ln(1 − σ(z))).
    /// </summary>
    [Differentiable]
    public static double BinaryCrossEntropyWithLogits(double logit, double target) =>
        Math.Max(logit, 0) - logit * target + Math.Log(1 + Math.Exp(-Math.Abs(logit)));

    /// <summary>
    /// Softmax cross-entropy of the class <paramref name="label"/>: logsumexp(logits) − logits[label],
    /// with the maximum subtracted first so that large logits do not overflow.
    /// </summary>
    [Differentiable(nameof(logits))]
    public static double SoftmaxCrossEntropy(ReadOnlySpan<double> logits, int label)
    {
        // The shift cancels in value and derivative, so it is a constant for differentiation.
        double shift = double.NegativeInfinity;
        for (int k = 0; k < logits.Length; k++) shift = Math.Max(shift, Ad.StopGradient(logits[k]));
        double sum = 0;
        for (int k = 0; k < logits.Length; k++) sum += Math.Exp(logits[k] - shift);
        return shift + Math.Log(sum) - logits[label];
    }
}
