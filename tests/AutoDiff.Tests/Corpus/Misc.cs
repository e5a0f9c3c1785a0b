using System;
using AutoDiff;
using Xunit;
namespace AutoDiff.Tests.Corpus;
public static partial class Misc
{
    const double Half = 0.5;
    static readonly double Scale = 3;

    [Differentiable]
    public static double VarAndConst(double x)
    {
        const double k = 2;
        var s = 0.0;
        var t = x * k;
        s += t * Half * Scale;
        return s * x;
    }

    [Differentiable]
    public static double ReturnInForeach(double[] w)
    {
        double s = 0;
        foreach (var v in w)
        {
            s = s * v + 1;
            if (s > 2) return s * s;
        }
        return s;
    }

    [Differentiable]
    public static double DuplicateIndexWrites(double[] w)
    {
        double[] b = new double[2];
        for (int i = 0; i < w.Length; i++) b[i % 2] += w[i] * b[(i + 1) % 2] + w[i];
        return b[0] * b[1];
    }

    [Differentiable]
    public static double RunningMax(double[] w)
    {
        double m = w[0];
        for (int i = 1; i < w.Length; i++) m = Math.Max(m, w[i] * m);
        return m;
    }

    [Differentiable]
    public static double L1(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += Math.Abs(a[i] - b[i]);
        return s;
    }

    // Note: '%' on double is rejected with ADIFF0107 (not in the contract's list).

    static float FRec(float x, int n) => n == 0 ? x : MathF.Sin(FRec(x, n - 1)) * x;

    [Differentiable]
    public static float FloatRecursion(float x, int n) => FRec(x, n);

    [Differentiable]
    public static double DataIndex(double x, double[] table)
    {
        int k = (int)Math.Floor(x * table.Length);
        if (k < 0) k = 0;
        if (k >= table.Length) k = table.Length - 1;
        return table[k] * x;
    }

    [Differentiable]
    public static double SelfAssign(double x)
    {
        double a = x;
        a = a * 1;
        a = 0 + a;
        return a * a;
    }

    [Differentiable]
    public static double ShadowedLoopLocals(double x)
    {
        double s = 0;
        for (int i = 0; i < 3; i++) { double t = x * i; s += t * t; }
        for (int i = 0; i < 2; i++) { double t = s * x; s = t + 1; }
        return s;
    }

    [Differentiable]
    public static double TernaryChain(double x, int n)
    {
        double s = 0;
        for (int i = 0; i < n; i++) s += i % 3 == 0 ? x * i : i % 3 == 1 ? Math.Sin(x) : s * x;
        return s;
    }

    [Differentiable]
    public static double WhileWithArrayState(double[] w, double tol)
    {
        double[] v = new double[w.Length];
        for (int i = 0; i < w.Length; i++) v[i] = w[i];
        double norm = 10;
        int it = 0;
        while (norm > tol && it < 100)
        {
            norm = 0;
            for (int i = 0; i < v.Length; i++) { v[i] *= 0.5; norm += v[i] * v[i]; }
            it++;
        }
        return norm + v[0];
    }

    [Differentiable]
    public static double NestedCallsWithLoops(double[] w) => Inner(w, 2) + Inner(w, 3) * Inner(w, 1);

    static double Inner(double[] w, int p)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += Math.Pow(w[i], p);
        return s;
    }

    [Differentiable]
    public static double Float2Double(float[] w, double x)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * x;
        return s;
    }
}

public class MiscTests
{
    [Fact] public void VarAndConst() => Check.Scalar(Misc.VarAndConst, Misc.VarAndConstGradient, Misc.VarAndConstPullback, 0.4, -1.3);

    static void Arr(Func<double[], double> f, Check.Grad g, Check.Pull p, params double[][] pts) => Check.At(f, g, p, pts);

    [Fact] public void ReturnInForeach() => Arr(w => Misc.ReturnInForeach(w), (w, g) => Misc.ReturnInForeachGradient(w, g), (w, dr, g) => Misc.ReturnInForeachPullback(w, dr, g), new[] { 0.5, 0.8, 1.9, 0.3 }, new[] { 0.5, 0.8, 0.2, 0.3 });
    [Fact] public void DuplicateIndexWrites() => Arr(w => Misc.DuplicateIndexWrites(w), (w, g) => Misc.DuplicateIndexWritesGradient(w, g), (w, dr, g) => Misc.DuplicateIndexWritesPullback(w, dr, g), Check.Points(111, 3, 5));
    [Fact] public void RunningMax() => Arr(w => Misc.RunningMax(w), (w, g) => Misc.RunningMaxGradient(w, g), (w, dr, g) => Misc.RunningMaxPullback(w, dr, g), Check.Points(112, 3, 5, 0.2, 2));
    [Fact] public void L1() => Arr(p => Misc.L1(p[..3], p[3..]), (p, g) => Misc.L1Gradient(p[..3], p[3..], g.AsSpan(0, 3), g.AsSpan(3)), (p, dr, g) => Misc.L1Pullback(p[..3], p[3..], dr, g.AsSpan(0, 3), g.AsSpan(3)), Check.Points(113, 3, 6));

    [Fact]
    public void FloatRecursion()
    {
        foreach (int n in new[] { 0, 1, 4 })
            Check.ScalarF(x => Misc.FloatRecursion(x, n), (float x, ref float dx) => Misc.FloatRecursionGradient(x, n, ref dx),
                (float x, float dr, ref float dx) => Misc.FloatRecursionPullback(x, n, dr, ref dx),
                x => { double r = x; for (int i = 0; i < n; i++) r = Math.Sin(r) * x; return r; }, 0.7f, -1.2f);
    }

    [Fact]
    public void DataIndex()
    {
        var table = new[] { 0.3, -0.7, 1.1, 0.5 };
        foreach (var x0 in new[] { 0.1, 0.4, 0.6, 0.9, -0.3, 1.4 })
            Check.Gradient(p => Misc.DataIndex(p[0], p[1..]), (p, g) => Misc.DataIndexGradient(p[0], p[1..], ref g[0], g.AsSpan(1)),
                (p, dr, g) => Misc.DataIndexPullback(p[0], p[1..], dr, ref g[0], g.AsSpan(1)), [x0, .. table]);
    }

    [Fact] public void SelfAssign() => Check.Scalar(Misc.SelfAssign, Misc.SelfAssignGradient, Misc.SelfAssignPullback, 0.4, -1.3);
    [Fact] public void ShadowedLoopLocals() => Check.Scalar(Misc.ShadowedLoopLocals, Misc.ShadowedLoopLocalsGradient, Misc.ShadowedLoopLocalsPullback, 0.4, -1.3);

    [Fact]
    public void TernaryChain()
    {
        foreach (int n in new[] { 0, 2, 7 })
            Check.Scalar(x => Misc.TernaryChain(x, n), (double x, ref double dx) => Misc.TernaryChainGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Misc.TernaryChainPullback(x, n, dr, ref dx), 0.4, -1.3);
    }

    [Fact]
    public void WhileWithArrayState()
    {
        // The trip count depends on w; stay away from points where it changes (norm close to tol).
        Arr(p => Misc.WhileWithArrayState(p[..3], p[3]), (p, g) => Misc.WhileWithArrayStateGradient(p[..3], p[3], g.AsSpan(0, 3), ref g[3]),
            (p, dr, g) => Misc.WhileWithArrayStatePullback(p[..3], p[3], dr, g.AsSpan(0, 3), ref g[3]), new[] { 0.5, -0.8, 0.3, 0.01 }, new[] { 1.5, 0.8, -0.3, 0.2 });
    }

    [Fact] public void NestedCallsWithLoops() => Arr(w => Misc.NestedCallsWithLoops(w), (w, g) => Misc.NestedCallsWithLoopsGradient(w, g), (w, dr, g) => Misc.NestedCallsWithLoopsPullback(w, dr, g), Check.Points(114, 3, 4));

    [Fact]
    public void Float2Double()
    {
        var w = new[] { 0.5f, -0.25f, 2f };
        var dw = new float[3]; double dx = 0;
        double v = Misc.Float2DoubleGradient(w, 0.75, dw, ref dx);
        Assert.Equal(Misc.Float2Double(w, 0.75), v);
        Assert.Equal(new[] { 0.75f, 0.75f, 0.75f }, dw);
        Assert.Equal(2.25, dx);
    }
}


/// <summary>
/// A method whose answer changes at every call is a constant for differentiation, evaluated once:
/// the reverse sweep must use the value the forward sweep saw, not call it again.
/// </summary>
public static partial class ChangingCalls
{
    static int s_calls;
    static double Next() => ++s_calls;          // 1, 2, 3, ... : different at every call
    static int NextIndex() => (++s_calls) % 2;

    [Differentiable]
    public static double ScaledByNext(double x) => x * Next() + (Next() > 0 ? x * x : 0);

    [Differentiable]
    public static double IndexedByNext(double[] w) => w[NextIndex()] * w[1];

    public static void Reset() => s_calls = 0;
}

public class ChangingCallTests
{
    [Fact]
    public void TheForwardValueIsTheOneDifferentiated()
    {
        ChangingCalls.Reset();
        double dx = 0;
        ChangingCalls.ScaledByNextGradient(3.0, ref dx);
        Assert.Equal(1 + 2 * 3.0, dx, 12); // Next() returned 1 for the product: d/dx = 1 + 2x
    }

    [Fact]
    public void IndicesFromChangingCallsAreEvaluatedOnce()
    {
        ChangingCalls.Reset();
        double[] w = { 2.0, 5.0 };
        var g = new double[2];
        ChangingCalls.IndexedByNextGradient(w, g);   // NextIndex() = 1: w[1] * w[1]
        Assert.Equal(new[] { 0.0, 10.0 }, g);
    }
}
