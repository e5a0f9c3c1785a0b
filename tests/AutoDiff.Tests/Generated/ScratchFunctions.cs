using System;
using AutoDiff;

namespace AutoDiff.Tests.Generated;

public static partial class Scratch
{
    [Differentiable]
    public static double Poly(double x, double y) => x * x * y + Math.Sin(x) / (1 + y * y);

    [Differentiable(nameof(w))]
    public static double Logistic(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        double z = 0;
        for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
        double p = 1 / (1 + Math.Exp(-z));
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
    }

    [Differentiable]
    public static double Recur(double x, int n)
    {
        double v = x;
        for (int i = 0; i < n; i++) { v = Math.Sin(v) * v + 0.5; if (v > 1) v = v * 0.5; }
        return v;
    }
}
