using System;
using System.Linq;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Local arrays declared as copies (FunctionLowering.CopySource): <c>w.ToArray()</c>, a span's <c>ToArray()</c>,
/// <c>(double[])w.Clone()</c> and <c>[.. w]</c> allocate a fresh array and copy the elements, so writing the copy
/// leaves the source as it was; <c>foreach</c> over a copy of a parameter reads the parameter. <c>Array.Copy</c>,
/// <c>Array.Clear</c> and <c>Array.Fill</c> are the loops they stand for.
/// </summary>
public static partial class Copies
{
    [Differentiable(nameof(w))]
    public static double Kinds(double[] w)
    {
        double[] a = w.ToArray();
        double[] b = (double[])w.Clone();
        Span<double> c = w.AsSpan(1, 3).ToArray();
        double[] d = [.. w];
        for (int i = 0; i < a.Length; i++) a[i] *= a[i];
        b[0] = Math.Sin(b[1]) * a[0];
        c[2] += w[0] * c[0];
        d[d.Length - 1] = d[0] * b[0];
        double s = 0;
        foreach (double v in w.ToArray()) s += v * a[0];
        return a[1] * b[0] + c[2] * d[d.Length - 1] + w[0] * w[1] + s;
    }

    // Array.Copy, Array.Clear and Array.Fill, whole and in part, as the loops they stand for.
    [Differentiable(nameof(w))]
    public static double ArrayStatics(double[] w)
    {
        int n = w.Length;
        double[] a = new double[n + 2];
        Array.Copy(w, a, n);
        Array.Copy(w, 1, a, n - 1, 3);
        double[] b = new double[n];
        Array.Fill(b, w[0] * w[1]);
        Array.Fill(b, 0.5, 1, 2);
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * b[i] + a[i + 2];
        Array.Clear(a, 1, 2);
        s += a[1] + a[3] * a[0];
        Array.Clear(b);
        return s + b[0];
    }

    // A copy declared in a loop: allocated once, copied at each declaration.
    [Differentiable(nameof(w))]
    public static double InLoop(double[] w)
    {
        double s = 0;
        for (int k = 0; k < 3; k++)
        {
            double[] t = w.ToArray();
            for (int i = 0; i < t.Length; i++) t[i] = Math.Tanh(t[i] * (k + 1) + s);
            s += t[k] * t[t.Length - 1];
        }
        return s;
    }
}

public class CopiesTests
{
    static readonly double[][] Points = { new[] { 0.3, -0.7, 0.45, 0.9, -0.2 }, new[] { -1.1, 0.4, -0.6, 0.2 } };

    static void Matches(Func<double[], double> f, Check.Grad gradient, Check.Pull pullback) => Check.At(f, gradient, pullback, Points);

    [Fact] public void Kinds() => Matches(Copies.Kinds, (w, g) => Copies.KindsGradient(w, g), (w, dr, g) => Copies.KindsPullback(w, dr, g));
    [Fact] public void ArrayStatics() => Matches(Copies.ArrayStatics, (w, g) => Copies.ArrayStaticsGradient(w, g), (w, dr, g) => Copies.ArrayStaticsPullback(w, dr, g));
    [Fact] public void InLoop() => Matches(Copies.InLoop, (w, g) => Copies.InLoopGradient(w, g), (w, dr, g) => Copies.InLoopPullback(w, dr, g));
}
