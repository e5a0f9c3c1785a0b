using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>Minimal repros of generator bugs found by the corpus, kept as regression tests.</summary>
public static partial class Regressions
{
    // BUG 1 (fixed in 22d7e71): a negated adjoint seed that is itself negated is printed as "--dResult" (pre-decrement).
    [Differentiable] public static double OneMinusCos(double x) => 1 - Math.Cos(x);
    [Differentiable] public static double NegAtan2(double y, double x) => -Math.Atan2(y, x);

    // BUG 3 (fixed in 22d7e71; AutoDiff_DisableOptimizations only): inside a loop, branch flags go on the tape's int stack
    // in pre-order (outer flag, then inner flag) and are popped in the same order, so nested ifs read each
    // other's flags. Same for an if containing 'continue' (the saved _continue is popped as the if's flag).
    [Differentiable]
    public static double NestedIfInLoop(double[] w)
    {
        double s = 1;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 0)
            {
                if (i == 2) s = s * w[i];
            }
            else s = s + w[i] * s;
        }
        return s;
    }

    [Differentiable]
    public static double ContinueInLoop(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] < 0) continue;
            s += w[i] * s + w[i];
        }
        return s;
    }

    // BUG 4 (fixed with the replayed loops): a loop stepping by more than 1 from a start that is a sum was
    // reversed from "n - c + 1" instead of "n - (c + 1)", so the reversed loop ran out of range or skipped.
    [Differentiable]
    public static double StrideFromSum(double[] w)
    {
        double s = 0;
        for (int c = 0; c < w.Length; c++)
            for (int r = c + 1; r <= w.Length - 1; r += 2)
                s += Math.Sin(w[r] * s) + w[r] * w[c];
        return s;
    }
}

public class RegressionTests
{
    [Fact]
    public void NestedIfInLoop() => Check.At(w => Regressions.NestedIfInLoop(w), (w, g) => Regressions.NestedIfInLoopGradient(w, g),
        (w, dr, g) => Regressions.NestedIfInLoopPullback(w, dr, g), new[] { -0.5, 0.7, 0.3 }, new[] { 0.5, 0.7, 0.3 });

    [Fact]
    public void ContinueInLoop() => Check.At(w => Regressions.ContinueInLoop(w), (w, g) => Regressions.ContinueInLoopGradient(w, g),
        (w, dr, g) => Regressions.ContinueInLoopPullback(w, dr, g), new[] { 0.5, -0.7, 0.3 });

    [Fact]
    public void OneMinusCos() => Check.Scalar(Regressions.OneMinusCos, Regressions.OneMinusCosGradient, Regressions.OneMinusCosPullback, 0.3, 1.2, -2.0);

    [Fact]
    public void StrideFromSum() => Check.At(w => Regressions.StrideFromSum(w), (w, g) => Regressions.StrideFromSumGradient(w, g),
        (w, dr, g) => Regressions.StrideFromSumPullback(w, dr, g), new[] { 0.5, -0.7, 0.3, 0.9 }, new[] { 0.2, 0.4, -0.6, 0.1, 0.8 });

    [Fact]
    public void NegAtan2() => Check.Scalar(Regressions.NegAtan2, Regressions.NegAtan2Gradient, Regressions.NegAtan2Pullback, new[] { 0.3, 1.2 }, new[] { -0.7, 0.4 });
}
