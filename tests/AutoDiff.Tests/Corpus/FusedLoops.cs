using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Loops whose iterations only add into accumulators: the generator reverses each iteration right
/// after it runs (docs/optimizations.md, "Fused loops"). The first group fuses; the second is shaped
/// like it but breaks one condition, so it must be reversed the usual way. Both must be exact.
/// </summary>
public static partial class FusedLoops
{
    // Per-row temporaries in a local array overwritten at the start of every iteration.
    [Differentiable(nameof(w))]
    public static double RowLoss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int d)
    {
        int n = x.Length / d;
        Span<double> h = stackalloc double[d];
        double loss = 0;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < d; j++) h[j] = Math.Tanh(w[j] * x[i * d + j]);
            double z = 0;
            for (int j = 0; j < d; j++) z += h[j] * w[d + j];
            loss += Math.Log(1 + Math.Exp(-z)) + 0.1 * z * z;
        }
        return loss;
    }

    // Two accumulators with coefficients (a factor and a divisor known before the loop), one subtracted.
    [Differentiable(nameof(w))]
    public static double Coefficients(double[] w, double scale)
    {
        int n = w.Length;
        double half = 0.5 * scale;
        double a = 0, b = 0;
        for (int i = 0; i < n; i++)
        {
            double t = w[i] * w[(i + 1) % n];
            a += t * t;
            b -= Math.Sin(t);
        }
        return -(half * a) / n + 3 * (2 - b) + w[0];
    }

    // The accumulator starts from an active value: its adjoint must reach w[0] exactly once.
    [Differentiable(nameof(w))]
    public static double ActiveStart(double[] w)
    {
        double s = w[0] * w[1];
        for (int i = 0; i < w.Length; i++) s += Math.Cos(w[i]) * w[i];
        return 2 * s;
    }

    // Tape work inside the iteration: a Newton iteration per element, accumulation under a branch.
    [Differentiable(nameof(w))]
    public static double NewtonPerElement(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double c = 1 + w[i] * w[i];
            double r = 1;
            int k = 0;
            while (k < 4)
            {
                r = 0.5 * (r + c / r);
                k++;
            }
            if (w[i] > 0) s += r * w[i];
            else s += r;
        }
        return s;
    }

    // t's adjoint gets its branch's share first in the reverse block, then the sine's: only an update
    // that comes first may assign the adjoint instead of adding into it.
    [Differentiable(nameof(w))]
    public static double BranchThenTopLevel(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double t = w[i] * w[(i + 1) % w.Length];
            s += Math.Sin(t);
            if (w[i] > 0) s += 3 * t;
            else s -= t * t;
        }
        return s;
    }

    // An array written element by element inside a nested loop, then reduced: a[k] for every k.
    [Differentiable(nameof(w))]
    public static double NestedOverwrite(double[] w, int groups)
    {
        int m = w.Length;
        double[] a = new double[groups];
        double total = 0;
        for (int i = 0; i < m; i++)
        {
            for (int k = 0; k < groups; k++) a[k] = w[i] * (k + 1) + w[(i + k) % m];
            double best = 0;
            for (int k = 0; k < groups; k++) best += Math.Exp(a[k] * 0.3);
            total += Math.Log(best);
        }
        return total;
    }

    // gmm.h's ending: the sum held in a local, a prior from a loop of its own, and a chain of locals.
    [Differentiable(nameof(w))]
    public static double ResultLocal(double[] w, double scale)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Sin(w[i] * w[(i + 1) % w.Length]);
        double err = 3 - scale * s;
        double prior = 0;
        for (int i = 0; i < w.Length; i++) prior += w[i] * w[i];
        double scaled = err / w.Length;
        scaled = scaled * 2 + prior;
        return scaled - w[1];
    }

    // ---- Shaped like fusion, but one condition fails ---------------------------------------

    // The local holding the sum is read by the loop after it.
    [Differentiable(nameof(w))]
    public static double ResultLocalReadByLoop(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Cos(w[i]);
        double err = 2 * s;
        double prior = 0;
        for (int i = 0; i < w.Length; i++) prior += err * w[i];
        return err + prior;
    }

    // The local holding the sum reaches the loop after it through another local.
    [Differentiable(nameof(w))]
    public static double ResultLocalThroughTemporary(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Sin(w[i]) * w[i];
        double err = 2 * s;
        double q = err * 3;
        double prior = 0;
        for (int i = 0; i < w.Length; i++) prior += q * w[i];
        return err + prior;
    }

    // The local holding the sum is squared.
    [Differentiable(nameof(w))]
    public static double ResultLocalSquared(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Cos(w[i]) * w[i];
        double err = s - 1;
        double sq = err * err;
        return sq + err;
    }

    // The local holding the sum is also read by a statement that is not part of the result.
    [Differentiable(nameof(w))]
    public static double ResultLocalReadElsewhere(double[] w)
    {
        double[] a = new double[2];
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Cos(w[i]) * w[i];
        double err = 0.5 * s;
        a[0] = err * w[0];
        return err + a[0];
    }

    // t carries over from the previous iteration when the branch is not taken.
    [Differentiable(nameof(w))]
    public static double CarriedTemporary(double[] w)
    {
        double t = 1;
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] > 0) t = w[i] * 2;
            s += t * w[i];
        }
        return s;
    }

    // Only some elements are rewritten each iteration: the others carry over.
    [Differentiable(nameof(w))]
    public static double PartlyRewrittenArray(double[] w)
    {
        double[] a = new double[2];
        a[0] = w[0];
        a[1] = w[1];
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            a[i % 2] = a[0] * 0.5 + w[i];
            s += a[0] * a[1];
        }
        return s;
    }

    // The result is not linear in the accumulator.
    [Differentiable(nameof(w))]
    public static double SquaredSum(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * w[i];
        return s * s;
    }

    // The accumulator is read after the loop by another statement.
    [Differentiable(nameof(w))]
    public static double ReadAfter(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Sin(w[i]);
        double u = s * w[0];
        return s + u;
    }

    // A value the loop reads is written after it (its adjoint is reset there).
    [Differentiable(nameof(w))]
    public static double InputWrittenAfter(double[] w)
    {
        double c = w[0] * 3;
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += c * w[i];
        c = w[1];
        return s + c;
    }

    // A per-iteration temporary is read after the loop: its last value matters.
    [Differentiable(nameof(w))]
    public static double TemporaryReadAfter(double[] w)
    {
        double t = 0;
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            t = w[i] * w[i];
            s += t;
        }
        return s + t;
    }

    // The accumulator starts as a square root, whose reverse block reads the accumulator's own value.
    [Differentiable(nameof(w))]
    public static double OwnResultStart(double[] w)
    {
        double s = Math.Sqrt(1 + w[0] * w[0]);
        for (int i = 0; i < w.Length; i++) s += Math.Sin(w[i]) * w[i];
        return s + 2;
    }

    // A temporary of the loop was an exponential before it, read back by that statement's reverse block.
    [Differentiable(nameof(w))]
    public static double OwnResultTemporary(double[] w)
    {
        double u = Math.Exp(w[0]);
        double s = u;
        for (int i = 0; i < w.Length; i++)
        {
            u = w[i] * w[i];
            s += u;
        }
        return s;
    }

    // The coefficient is computed after the loop.
    [Differentiable(nameof(w))]
    public static double CoefficientAfter(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * w[i];
        double k = w[0] + 1;
        return k * s;
    }
}

public class FusedLoopTests
{
    static readonly double[] W = { 0.3, -0.7, 0.45, 0.9, -0.2, 0.65 };

    static void Matches(Func<double[], double> f, Action<double[], double[]> gradient)
    {
        var g = new double[W.Length];
        gradient((double[])W.Clone(), g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(f, W));
    }

    [Fact]
    public void RowLoss()
    {
        double[] x = { 0.5, -1.2, 0.3, 0.8, -0.4, 1.1, 0.2, -0.9, 0.7 };
        Matches(w => FusedLoops.RowLoss(w, x, 3), (w, g) => FusedLoops.RowLossGradient(w, x, 3, g));
    }

    [Fact] public void Coefficients() => Matches(w => FusedLoops.Coefficients(w, 1.7), (w, g) => FusedLoops.CoefficientsGradient(w, 1.7, g));
    [Fact] public void ActiveStart() => Matches(FusedLoops.ActiveStart, (w, g) => FusedLoops.ActiveStartGradient(w, g));
    [Fact] public void BranchThenTopLevel() => Matches(FusedLoops.BranchThenTopLevel, (w, g) => FusedLoops.BranchThenTopLevelGradient(w, g));
    [Fact] public void NewtonPerElement() => Matches(FusedLoops.NewtonPerElement, (w, g) => FusedLoops.NewtonPerElementGradient(w, g));
    [Fact] public void NestedOverwrite() => Matches(w => FusedLoops.NestedOverwrite(w, 3), (w, g) => FusedLoops.NestedOverwriteGradient(w, 3, g));
    [Fact] public void ResultLocal() => Matches(w => FusedLoops.ResultLocal(w, 0.7), (w, g) => FusedLoops.ResultLocalGradient(w, 0.7, g));
    [Fact] public void ResultLocalReadByLoop() => Matches(FusedLoops.ResultLocalReadByLoop, (w, g) => FusedLoops.ResultLocalReadByLoopGradient(w, g));
    [Fact] public void ResultLocalThroughTemporary() => Matches(FusedLoops.ResultLocalThroughTemporary, (w, g) => FusedLoops.ResultLocalThroughTemporaryGradient(w, g));
    [Fact] public void ResultLocalSquared() => Matches(FusedLoops.ResultLocalSquared, (w, g) => FusedLoops.ResultLocalSquaredGradient(w, g));
    [Fact] public void ResultLocalReadElsewhere() => Matches(FusedLoops.ResultLocalReadElsewhere, (w, g) => FusedLoops.ResultLocalReadElsewhereGradient(w, g));
    [Fact] public void CarriedTemporary() => Matches(FusedLoops.CarriedTemporary, (w, g) => FusedLoops.CarriedTemporaryGradient(w, g));
    [Fact] public void PartlyRewrittenArray() => Matches(FusedLoops.PartlyRewrittenArray, (w, g) => FusedLoops.PartlyRewrittenArrayGradient(w, g));
    [Fact] public void SquaredSum() => Matches(FusedLoops.SquaredSum, (w, g) => FusedLoops.SquaredSumGradient(w, g));
    [Fact] public void ReadAfter() => Matches(FusedLoops.ReadAfter, (w, g) => FusedLoops.ReadAfterGradient(w, g));
    [Fact] public void InputWrittenAfter() => Matches(FusedLoops.InputWrittenAfter, (w, g) => FusedLoops.InputWrittenAfterGradient(w, g));
    [Fact] public void TemporaryReadAfter() => Matches(FusedLoops.TemporaryReadAfter, (w, g) => FusedLoops.TemporaryReadAfterGradient(w, g));
    [Fact] public void OwnResultStart() => Matches(FusedLoops.OwnResultStart, (w, g) => FusedLoops.OwnResultStartGradient(w, g));
    [Fact] public void OwnResultTemporary() => Matches(FusedLoops.OwnResultTemporary, (w, g) => FusedLoops.OwnResultTemporaryGradient(w, g));
    [Fact] public void CoefficientAfter() => Matches(FusedLoops.CoefficientAfter, (w, g) => FusedLoops.CoefficientAfterGradient(w, g));

    [Fact]
    public void PullbackScalesTheFusedAdjoint()
    {
        // The fused loop seeds its accumulator from dResult: a pullback with dResult = -2.5 gives -2.5 times the gradient.
        var g = new double[W.Length];
        var p = new double[W.Length];
        FusedLoops.CoefficientsGradient(W, 1.7, g);
        FusedLoops.CoefficientsPullback(W, 1.7, -2.5, p);
        for (int k = 0; k < W.Length; k++) Assert.Equal(-2.5 * g[k], p[k], 12);
    }
}
