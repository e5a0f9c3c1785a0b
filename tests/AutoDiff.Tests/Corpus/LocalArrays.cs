using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class LocalArrays
{
    [Differentiable]
    public static double NewArray(double x, int n)
    {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = Math.Sin(x * (i + 1));
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * a[n - 1 - i];
        return s;
    }

    // Arrays declared in a loop, sized by a local assigned once before it and by another array's .Length:
    // allocated at the start, with n + 1 for m and for a.Length.
    [Differentiable]
    public static double SizedByALocal(double x, int n)
    {
        int m = n + 1;
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            double[] a = new double[m];
            for (int i = 0; i < a.Length; i++) a[i] = Math.Sin(x * (i + k + 1));
            double[] b = new double[a.Length];
            for (int i = 0; i < b.Length; i++) b[i] = a[m - 1 - i] * x;
            for (int i = 0; i < m; i++) s += a[i] * b[i];
        }
        return s;
    }

    [Differentiable]
    public static double StackAlloc(double x, int n)
    {
        Span<double> a = stackalloc double[n];
        a[0] = x;
        for (int i = 1; i < n; i++) a[i] = a[i - 1] * a[i - 1] * 0.5 + x;
        return a[n - 1];
    }

    [Differentiable]
    public static double Initializer(double a, double b, double c)
    {
        double[] v = new double[] { a, b * b, c * a };
        double[] u = { 1, a + c, Math.Exp(b) };
        double s = 0;
        for (int i = 0; i < 3; i++) s += v[i] * u[i];
        return s + v.Length;
    }

    [Differentiable]
    public static double ArrayElementOverwrite(double x)
    {
        double[] a = new double[2];
        a[0] = x * x;
        a[1] = a[0] * x;
        a[0] = a[1] + a[0];      // overwrite: old a[0] needed for the adjoint of a[1]
        a[1] = Math.Sin(a[0]);
        a[0] += a[1];
        a[1] *= a[0];
        return a[0] + a[1];
    }

    [Differentiable]
    public static double ReadUninitialised(double x)
    {
        double[] a = new double[3];
        a[1] = x;
        return a[0] * x + a[1] * a[1] + a[2];
    }

    [Differentiable]
    public static double ReuseLocalArrayInLoop(double[] w, int steps)
    {
        Span<double> h = stackalloc double[w.Length];
        for (int i = 0; i < w.Length; i++) h[i] = w[i];
        for (int t = 0; t < steps; t++)
        {
            double sum = 0;
            for (int i = 0; i < h.Length; i++) sum += h[i];
            for (int i = 0; i < h.Length; i++) h[i] = Math.Tanh(h[i] + 0.3 * sum);
        }
        double r = 0;
        for (int i = 0; i < h.Length; i++) r += h[i] * (i + 1);
        return r;
    }

    [Differentiable]
    public static double TwoLocalArraysSwap(double[] w, int steps)
    {
        double[] a = new double[w.Length];
        double[] b = new double[w.Length];
        for (int i = 0; i < w.Length; i++) a[i] = w[i];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < a.Length; i++)
                b[i] = a[i] * a[(i + 1) % a.Length] + 0.5 * a[i];
            for (int i = 0; i < a.Length; i++) a[i] = b[i];
        }
        double r = 0;
        for (int i = 0; i < a.Length; i++) r += a[i];
        return r;
    }

    [Differentiable]
    public static float FloatLocalArray(float x, int n)
    {
        float[] a = new float[n];
        Span<float> b = stackalloc float[n];
        for (int i = 0; i < n; i++) { a[i] = x * i; b[i] = MathF.Sin(a[i]) + x; }
        float s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i];
        return s;
    }

    // Arrays of a constant size up to 64 live on the stack in the generated code, 65 and more on the tape:
    // declared in a loop (allocated once, cleared per iteration), in both branches of an if, filled by a
    // writing helper, an int array of indices, and one of each size at the boundary.
    [Differentiable]
    public static double SmallConstantArrays(double x, double y)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            double[] v = new double[3];
            Cross3(x + k, y, v);
            for (int i = 0; i < 3; i++) s += v[i] * v[i];
        }
        if (x > y)
        {
            double[] a = new double[2];
            a[0] = x * y;
            a[1] = a[0] * a[0];
            s += a[1];
        }
        else
        {
            double[] b = { y, x * x };
            s += b[0] * b[1];
        }
        int[] order = { 2, 0, 1 };
        double[] onStack = new double[64];
        double[] onTape = new double[65];
        for (int i = 0; i < 64; i++) onStack[i] = Math.Sin(x * i * 0.1 + y);
        for (int i = 0; i < 65; i++) onTape[i] = onStack[(i + order[i % 3]) % 64] * y;
        for (int i = 0; i < 65; i++) s += onTape[i] * 0.1;
        return s;
    }

    private static void Cross3(double p, double q, Span<double> output)
    {
        Span<double> a = stackalloc double[] { p, q, p * q };
        output[0] = a[1] * 2 - a[2];
        output[1] = a[2] - a[0] * 2;
        output[2] = a[0] * q - a[1] * p;
    }

    [Differentiable]
    public static double IntLocalArray(double x, int n)
    {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) idx[i] = (i * 7) % n;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = x * (i + 1);
        double s = 0;
        for (int i = 0; i < n; i++) s += a[idx[i]] * a[i];
        return s;
    }
}

public class LocalArraysTests
{
    [Fact]
    public void NewArray()
    {
        foreach (int n in new[] { 1, 2, 5 })
            Check.Scalar(x => LocalArrays.NewArray(x, n), (double x, ref double dx) => LocalArrays.NewArrayGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => LocalArrays.NewArrayPullback(x, n, dr, ref dx), 0.4, -0.7);
    }

    [Fact]
    public void SizedByALocal()
    {
        foreach (int n in new[] { 0, 1, 4 })
            Check.Scalar(x => LocalArrays.SizedByALocal(x, n), (double x, ref double dx) => LocalArrays.SizedByALocalGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => LocalArrays.SizedByALocalPullback(x, n, dr, ref dx), 0.4, -0.7);
    }

    [Fact]
    public void StackAlloc()
    {
        foreach (int n in new[] { 1, 2, 5 })
            Check.Scalar(x => LocalArrays.StackAlloc(x, n), (double x, ref double dx) => LocalArrays.StackAllocGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => LocalArrays.StackAllocPullback(x, n, dr, ref dx), 0.4, -0.7);
    }

    [Fact] public void Initializer() => Check.Scalar(LocalArrays.Initializer, LocalArrays.InitializerGradient, LocalArrays.InitializerPullback, Check.Points(71, 3, 3));
    [Fact] public void ArrayElementOverwrite() => Check.Scalar(LocalArrays.ArrayElementOverwrite, LocalArrays.ArrayElementOverwriteGradient, LocalArrays.ArrayElementOverwritePullback, 0.4, -0.7, 1.3);

    [Fact]
    public void ReadUninitialised()
    {
        Check.Scalar(LocalArrays.ReadUninitialised, LocalArrays.ReadUninitialisedGradient, LocalArrays.ReadUninitialisedPullback, 0.4, -0.7);
        Assert.Equal(2 * 0.4, Check.Exact(LocalArrays.ReadUninitialisedGradient, 0.4));
    }

    [Fact]
    public void ReuseLocalArrayInLoop()
    {
        foreach (int steps in new[] { 0, 1, 3 })
            Check.At(w => LocalArrays.ReuseLocalArrayInLoop(w, steps), (w, g) => LocalArrays.ReuseLocalArrayInLoopGradient(w, steps, g),
                (w, dr, g) => LocalArrays.ReuseLocalArrayInLoopPullback(w, steps, dr, g), Check.Points(72, 2, 4));
    }

    [Fact]
    public void TwoLocalArraysSwap()
    {
        foreach (int steps in new[] { 0, 1, 3 })
            Check.At(w => LocalArrays.TwoLocalArraysSwap(w, steps), (w, g) => LocalArrays.TwoLocalArraysSwapGradient(w, steps, g),
                (w, dr, g) => LocalArrays.TwoLocalArraysSwapPullback(w, steps, dr, g), Check.Points(73, 2, 4));
    }

    [Fact]
    public void FloatLocalArray()
    {
        foreach (int n in new[] { 1, 4 })
            Check.ScalarF(x => LocalArrays.FloatLocalArray(x, n), (float x, ref float dx) => LocalArrays.FloatLocalArrayGradient(x, n, ref dx),
                (float x, float dr, ref float dx) => LocalArrays.FloatLocalArrayPullback(x, n, dr, ref dx),
                x => { double s = 0; for (int i = 0; i < n; i++) s += x * i * (Math.Sin(x * i) + x); return s; }, 0.4f, -0.7f);
    }

    [Fact]
    public void SmallConstantArrays() =>
        Check.Scalar(LocalArrays.SmallConstantArrays, LocalArrays.SmallConstantArraysGradient, LocalArrays.SmallConstantArraysPullback,
            [0.4, -0.7], [-0.3, 0.9], [1.2, 0.5]);

    [Fact]
    public void IntLocalArray()
    {
        foreach (int n in new[] { 1, 3, 5 })
            Check.Scalar(x => LocalArrays.IntLocalArray(x, n), (double x, ref double dx) => LocalArrays.IntLocalArrayGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => LocalArrays.IntLocalArrayPullback(x, n, dr, ref dx), 0.4, -0.7);
    }
}
