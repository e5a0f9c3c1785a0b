using System;
using AutoDiff;

namespace AutoDiff.Tests.Generated;

public static partial class Scratch2
{
    static double Sq(double a) => a * a;

    [Differentiable]
    public static double Calls(double x, double y) => Sq(Sq(x) + y) + Sq(x * y);

    [Differentiable(nameof(w))]
    public static double Mlp(double[] w, double[] x, int hidden)
    {
        int d = x.Length;
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double a = w[j * (d + 1) + d];
            for (int i = 0; i < d; i++) a += w[j * (d + 1) + i] * x[i];
            h[j] = Math.Tanh(a);
        }
        double s = 0;
        for (int j = 0; j < hidden; j++) s += h[j] * h[j] * (j + 1);
        return s;
    }

    [Differentiable]
    public static double Loops(double x, int n)
    {
        double s = 0;
        int k = 0;
        while (true)
        {
            k++;
            if (k > n) break;
            if (k % 2 == 0) continue;
            s += Math.Sin(s + x * k);
        }
        return s;
    }

    [Differentiable]
    public static double EarlyReturn(double x, int n)
    {
        double s = x;
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                s = s * 1.1 + Math.Cos(s);
                if (s > 5) return s * 2;
            }
        }
        return s - 1;
    }

    [Differentiable]
    public static float Single(float x, float y) => MathF.Exp(x * y) + x / y;

    [Differentiable]
    public static double Switch(double x, int mode)
    {
        switch (mode)
        {
            case 0: return x * x;
            case 1:
            case 2: x = Math.Exp(x); break;
            default: x = -x; break;
        }
        return x * 3;
    }

    [Differentiable]
    public static double Stack(double x, int n)
    {
        Span<double> a = stackalloc double[n];
        a[0] = x;
        for (int i = 1; i < n; i++) a[i] = a[i - 1] * a[i - 1] * 0.5 + x;
        return a[n - 1];
    }

    static double Pw(double x, int n) => n == 0 ? 1 : x * Pw(x, n - 1);

    [Differentiable]
    public static double Recursive(double x) => Pw(x, 5) + Ad.StopGradient(x * x);
}
