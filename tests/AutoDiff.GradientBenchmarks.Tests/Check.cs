using System;
using Xunit;

namespace AutoDiff.GradientBenchmarks.Tests;

internal static class Check
{
    /// <summary>ADBench's relative error ρ(a, b) = |a − b| / max(1, |a| + |b|).</summary>
    public static double Rho(double a, double b) => Math.Abs(a - b) / Math.Max(1, Math.Abs(a) + Math.Abs(b));

    public static void Close(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double rho = Rho(expected[i], actual[i]);
            if (!(rho <= worst)) { worst = rho; at = i; }
        }
        if (at < 0) return; // every entry agrees exactly
        Assert.True(worst <= tolerance,
            $"{what}: max ρ = {worst:E3} at [{at}] (expected {expected[at]:R}, actual {actual[at]:R}), tolerance {tolerance:E1}");
    }

    /// <summary>Central differences of <paramref name="f"/> with respect to every entry of each array in <paramref name="inputs"/>, concatenated.</summary>
    public static double[] CentralDifferences(Func<double> f, params double[][] inputs)
    {
        int total = 0;
        foreach (double[] a in inputs) total += a.Length;
        var g = new double[total];
        int k = 0;
        foreach (double[] a in inputs)
        {
            for (int i = 0; i < a.Length; i++)
            {
                double saved = a[i];
                double h = 1e-5 * Math.Max(1, Math.Abs(saved));
                a[i] = saved + h;
                double up = f();
                a[i] = saved - h;
                double down = f();
                a[i] = saved;
                g[k++] = (up - down) / (2 * h);
            }
        }
        return g;
    }

    public static double[] Concat(params double[][] parts)
    {
        int total = 0;
        foreach (double[] a in parts) total += a.Length;
        var r = new double[total];
        int k = 0;
        foreach (double[] a in parts) { a.CopyTo(r, k); k += a.Length; }
        return r;
    }

    /// <summary>Bytes allocated on this thread by <paramref name="action"/> after two warm-up calls.</summary>
    public static long AllocatedBytes(Action action)
    {
        action();
        action();
        long before = GC.GetAllocatedBytesForCurrentThread();
        action();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
