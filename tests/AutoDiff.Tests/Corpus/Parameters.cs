using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class Parameters
{
    [Differentiable]
    public static double ArrayAndScalar(double x, double[] w)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++) s += w[i] * w[i] * x + Math.Sin(w[i] * x);
        return s;
    }

    [Differentiable]
    public static double ReadOnlySpanParam(ReadOnlySpan<double> v, double scale)
    {
        double s = 1;
        for (int i = 0; i < v.Length; i++) s *= 1 + scale * v[i];
        return s;
    }

    [Differentiable]
    public static double SpanParam(Span<double> v)
    {
        double s = 0;
        for (int i = 1; i < v.Length; i++) s += v[i] * v[i - 1];
        return s;
    }

    [Differentiable]
    public static double AllKinds(double x, double[] w, ReadOnlySpan<double> v, int n)
    {
        double s = x;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < w.Length; i++) s += w[i] * v[i % v.Length] * Math.Cos(s * 0.1);
        return s;
    }

    [Differentiable(nameof(w))]
    public static double WrtArrayOnly(double x, double[] w, ReadOnlySpan<double> v, int n)
    {
        double s = x;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < w.Length; i++) s += w[i] * v[i % v.Length] * Math.Cos(s * 0.1);
        return s;
    }

    [Differentiable(nameof(x), nameof(v))]
    public static double WrtScalarAndSpan(double x, double[] w, ReadOnlySpan<double> v, int n)
    {
        double s = x;
        for (int k = 0; k < n; k++)
            for (int i = 0; i < w.Length; i++) s += w[i] * v[i % v.Length] * Math.Cos(s * 0.1);
        return s;
    }

    [Differentiable(nameof(y))]
    public static double WrtSecondScalar(double x, double y) => x * Math.Exp(x * y);

    [Differentiable]
    public static double IndexFromParameter(double[] w, int i, int j) => w[i] * w[j] + w[(i + j) % w.Length];

    [Differentiable]
    public static double RepeatedIndex(double[] w) => w[0] * w[0] * w[0] + w[1] / w[0];

    [Differentiable]
    public static double TwoArrays(double[] a, double[] b)
    {
        double s = 0;
        for (int i = 0; i < a.Length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.Sqrt(s);
    }

    [Differentiable]
    public static double EmptyArray(double[] w, double x)
    {
        double s = x * x;
        for (int i = 0; i < w.Length; i++) s += w[i];
        return s;
    }

    [Differentiable]
    public static float FloatSpans(ReadOnlySpan<float> a, float[] b, Span<float> c)
    {
        float s = 0;
        for (int i = 0; i < a.Length; i++) s += a[i] * b[i] - c[i] * c[i];
        return s;
    }

    [Differentiable]
    public static double LocalCopyOfParameter(double x)
    {
        double y = x;
        x = 2;          // reassigning a parameter
        return y * y * x;
    }
}

public class ParametersTests
{
    static readonly double[] W = { 0.3, -0.7, 1.1, 0.45 };
    static readonly double[] V = { 0.9, -0.2, 0.6 };

    [Fact]
    public void ArrayAndScalar()
    {
        foreach (var p in Check.Points(21, 3, 5))
            Check.Gradient(x => Parameters.ArrayAndScalar(x[0], x[1..]),
                (x, g) => Parameters.ArrayAndScalarGradient(x[0], x[1..], ref g[0], g.AsSpan(1)),
                (x, dr, g) => Parameters.ArrayAndScalarPullback(x[0], x[1..], dr, ref g[0], g.AsSpan(1)), p);
        double d = 0;
        Check.WrongLength(n => Parameters.ArrayAndScalarGradient(0.5, W, ref d, new double[n]), W.Length);
    }

    [Fact]
    public void ReadOnlySpanParam()
    {
        foreach (var p in Check.Points(22, 3, 5))
            Check.Gradient(x => Parameters.ReadOnlySpanParam(x.AsSpan(0, 4), x[4]),
                (x, g) => Parameters.ReadOnlySpanParamGradient(x.AsSpan(0, 4), x[4], g.AsSpan(0, 4), ref g[4]),
                (x, dr, g) => Parameters.ReadOnlySpanParamPullback(x.AsSpan(0, 4), x[4], dr, g.AsSpan(0, 4), ref g[4]), p);
        double d = 0;
        Check.WrongLength(n => Parameters.ReadOnlySpanParamGradient(W, 0.5, new double[n], ref d), W.Length);
    }

    [Fact]
    public void SpanParam()
    {
        foreach (var p in Check.Points(23, 3, 5))
            Check.Gradient(x => Parameters.SpanParam(x.AsSpan()),
                (x, g) => Parameters.SpanParamGradient(((double[])x.Clone()).AsSpan(), g),
                (x, dr, g) => Parameters.SpanParamPullback(((double[])x.Clone()).AsSpan(), dr, g), p);
        Check.WrongLength(n => Parameters.SpanParamGradient((double[])W.Clone(), new double[n]), W.Length);
    }

    static double[] Pack(double x, double[] w, double[] v) { var r = new double[1 + w.Length + v.Length]; r[0] = x; w.CopyTo(r, 1); v.CopyTo(r, 1 + w.Length); return r; }

    [Fact]
    public void AllKinds()
    {
        foreach (int n in new[] { 0, 1, 3 })
            foreach (var x0 in new[] { 0.4, -1.3 })
                Check.Gradient(p => Parameters.AllKinds(p[0], p[1..5], p.AsSpan(5, 3), n),
                    (p, g) => Parameters.AllKindsGradient(p[0], p[1..5], p.AsSpan(5, 3), n, ref g[0], g.AsSpan(1, 4), g.AsSpan(5, 3)),
                    (p, dr, g) => Parameters.AllKindsPullback(p[0], p[1..5], p.AsSpan(5, 3), n, dr, ref g[0], g.AsSpan(1, 4), g.AsSpan(5, 3)),
                    Pack(x0, W, V));
        double d = 0;
        Check.WrongLength(k => Parameters.AllKindsGradient(0.5, W, V, 2, ref d, new double[k], new double[V.Length]), W.Length);
        Check.WrongLength(k => Parameters.AllKindsGradient(0.5, W, V, 2, ref d, new double[W.Length], new double[k]), V.Length);
    }

    [Fact]
    public void WrtSubsetsAgreeWithFullGradient()
    {
        foreach (int n in new[] { 1, 3 })
        {
            double dx = 0; var dw = new double[4]; var dv = new double[3];
            double full = Parameters.AllKindsGradient(0.4, W, V, n, ref dx, dw, dv);

            var dw2 = new double[4];
            double v1 = Parameters.WrtArrayOnlyGradient(0.4, W, V, n, dw2);
            Assert.Equal(full, v1);
            Check.Close(dw2, dw, 1e-14, "wrt w only");

            double dx3 = 0; var dv3 = new double[3];
            double v2 = Parameters.WrtScalarAndSpanGradient(0.4, W, V, n, ref dx3, dv3);
            Assert.Equal(full, v2);
            Assert.True(Check.Rho(dx3, dx) <= 1e-14);
            Check.Close(dv3, dv, 1e-14, "wrt v");
        }
        // and each subset against finite differences directly
        Check.Gradient(p => Parameters.WrtArrayOnly(0.4, p, V, 2),
            (p, g) => Parameters.WrtArrayOnlyGradient(0.4, p, V, 2, g),
            (p, dr, g) => Parameters.WrtArrayOnlyPullback(0.4, p, V, 2, dr, g), (double[])W.Clone());
        Check.Gradient(p => Parameters.WrtScalarAndSpan(p[0], W, p.AsSpan(1), 2),
            (p, g) => Parameters.WrtScalarAndSpanGradient(p[0], W, p.AsSpan(1), 2, ref g[0], g.AsSpan(1)),
            (p, dr, g) => Parameters.WrtScalarAndSpanPullback(p[0], W, p.AsSpan(1), 2, dr, ref g[0], g.AsSpan(1)), new[] { 0.4, 0.9, -0.2, 0.6 });
    }

    [Fact]
    public void WrtSecondScalar()
    {
        foreach (var p in Check.Points(24, 3, 2))
            Check.Gradient(y => Parameters.WrtSecondScalar(p[0], y[0]),
                (y, g) => Parameters.WrtSecondScalarGradient(p[0], y[0], ref g[0]),
                (y, dr, g) => Parameters.WrtSecondScalarPullback(p[0], y[0], dr, ref g[0]), p[1]);
    }

    [Fact]
    public void IndexFromParameter()
    {
        foreach (var (i, j) in new[] { (0, 1), (2, 2), (3, 1) })
            Check.Gradient(w => Parameters.IndexFromParameter(w, i, j),
                (w, g) => Parameters.IndexFromParameterGradient(w, i, j, g),
                (w, dr, g) => Parameters.IndexFromParameterPullback(w, i, j, dr, g), (double[])W.Clone());
    }

    [Fact]
    public void RepeatedIndex() => Check.At(w => Parameters.RepeatedIndex(w), (w, g) => Parameters.RepeatedIndexGradient(w, g),
        (w, dr, g) => Parameters.RepeatedIndexPullback(w, dr, g), new[] { 0.6, 1.5 }, new[] { -1.2, 0.3 });

    [Fact]
    public void TwoArrays()
    {
        foreach (var p in Check.Points(25, 3, 6))
            Check.Gradient(x => Parameters.TwoArrays(x[..3], x[3..]),
                (x, g) => Parameters.TwoArraysGradient(x[..3], x[3..], g.AsSpan(0, 3), g.AsSpan(3)),
                (x, dr, g) => Parameters.TwoArraysPullback(x[..3], x[3..], dr, g.AsSpan(0, 3), g.AsSpan(3)), p);
    }

    [Fact]
    public void EmptyArray()
    {
        Check.Gradient(x => Parameters.EmptyArray(Array.Empty<double>(), x[0]),
            (x, g) => Parameters.EmptyArrayGradient(Array.Empty<double>(), x[0], Span<double>.Empty, ref g[0]),
            (x, dr, g) => Parameters.EmptyArrayPullback(Array.Empty<double>(), x[0], dr, Span<double>.Empty, ref g[0]), 0.7);
        double d = 0;
        Assert.ThrowsAny<ArgumentException>(() => Parameters.EmptyArrayGradient(Array.Empty<double>(), 1, new double[1], ref d));
    }

    [Fact]
    public void FloatSpans()
    {
        float[] a = { 0.3f, -0.6f, 1.2f }, b = { 0.5f, 0.25f, -1f }, c = { 1f, 2f, -0.5f };
        var da = new float[3]; var db = new float[3]; var dc = new float[3];
        float v = Parameters.FloatSpansGradient(a, b, (float[])c.Clone(), da, db, dc);
        Assert.Equal(Parameters.FloatSpans(a, b, (float[])c.Clone()), v);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(b[i], da[i]);
            Assert.Equal(a[i], db[i]);
            Assert.Equal(-2 * c[i], dc[i]);
        }
        Check.WrongLength(n => Parameters.FloatSpansGradient(a, b, (float[])c.Clone(), new float[3], new float[n], new float[3]), 3);
        Check.WrongLength(n => Parameters.FloatSpansPullback(a, b, (float[])c.Clone(), 1f, new float[3], new float[3], new float[n]), 3);
    }

    [Fact]
    public void LocalCopyOfParameter() => Check.Scalar(Parameters.LocalCopyOfParameter, Parameters.LocalCopyOfParameterGradient, Parameters.LocalCopyOfParameterPullback, 0.7, -1.9);
}
