using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// sin and cos (sinh and cosh) of one argument kept in locals: the reverse block of each may read the other's
/// local instead of calling the function again (generator's KnownCalls). The look-alikes must not: the argument
/// changes between the two, the local is set only in a branch or in a loop, or the call's own statement
/// changes its argument.
/// </summary>
public static partial class SinCosPairs
{
    // ba.h's rotation: cos then sin of one angle, each read by the other's reverse block.
    [Differentiable(nameof(w))]
    public static double Rotation(double[] w)
    {
        double theta = Math.Sqrt(w[0] * w[0] + w[1] * w[1] + 0.1);
        double cos = Math.Cos(theta);
        double sin = Math.Sin(theta);
        double x = w[2] * cos - w[3] * sin;
        double y = w[2] * sin + w[3] * cos;
        return x * y + w[4] * x;
    }

    // tan's derivative reads cos; the pair is used inside a branch after both are set.
    [Differentiable(nameof(w))]
    public static double TanAndBranch(double[] w)
    {
        double u = w[0] * w[1] + w[2];
        double c = Math.Cos(u);
        double r = w[3];
        if (w[4] > 0)
            r = Math.Tan(u) * r + Math.Sin(u);
        return r * c;
    }

    // sinh and cosh of a parameter scalar; and a call in the return statement.
    [Differentiable]
    public static double Hyperbolic(double a, double b)
    {
        double ch = Math.Cosh(a * b);
        double sh = Math.Sinh(a * b);
        return sh * sh - a * ch + Math.Sin(b) * Math.Cos(b);
    }

    // float: MathF's pair.
    [Differentiable]
    public static float RotationF(float x, float t)
    {
        float c = MathF.Cos(t);
        float s = MathF.Sin(t);
        return x * c * s + s;
    }

    // Math.SinCos deconstructed: both functions of one computed angle, then read by each other's reverse block.
    // The second call's angle is a target of its own statement: it is read before it is assigned.
    [Differentiable(nameof(w))]
    public static double SinCosCall(double[] w)
    {
        var (s, c) = Math.SinCos(w[0] * w[1]);
        double t = w[2];
        (t, double u) = Math.SinCos(t);
        return s * w[3] + c * c + t * u * w[4];
    }

    [Differentiable]
    public static float SinCosF(float x)
    {
        var (s, c) = MathF.SinCos(x * 2);
        return s * c + s;
    }

    // The angle changes between cos and sin: sin's derivative is not the local cos.
    [Differentiable(nameof(w))]
    public static double ArgumentChanged(double[] w)
    {
        double t = w[0] + w[1];
        double c = Math.Cos(t);
        t = t * 2 + w[2];
        double s = Math.Sin(t);
        return c * w[3] + s * w[4];
    }

    // sin comes first and the angle changes before cos: neither reads the other.
    [Differentiable(nameof(w))]
    public static double ArgumentChangedBetween(double[] w)
    {
        double t = w[0] * w[1];
        double s = Math.Sin(t);
        t += w[2];
        double c = Math.Cos(t);
        return s * c + w[3] * c;
    }

    // cos is set only when the branch runs: after the branch sin must call cos itself.
    [Differentiable(nameof(w))]
    public static double LocalSetInBranch(double[] w)
    {
        double t = w[0] - w[1];
        double r = w[3];
        if (w[2] > 0)
        {
            double c = Math.Cos(t);
            r *= c;
        }
        double s = Math.Sin(t);
        return s * w[4] + r;
    }

    // A local set once per iteration holds the last iteration's value when the reverse runs.
    [Differentiable(nameof(w))]
    public static double PairInLoop(double[] w)
    {
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double c = Math.Cos(w[i] * i);
            double s = Math.Sin(w[i] * i);
            sum += c * s + s;
        }
        return sum;
    }

    // The same with a value carried from one iteration to the next, so the loop's reverse runs after it;
    // c is read by no reverse block, so it is not saved per iteration.
    [Differentiable(nameof(w))]
    public static double PairInCarriedLoop(double[] w)
    {
        double x = w[0];
        for (int i = 1; i < w.Length; i++)
        {
            double c = Math.Cos(x);
            double s = Math.Sin(x);
            x = c + s * w[i];
        }
        return x;
    }

    // The call's statement overwrites its own argument, and cos after it takes the new one.
    [Differentiable(nameof(w))]
    public static double OwnArgumentOverwritten(double[] w)
    {
        double u = w[0] * w[1] + w[2];
        u = Math.Sin(u);
        double c = Math.Cos(u);
        return u * w[3] + c * w[4];
    }
}

public class SinCosPairsTests
{
    static readonly double[][] Points = { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6, 0.2, 0.8 } };

    static void Matches(Func<double[], double> f, Action<double[], double[]> gradient)
    {
        foreach (double[] w in Points)
        {
            var g = new double[w.Length];
            gradient((double[])w.Clone(), g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(f, w));
        }
    }

    [Fact] public void Rotation() => Matches(SinCosPairs.Rotation, (w, g) => SinCosPairs.RotationGradient(w, g));
    [Fact] public void TanAndBranch() => Matches(SinCosPairs.TanAndBranch, (w, g) => SinCosPairs.TanAndBranchGradient(w, g));
    [Fact] public void ArgumentChanged() => Matches(SinCosPairs.ArgumentChanged, (w, g) => SinCosPairs.ArgumentChangedGradient(w, g));
    [Fact] public void ArgumentChangedBetween() => Matches(SinCosPairs.ArgumentChangedBetween, (w, g) => SinCosPairs.ArgumentChangedBetweenGradient(w, g));
    [Fact] public void LocalSetInBranch() => Matches(SinCosPairs.LocalSetInBranch, (w, g) => SinCosPairs.LocalSetInBranchGradient(w, g));
    [Fact] public void PairInLoop() => Matches(SinCosPairs.PairInLoop, (w, g) => SinCosPairs.PairInLoopGradient(w, g));
    [Fact] public void SinCosCall() => Matches(SinCosPairs.SinCosCall, (w, g) => SinCosPairs.SinCosCallGradient(w, g));

    [Fact]
    public void SinCosF()
    {
        foreach (float x in new[] { 0.3f, -1.1f, 2.0f })
        {
            float dx = 0;
            SinCosPairs.SinCosFGradient(x, ref dx);
            double expected = 2 * Math.Cos(4 * x) + 2 * Math.Cos(2 * x); // d/dx (sin 4x / 2 + sin 2x)
            Assert.True(Check.Rho(dx, expected) <= Check.FloatToleranceWithReference, $"dx {dx} at {x}");
        }
    }

    [Fact] public void PairInCarriedLoop() => Matches(SinCosPairs.PairInCarriedLoop, (w, g) => SinCosPairs.PairInCarriedLoopGradient(w, g));
    [Fact] public void OwnArgumentOverwritten() => Matches(SinCosPairs.OwnArgumentOverwritten, (w, g) => SinCosPairs.OwnArgumentOverwrittenGradient(w, g));

    [Fact]
    public void Hyperbolic() =>
        Check.Scalar(SinCosPairs.Hyperbolic, SinCosPairs.HyperbolicGradient, SinCosPairs.HyperbolicPullback, new[] { 0.7, -0.4 }, new[] { -1.2, 0.9 });

    [Fact]
    public void RotationF()
    {
        foreach ((float x, float t) in new[] { (0.8f, 0.3f), (-1.5f, 2.1f) })
        {
            float dx = 0, dt = 0;
            SinCosPairs.RotationFGradient(x, t, ref dx, ref dt);
            double c = Math.Cos(t), s = Math.Sin(t);
            Assert.True(Check.Rho(dx, c * s) <= Check.FloatToleranceWithReference, $"dx {dx}");
            Assert.True(Check.Rho(dt, x * (c * c - s * s) + c) <= Check.FloatToleranceWithReference, $"dt {dt}");
        }
    }
}
