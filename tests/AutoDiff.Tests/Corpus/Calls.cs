using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>Helpers in another static class, some attributed, some not.</summary>
public static class CallsHelpers
{
    public static double Cube(double x) => x * x * x;

    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    public static double SumSquares(double[] a)
    {
        double s = 0;
        foreach (double v in a) s += v * v;
        return s;
    }

    public static double Blend(double a, double b, double t, int mode)
    {
        if (mode == 0) return a * (1 - t) + b * t;
        return Math.Max(a, b) * t;
    }
}

public static partial class CallsAttributed
{
    [Differentiable]
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
}

public static partial class Calls
{
    static double Sq(double a) => a * a;

    [Differentiable]
    static double SqAttributed(double a) => a * a;

    static double Weighted(double a, double b) => 2 * a + a * b;

    [Differentiable] public static double NestedSq(double x) => Sq(Sq(x));
    [Differentiable] public static double ExpressionArgument(double x, double y) => Sq(x * y + Math.Sin(x)) + Weighted(y - x, x * x);
    [Differentiable] public static double ArgumentOrder(double x, double y) => Weighted(y, x) - Weighted(x, y);
    [Differentiable] public static double SameArgumentTwice(double x) => Weighted(x, x);
    [Differentiable] public static double AttributedCallee(double x) => SqAttributed(x) + CallsAttributed.Softplus(x * 2);
    [Differentiable] public static double OtherClass(double x) => CallsHelpers.Cube(x + 1) * 2;

    [Differentiable]
    public static double SpanArguments(double[] a, double[] b) => CallsHelpers.Dot(a, b) + CallsHelpers.SumSquares(a) * CallsHelpers.Dot(b, b);

    [Differentiable]
    public static double PassLocalArray(double x, int n)
    {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.Cos(x * i);
        return CallsHelpers.SumSquares(a) + CallsHelpers.Dot(a, a);
    }

    [Differentiable]
    public static double PassStackalloc(double x)
    {
        Span<double> a = stackalloc double[3];
        a[0] = x; a[1] = x * x; a[2] = 1;
        return CallsHelpers.Dot(a, a);
    }

    [Differentiable]
    public static double IntAndBranchInCallee(double x, double y, int mode) => CallsHelpers.Blend(x, y, 0.3, mode) + CallsHelpers.Blend(y, x * x, x, mode);

    [Differentiable]
    public static double CallInLoop(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s = Sq(s) * 0.1 + CallsAttributed.Softplus(w[i] + s);
        return s;
    }

    [Differentiable]
    public static double CallResultReused(double x)
    {
        double a = Sq(x);
        double b = Sq(a) + a;
        a = Sq(b);
        return a + b;
    }

    // Small straight-line helpers are inlined when optimizing (docs/optimizations.md): a helper that
    // writes its parameter must not write the caller's variable passed to it; helpers with locals
    // and int parameters; a sigmoid gate per element of an in-place loop, as in an LSTM cell.
    static double Doubled(double a)
    {
        a *= 2;
        double b = a * a;
        return b + a;
    }

    static double Scaled(double a, int k) => Math.Exp(-a) * k + a / k;

    static double Gate(double x) => 1 / (1 + Math.Exp(-x));

    [Differentiable]
    public static double InlinedWritesParameter(double x, double y)
    {
        double d = Doubled(x);
        return d * x + Doubled(y) * Scaled(x * y, 3) + x;
    }

    [Differentiable(nameof(w))]
    public static double InlinedGatesInLoop(double[] w, int steps)
    {
        double[] c = new double[w.Length];
        for (int t = 0; t < steps; t++)
            for (int i = 0; i < w.Length; i++)
            {
                double f = Gate(c[i] * w[i] + 0.1 * t);
                double g = Gate(w[(i + 1) % w.Length] - c[i]);
                c[i] = c[i] * f + g * Math.Tanh(w[i]);
            }
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += c[i] * c[i];
        return s;
    }

    [Differentiable] public static float InlinedFloat(float x) => FloatGate(x * x) * x;

    // Helpers with loops over span parameters are inlined too: a log-sum-exp per sample over a local
    // array rewritten every sample, one over a parameter, one over a slice (its start and count read
    // through locals), and a helper with a branch in its loop that writes its scalar parameter.
    [Differentiable(nameof(w))]
    public static double InlinedLoops(double[] w, int samples)
    {
        double[] scores = new double[w.Length];
        double total = 0, limit = 0.5;
        for (int n = 0; n < samples; n++)
        {
            for (int k = 0; k < w.Length; k++) scores[k] = Math.Sin(w[k] * (n + 1)) * w[(k + n) % w.Length];
            total += LogSumExp(scores) + ClippedSquares(scores, limit) * limit;
        }
        ReadOnlySpan<double> tail = w.AsSpan(1, w.Length - 1);
        return total - samples * LogSumExp(w) + LogSumExp(tail);
    }

    static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < v.Length; k++) max = Math.Max(max, Ad.StopGradient(v[k]));
        double sum = 0;
        for (int k = 0; k < v.Length; k++) sum += Math.Exp(v[k] - max);
        return max + Math.Log(sum);
    }

    static double ClippedSquares(ReadOnlySpan<double> v, double limit)
    {
        double s = 0;
        for (int k = 0; k < v.Length; k++)
        {
            if (v[k] > limit) s += limit * v[k];
            else s += v[k] * v[k];
        }
        limit = limit * 2;
        return s + limit;
    }

    static float FloatGate(float x) => 1f / (1f + MathF.Exp(-x));

    /// <summary>Calls another [Differentiable] method that differentiates only some parameters.</summary>
    [Differentiable]
    public static double CallPartialWrt(double x, double y) => Parameters.WrtSecondScalar(x, y) + Parameters.WrtSecondScalar(y, x);

    // ---------------- recursion ----------------

    static double Power(double x, int n) => n == 0 ? 1 : x * Power(x, n - 1);

    static double FastPower(double x, int n)
    {
        if (n == 0) return 1;
        double half = FastPower(x, n / 2);
        if (n % 2 == 0) return half * half;
        return half * half * x;
    }

    static double IsEvenLike(double x, int n) => n == 0 ? x : IsOddLike(Math.Sin(x), n - 1);
    static double IsOddLike(double x, int n) => n == 0 ? x * x : IsEvenLike(x * 1.5, n - 1);

    [Differentiable] public static double DirectRecursion(double x) => Power(x, 5);
    [Differentiable] public static double DirectRecursionN(double x, int n) => Power(x, n) + FastPower(x + 1, n);
    [Differentiable] public static double MutualRecursion(double x, int n) => IsEvenLike(x, n);

    [Differentiable]
    public static double RecursiveFactorialLike(double x, int n) => n <= 1 ? x : (x + n) * RecursiveFactorialLike(x, n - 1);

    /// <summary>Determinant of an n x n row-major matrix by cofactor expansion along the first row.</summary>
    [Differentiable]
    public static double Determinant(double[] m, int n)
    {
        if (n == 1) return m[0];
        double det = 0;
        double[] minor = new double[(n - 1) * (n - 1)];
        for (int c = 0; c < n; c++)
        {
            for (int r = 1; r < n; r++)
            {
                int k = 0;
                for (int cc = 0; cc < n; cc++)
                {
                    if (cc == c) continue;
                    minor[(r - 1) * (n - 1) + k] = m[r * n + cc];
                    k++;
                }
            }
            double sign = c % 2 == 0 ? 1 : -1;
            det += sign * m[c] * Determinant(minor, n - 1);
        }
        return det;
    }

    // ---------------- StopGradient ----------------

    [Differentiable] public static double StopGradient(double x, double y) => x * Ad.StopGradient(x * y) + Ad.StopGradient(y) * y;

    [Differentiable]
    public static double StopGradientInLoop(double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double frozen = Ad.StopGradient(s);
            s = s + w[i] * frozen + w[i];
        }
        return s;
    }

    [Differentiable] public static float StopGradientFloat(float x) => x * Ad.StopGradient(x);
}

public static partial class Calls
{
    // in parameters: an inlined helper and one with a loop, which stays a call through its pullback.
    [Differentiable]
    public static double InParameters(double x, double y) => Norm2(in x, y) + PowerSum(x * y, 3);

    static double Norm2(in double a, in double b) => a * a + b * b;

    static double PowerSum(in double a, in int n)
    {
        double s = 0, p = 1;
        int k = 0;
        while (k < n) { p *= a; s += p; k++; }
        return s;
    }
}

public static partial class Calls
{
    // A helper with a scratch array of its own, called in a loop: inlined, its array allocated once at the start
    // (its size, d, read through the caller's single definition) and cleared at each call.
    [Differentiable(nameof(w))]
    public static double ScratchInLoop(double[] w, double[] x)
    {
        int d = x.Length;
        double s = 0;
        for (int i = 0; i + d <= w.Length; i++) s += CenteredSquares(w.AsSpan(i, d), x, d);
        return s + CenteredSquares(w.AsSpan(0, d), x, d) * 0.5;
    }

    static double CenteredSquares(ReadOnlySpan<double> v, ReadOnlySpan<double> mu, int d)
    {
        Span<double> c = stackalloc double[d];
        for (int j = 0; j < d; j++) c[j] = v[j] - mu[j];
        double sq = 0;
        for (int j = 0; j < d; j++) sq += c[j] * c[j] * (j + 1) + Math.Sin(c[j]);
        return sq;
    }

    // The scratch size depends on the caller's loop: it cannot move to the start, so the helper stays a call.
    [Differentiable(nameof(w))]
    public static double ScratchSizedByTheLoop(double[] w)
    {
        double s = 0;
        for (int i = 1; i <= w.Length; i++) s += PrefixSquares(w, i);
        return s;
    }

    // The scratch array is declared in a branch of the helper: the helper keeps its pullback.
    [Differentiable(nameof(w))]
    public static double ScratchInABranch(double[] w)
    {
        double s = 0;
        for (int i = 0; i < 3; i++) s += BranchScratch(w, w.Length, i);
        return s;
    }

    static double BranchScratch(ReadOnlySpan<double> v, int n, int shift)
    {
        double s = v[shift];
        if (shift > 0)
        {
            Span<double> t = stackalloc double[n];
            for (int j = 0; j < n; j++) t[j] = v[j] * v[(j + shift) % n];
            for (int j = 0; j < n; j++) s += t[j] * t[j];
        }
        return s;
    }

    // A constant term from a helper that reads a static array of coefficients, which a differentiated body may not:
    // under Ad.StopGradient it is called as written and its body is never lowered.
    [Differentiable(nameof(w))]
    public static double StoppedHelper(double[] w, double gamma) => w[0] * w[1] + Ad.StopGradient(LogGammaLike(gamma + w[0]));

    private static readonly double[] s_coefficients = { 0.5, -0.25, 0.125 };

    private static double LogGammaLike(double a)
    {
        double s = 0;
        for (int k = 0; k < s_coefficients.Length; k++) s += s_coefficients[k] * Math.Pow(a, k);
        return s;
    }

    static double PrefixSquares(ReadOnlySpan<double> v, int n)
    {
        Span<double> t = stackalloc double[n];
        for (int j = 0; j < n; j++) t[j] = v[j] * v[j];
        double s = 0;
        for (int j = 0; j < n; j++) s += t[j] * (j + 1);
        return s;
    }
}

public class CallsTests
{
    [Fact]
    public void ScratchInLoop()
    {
        double[] x = { 0.3, -0.2, 0.5 };
        foreach (double[] w in new[] { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6 } })
        {
            var g = new double[w.Length];
            Calls.ScratchInLoopGradient(w, x, g);
            FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => Calls.ScratchInLoop(p, x), w));
        }
    }

    [Fact]
    public void ScratchInABranch()
    {
        double[] w = { 0.3, -0.7, 0.45, 0.9, -0.2 };
        var g = new double[w.Length];
        Calls.ScratchInABranchGradient(w, g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(Calls.ScratchInABranch, w));
    }

    [Fact]
    public void StoppedHelper()
    {
        double[] w = { 0.3, -0.7 };
        var g = new double[2];
        double value = Calls.StoppedHelperGradient(w, 1.5, g);
        Assert.Equal(Calls.StoppedHelper(w, 1.5), value);
        Assert.Equal(new[] { -0.7, 0.3 }, g); // the stopped term adds nothing
    }

    [Fact]
    public void ScratchSizedByTheLoop()
    {
        double[] w = { 0.3, -0.7, 0.45, 0.9, -0.2 };
        var g = new double[w.Length];
        Calls.ScratchSizedByTheLoopGradient(w, g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(Calls.ScratchSizedByTheLoop, w));
    }

    [Fact]
    public void InParameters() =>
        Check.Scalar(Calls.InParameters, Calls.InParametersGradient, Calls.InParametersPullback, new[] { 0.7, -0.4 }, new[] { -1.2, 0.9 });

    [Fact] public void NestedSq() => Check.Scalar(Calls.NestedSq, Calls.NestedSqGradient, Calls.NestedSqPullback, 0.4, -1.3);
    [Fact] public void ExpressionArgument() => Check.Scalar(Calls.ExpressionArgument, Calls.ExpressionArgumentGradient, Calls.ExpressionArgumentPullback, Check.Points(91, 3, 2));
    [Fact] public void ArgumentOrder() => Check.Scalar(Calls.ArgumentOrder, Calls.ArgumentOrderGradient, Calls.ArgumentOrderPullback, Check.Points(92, 3, 2));
    [Fact] public void SameArgumentTwice() => Check.Scalar(Calls.SameArgumentTwice, Calls.SameArgumentTwiceGradient, Calls.SameArgumentTwicePullback, 0.4, -1.3);
    [Fact] public void AttributedCallee() => Check.Scalar(Calls.AttributedCallee, Calls.AttributedCalleeGradient, Calls.AttributedCalleePullback, 0.4, -1.3);
    [Fact] public void InlinedWritesParameter() => Check.Scalar(Calls.InlinedWritesParameter, Calls.InlinedWritesParameterGradient, Calls.InlinedWritesParameterPullback, Check.Points(94, 3, 2));

    [Fact]
    public void InlinedGatesInLoop() => Check.At(p => Calls.InlinedGatesInLoop(p, 3), (p, g) => Calls.InlinedGatesInLoopGradient(p, 3, g),
        (p, dr, g) => Calls.InlinedGatesInLoopPullback(p, 3, dr, g), Check.Points(95, 3, 4));

    [Fact]
    public void InlinedLoops()
    {
        foreach (int samples in new[] { 0, 1, 3 })
            Check.At(p => Calls.InlinedLoops(p, samples), (p, g) => Calls.InlinedLoopsGradient(p, samples, g),
                (p, dr, g) => Calls.InlinedLoopsPullback(p, samples, dr, g), Check.Points(96, 3, 4));
    }

    [Fact]
    public void InlinedFloat() => Check.ScalarF(Calls.InlinedFloat, Calls.InlinedFloatGradient, Calls.InlinedFloatPullback,
        x => x / (1 + Math.Exp(-x * x)), 0.7f, -1.3f);

    [Fact] public void OtherClass() => Check.Scalar(Calls.OtherClass, Calls.OtherClassGradient, Calls.OtherClassPullback, 0.4, -1.3);

    [Fact]
    public void SpanArguments() => Check.At(p => Calls.SpanArguments(p[..3], p[3..]),
        (p, g) => Calls.SpanArgumentsGradient(p[..3], p[3..], g.AsSpan(0, 3), g.AsSpan(3)),
        (p, dr, g) => Calls.SpanArgumentsPullback(p[..3], p[3..], dr, g.AsSpan(0, 3), g.AsSpan(3)), Check.Points(93, 3, 6));

    [Fact]
    public void PassLocalArray()
    {
        foreach (int n in new[] { 1, 4 })
            Check.Scalar(x => Calls.PassLocalArray(x, n), (double x, ref double dx) => Calls.PassLocalArrayGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Calls.PassLocalArrayPullback(x, n, dr, ref dx), 0.4, -1.3);
    }

    [Fact] public void PassStackalloc() => Check.Scalar(Calls.PassStackalloc, Calls.PassStackallocGradient, Calls.PassStackallocPullback, 0.4, -1.3);

    [Fact]
    public void IntAndBranchInCallee()
    {
        foreach (int mode in new[] { 0, 1 })
            Check.Scalar((x, y) => Calls.IntAndBranchInCallee(x, y, mode),
                (double x, double y, ref double dx, ref double dy) => Calls.IntAndBranchInCalleeGradient(x, y, mode, ref dx, ref dy),
                (double x, double y, double dr, ref double dx, ref double dy) => Calls.IntAndBranchInCalleePullback(x, y, mode, dr, ref dx, ref dy),
                new[] { 0.4, 0.9 }, new[] { 1.1, -0.3 });
    }

    [Fact] public void CallInLoop() => Check.At(w => Calls.CallInLoop(w), (w, g) => Calls.CallInLoopGradient(w, g), (w, dr, g) => Calls.CallInLoopPullback(w, dr, g), Check.Points(94, 3, 4));
    [Fact] public void CallResultReused() => Check.Scalar(Calls.CallResultReused, Calls.CallResultReusedGradient, Calls.CallResultReusedPullback, 0.4, -1.1);
    [Fact] public void CallPartialWrt() => Check.Scalar(Calls.CallPartialWrt, Calls.CallPartialWrtGradient, Calls.CallPartialWrtPullback, Check.Points(95, 3, 2));

    [Fact]
    public void DirectRecursion()
    {
        Check.Scalar(Calls.DirectRecursion, Calls.DirectRecursionGradient, Calls.DirectRecursionPullback, 0.4, -1.3);
        Assert.Equal(5 * Math.Pow(0.9, 4), Check.Exact(Calls.DirectRecursionGradient, 0.9), 14);
    }

    [Fact]
    public void DirectRecursionN()
    {
        foreach (int n in new[] { 0, 1, 6, 7 })
            Check.Scalar(x => Calls.DirectRecursionN(x, n), (double x, ref double dx) => Calls.DirectRecursionNGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Calls.DirectRecursionNPullback(x, n, dr, ref dx), 0.4, -1.3);
    }

    [Fact]
    public void MutualRecursion()
    {
        foreach (int n in new[] { 0, 1, 2, 5 })
            Check.Scalar(x => Calls.MutualRecursion(x, n), (double x, ref double dx) => Calls.MutualRecursionGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Calls.MutualRecursionPullback(x, n, dr, ref dx), 0.4, -1.3);
    }

    [Fact]
    public void RecursiveFactorialLike()
    {
        foreach (int n in new[] { 1, 2, 5 })
            Check.Scalar(x => Calls.RecursiveFactorialLike(x, n), (double x, ref double dx) => Calls.RecursiveFactorialLikeGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Calls.RecursiveFactorialLikePullback(x, n, dr, ref dx), 0.4, -1.3);
    }

    [Fact]
    public void Determinant()
    {
        foreach (int n in new[] { 1, 2, 3, 4 })
            Check.At(m => Calls.Determinant(m, n), (m, g) => Calls.DeterminantGradient(m, n, g),
                (m, dr, g) => Calls.DeterminantPullback(m, n, dr, g), Check.Points(96 + n, 2, n * n));
        // d det / dM = cofactor matrix; for [[a,b],[c,d]] that is [[d,-c],[-b,a]].
        var g2 = new double[4];
        Assert.Equal(1.0 * 4 - 2 * 3, Calls.DeterminantGradient(new[] { 1.0, 2, 3, 4 }, 2, g2));
        Assert.Equal(new[] { 4.0, -3, -2, 1 }, g2);
    }

    [Fact]
    public void StopGradient()
    {
        // d/dx = x*y (the frozen value), d/dy = y (frozen y times y: only the second factor)
        foreach (var (x, y) in new[] { (0.4, 0.7), (-1.3, 2.0) })
        {
            var (dx, dy) = Check.Exact(Calls.StopGradientGradient, x, y);
            Assert.Equal(x * y, dx);
            Assert.Equal(y, dy);
            double a = 0, b = 0;
            Assert.Equal(Calls.StopGradient(x, y), Calls.StopGradientGradient(x, y, ref a, ref b));
        }
    }

    [Fact]
    public void StopGradientInLoop()
    {
        // s_{i+1} = s_i + w_i * stop(s_i) + w_i: d s_n / d w_i = stop(s_i) + 1, the chain through stop() cut.
        var w = new[] { 0.5, -0.3, 0.8 };
        var g = new double[3];
        Calls.StopGradientInLoopGradient(w, g);
        double s0 = 0, s1 = s0 + w[0] * s0 + w[0], s2 = s1 + w[1] * s1 + w[1];
        Assert.Equal(new[] { s0 + 1, s1 + 1, s2 + 1 }, g);
    }

    [Fact]
    public void StopGradientFloat()
    {
        float d = 0;
        Assert.Equal(0.25f, Calls.StopGradientFloatGradient(0.5f, ref d));
        Assert.Equal(0.5f, d);
    }
}
