using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Helpers that write into their span or array arguments (ADBench's C++ style: subtract(x, y, out),
/// Qtimesx(..., out)), called as statements or as the whole value of an assignment; they run inlined.
/// Also slices passed straight to a call (x.Slice(i * d, d), a.AsSpan(k, n)).
/// </summary>
public static partial class Writers
{
    static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = x[i] - y[i];
    }

    static void Scale(ReadOnlySpan<double> x, double c, Span<double> output)
    {
        for (int i = 0; i < x.Length; i++) output[i] = c * x[i];
    }

    // Lower-triangular L (packed row by row, diagonal exp'd) times x, through another writer.
    static void LowerTimes(ReadOnlySpan<double> packed, ReadOnlySpan<double> x, Span<double> output)
    {
        Scale(x, 0, output);
        int at = 0;
        for (int r = 0; r < output.Length; r++)
        {
            for (int c = 0; c < r; c++)
            {
                output[r] += packed[at] * x[c];
                at++;
            }
            output[r] += Math.Exp(packed[at]) * x[r];
            at++;
        }
    }

    // An early return, and an element read back after it is written.
    static void Clip(Span<double> v, double limit)
    {
        if (limit <= 0) return;
        for (int i = 0; i < v.Length; i++)
            if (v[i] > limit) v[i] = limit + 0.1 * (v[i] - limit);
    }

    // A scratch array of its own.
    static void Smooth(ReadOnlySpan<double> x, Span<double> output)
    {
        double[] padded = new double[x.Length + 2];
        for (int i = 0; i < x.Length; i++) padded[i + 1] = x[i];
        padded[0] = x[0];
        padded[x.Length + 1] = x[x.Length - 1];
        for (int i = 0; i < x.Length; i++) output[i] = 0.25 * padded[i] + 0.5 * padded[i + 1] + 0.25 * padded[i + 2];
    }

    // Writes its argument and returns a value.
    static double Normalize(Span<double> v)
    {
        double norm = 0;
        for (int i = 0; i < v.Length; i++) norm += v[i] * v[i];
        norm = Math.Sqrt(norm);
        for (int i = 0; i < v.Length; i++) v[i] /= norm;
        return norm;
    }

    static double SqNorm(ReadOnlySpan<double> x)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
        return s;
    }

    /// <summary>Points p (n x d) against centres m (k x d): Σ_i log Σ_k exp(−|L_k (x_i − m_k)|²).</summary>
    [Differentiable(nameof(m), nameof(l))]
    public static double Mixture(ReadOnlySpan<double> m, ReadOnlySpan<double> l, ReadOnlySpan<double> p, int d)
    {
        int k = m.Length / d, n = p.Length / d, t = d * (d + 1) / 2;
        double[] centred = new double[d];
        double[] mapped = new double[k * d];
        double total = 0;
        for (int i = 0; i < n; i++)
        {
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                Subtract(p.Slice(i * d, d), m.Slice(c * d, d), centred);
                LowerTimes(l.Slice(c * t, t), centred, mapped.AsSpan(c * d, d));
                sum += Math.Exp(-0.5 * SqNorm(mapped.AsSpan(c * d, d)));
            }
            total += Math.Log(sum);
        }
        return total;
    }

    [Differentiable]
    public static double ClippedAndSmoothed(double[] x, double limit)
    {
        double[] v = new double[x.Length];
        double[] w = new double[x.Length];
        double s = 0;
        for (int round = 0; round < 2; round++)
        {
            Scale(x, 1 + round, v);
            Clip(v, limit);
            Smooth(v, w);
            for (int i = 0; i < w.Length; i++) s += w[i] * w[i] * (i + 1);
        }
        return s;
    }

    [Differentiable]
    public static double NormalizedValues(double[] x)
    {
        double[] v = new double[x.Length];
        Scale(x, 1, v);
        double first = Normalize(v);           // declaration
        double s = first * v[0];
        Scale(x, 2, v);
        double second = 0;
        second = Normalize(v);                 // assignment
        s = s + second * v[1];
        return s + ScaledNorm(x);
    }

    static double ScaledNorm(ReadOnlySpan<double> x)
    {
        Span<double> v = stackalloc double[x.Length];
        Scale(x, 3, v);
        return Normalize(v);                   // return
    }

    // CopyTo, Clear and Fill on arrays, spans and slices: the loops they stand for.
    [Differentiable]
    public static double CopyClearFill(ReadOnlySpan<double> state, double x)
    {
        double[] s = new double[state.Length];
        state.CopyTo(s);
        Span<double> t = stackalloc double[state.Length + 1];
        t.Fill(x * x);
        state.Slice(1).CopyTo(t.Slice(2));
        s.AsSpan(0, 1).Clear();
        double total = 0;
        for (int k = 0; k < 2; k++)
        {
            s.AsSpan().CopyTo(t);
            for (int i = 0; i < s.Length; i++) total += Math.Sin(t[i] * (k + 1)) * t[i + 1];
            t.Fill(total);
        }
        return total + t[0] * s[s.Length - 1];
    }

    // Input and output the same array: element by element, like the loop written out.
    [Differentiable]
    public static double InPlace(double[] x)
    {
        double[] a = new double[x.Length];
        for (int i = 0; i < x.Length; i++) a[i] = x[i];
        Scale(a, 1.5, a);
        Subtract(a, x, a);
        return SqNorm(a) + a[0] * x[1];
    }
}

public class WriterTests
{
    [Fact]
    public void MixtureThroughWritingHelpers()
    {
        const int d = 3;
        double[] m = Check.Points(41, 1, 2 * d)[0];
        double[] l = Check.Points(42, 1, 2 * d * (d + 1) / 2, -0.5, 0.5)[0];
        double[] p = Check.Points(43, 1, 4 * d)[0];
        int nm = m.Length;
        Check.At(
            q => Writers.Mixture(q[..nm], q[nm..], p, d),
            (q, g) =>
            {
                var gm = new double[nm];
                var gl = new double[q.Length - nm];
                double v = Writers.MixtureGradient(q[..nm], q[nm..], p, d, gm, gl);
                Add(g, gm, gl);
                return v;
            },
            (q, dr, g) =>
            {
                var gm = new double[nm];
                var gl = new double[q.Length - nm];
                Writers.MixturePullback(q[..nm], q[nm..], p, d, dr, gm, gl);
                Add(g, gm, gl);
            },
            [.. m, .. l]);
    }

    [Fact]
    public void EarlyReturnScratchArrayAndLoop() => Check.At(
        x => Writers.ClippedAndSmoothed(x[..4], x[4]),
        (x, g) =>
        {
            var gx = new double[4];
            double gl = 0;
            double v = Writers.ClippedAndSmoothedGradient(x[..4], x[4], gx, ref gl);
            Add(g, gx, [gl]);
            return v;
        },
        (x, dr, g) =>
        {
            var gx = new double[4];
            double gl = 0;
            Writers.ClippedAndSmoothedPullback(x[..4], x[4], dr, gx, ref gl);
            Add(g, gx, [gl]);
        },
        [0.3, 0.9, -0.4, 1.2, 0.5], [0.3, 0.9, -0.4, 1.2, -1.0], [0.1, 0.2, 0.35, 0.05, 0.3]);

    [Fact]
    public void WritersThatReturnValues() => Check.At(Writers.NormalizedValues,
        (x, g) => Writers.NormalizedValuesGradient(x, g), (x, dr, g) => Writers.NormalizedValuesPullback(x, dr, g),
        [0.3, -0.9, 0.4], [1.5, 0.2, -0.7]);

    [Fact]
    public void CopyClearAndFill() => Check.At(
        p => Writers.CopyClearFill(p[1..], p[0]),
        (p, g) =>
        {
            var gs = new double[p.Length - 1];
            double gx = 0;
            double v = Writers.CopyClearFillGradient(p[1..], p[0], gs, ref gx);
            Add(g, [gx], gs);
            return v;
        },
        (p, dr, g) =>
        {
            var gs = new double[p.Length - 1];
            double gx = 0;
            Writers.CopyClearFillPullback(p[1..], p[0], dr, gs, ref gx);
            Add(g, [gx], gs);
        },
        [0.7, 0.3, -0.9, 0.4], [-0.2, 1.5, 0.2, -0.7, 0.1]);

    [Fact]
    public void SameArrayInAndOut() => Check.At(Writers.InPlace,
        (x, g) => Writers.InPlaceGradient(x, g), (x, dr, g) => Writers.InPlacePullback(x, dr, g),
        [0.3, -0.9, 0.4], [1.5, 0.2, -0.7]);

    [Fact]
    public void ValuesMatchTheOriginal()
    {
        double[] x = [0.3, 0.9, -0.4, 1.2];
        Assert.Equal(Writers.ClippedAndSmoothed(x, 0.5), Writers.ClippedAndSmoothedGradient(x, 0.5, new double[4], ref Unused()));
        Assert.Equal(Writers.NormalizedValues(x), Writers.NormalizedValuesGradient(x, new double[4]));
    }

    private static double s_unused;
    private static ref double Unused() => ref s_unused;

    private static void Add(double[] g, double[] first, double[] second)
    {
        for (int i = 0; i < first.Length; i++) g[i] += first[i];
        for (int i = 0; i < second.Length; i++) g[first.Length + i] += second[i];
    }
}
