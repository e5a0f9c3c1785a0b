using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class FloatFunctions
{
    [Differentiable] public static float Arith(float x, float y) => x * y - x / (y * y + 1f) + -x + 3 * y;
    [Differentiable] public static float Exp(float x) => MathF.Exp(2 * x) - MathF.Exp(-x * x);
    [Differentiable] public static float Log(float x) => MathF.Log(x * x + 1) + MathF.Log(x);
    [Differentiable] public static float Log2Arg(float x, float b) => MathF.Log(x, b);
    [Differentiable] public static float Log2(float x) => MathF.Log2(x * 3);
    [Differentiable] public static float Log10(float x) => MathF.Log10(x) * x;
    [Differentiable] public static float PowBoth(float x, float y) => MathF.Pow(x, y);
    [Differentiable] public static float PowInt(float x) => MathF.Pow(x, 3) + MathF.Pow(x, 2f);
    [Differentiable] public static float PowPassiveBase(float y) => MathF.Pow(2.5f, y);
    [Differentiable] public static float Sqrt(float x) => MathF.Sqrt(x) + MathF.Sqrt(x * x + 1);
    [Differentiable] public static float Cbrt(float x) => MathF.Cbrt(x);
    [Differentiable] public static float Sin(float x) => MathF.Sin(x * 3);
    [Differentiable] public static float Cos(float x) => MathF.Cos(x) * MathF.Cos(x);
    [Differentiable] public static float Tan(float x) => MathF.Tan(x);
    [Differentiable] public static float Asin(float x) => MathF.Asin(x);
    [Differentiable] public static float Acos(float x) => MathF.Acos(x * 0.9f);
    [Differentiable] public static float Atan(float x) => MathF.Atan(x * x);
    [Differentiable] public static float Atan2(float y, float x) => MathF.Atan2(y, x);
    [Differentiable] public static float Sinh(float x) => MathF.Sinh(x);
    [Differentiable] public static float Cosh(float x) => MathF.Cosh(x * 0.5f);
    [Differentiable] public static float Tanh(float x) => MathF.Tanh(x * 2);
    [Differentiable] public static float Abs(float x) => MathF.Abs(x) * 3;
    [Differentiable] public static float Min(float a, float b) => MathF.Min(a, b);
    [Differentiable] public static float Max(float a, float b) => MathF.Max(a, b);
    [Differentiable] public static float Clamp(float x) => Math.Clamp(x * x, 0.25f, 4f);
    [Differentiable] public static float Sign(float x) => MathF.Sign(x) * x;
    [Differentiable] public static float Floor(float x) => MathF.Floor(x) + x;
    [Differentiable] public static float Ceiling(float x) => MathF.Ceiling(x) * x;
    [Differentiable] public static float Round(float x) => MathF.Round(x * 2) + x * x;
    [Differentiable] public static float Truncate(float x) => MathF.Truncate(x) * x;
    [Differentiable] public static float Fma(float a, float b) => MathF.FusedMultiplyAdd(a, b, a * a);
    [Differentiable] public static float MathOnFloat(float x) => Math.Abs(x) + Math.Max(x, 0.5f) + Math.Min(x * x, 1f);

    [Differentiable]
    public static float Loop(float[] w, float x)
    {
        float s = 0;
        for (int i = 0; i < w.Length; i++) s += MathF.Tanh(w[i] * x + s);
        return s * s;
    }

    // a[i] rewritten from a[i] each step: the array is saved once per step and restored element by element.
    [Differentiable(nameof(w))]
    public static float InPlace(float[] w, int steps)
    {
        float[] x = new float[w.Length];
        for (int i = 0; i < w.Length; i++) x[i] = 0.5f;
        for (int t = 0; t < steps; t++)
            for (int i = 0; i < w.Length; i++) x[i] = 2.5f * x[i] * (1 - x[i]) + w[i];
        float s = 0;
        for (int i = 0; i < w.Length; i++) s += x[i] * x[i];
        return s;
    }

    // Float rows at an offset (row views of float[] and Span<float>), a float reciprocal read back, and a
    // fixed-index read in a reversed inner loop.
    [Differentiable(nameof(w))]
    public static float Rows(float[] w, int d)
    {
        Span<float> h = stackalloc float[w.Length];
        float s = 0;
        for (int r = 0; r + d <= w.Length; r += d)
        {
            for (int j = 0; j < d; j++) h[r + j] = 1f / (1f + w[r + j] * w[r + j]);
            for (int j = 0; j < d; j++) s += h[r + j] * w[j] * w[r];
        }
        return s;
    }

    [Differentiable]
    public static float MixedPrecision(float x, double y) => (float)(x * y) + x * (float)Math.Sin(y);

    [Differentiable]
    public static double FloatToDouble(float x, double y) => x * y + Math.Exp((double)x);
}

public class FloatFunctionsTests
{
    static readonly float[] Any = { 0.37f, -1.3f, 2.1f };
    static readonly float[] Pos = { 0.37f, 1.3f, 2.9f };
    static readonly float[] Unit = { 0.37f, -0.61f, 0.8f };

    [Fact] public void Arith() => Check.ScalarF(FloatFunctions.Arith, FloatFunctions.ArithGradient, FloatFunctions.ArithPullback, (x, y) => x * y - x / (y * y + 1) + -x + 3 * y, new[] { 0.3f, 1.2f }, new[] { -0.7f, 0.4f });
    [Fact] public void Exp() => Check.ScalarF(FloatFunctions.Exp, FloatFunctions.ExpGradient, FloatFunctions.ExpPullback, x => Math.Exp(2 * x) - Math.Exp(-x * x), Any);
    [Fact] public void Log() => Check.ScalarF(FloatFunctions.Log, FloatFunctions.LogGradient, FloatFunctions.LogPullback, x => Math.Log(x * x + 1) + Math.Log(x), Pos);
    [Fact] public void Log2Arg() => Check.ScalarF(FloatFunctions.Log2Arg, FloatFunctions.Log2ArgGradient, FloatFunctions.Log2ArgPullback, Math.Log, new[] { 3f, 2f }, new[] { 0.4f, 7.5f });
    [Fact] public void Log2() => Check.ScalarF(FloatFunctions.Log2, FloatFunctions.Log2Gradient, FloatFunctions.Log2Pullback, x => Math.Log2(x * 3), Pos);
    [Fact] public void Log10() => Check.ScalarF(FloatFunctions.Log10, FloatFunctions.Log10Gradient, FloatFunctions.Log10Pullback, x => Math.Log10(x) * x, Pos);
    [Fact] public void PowBoth() => Check.ScalarF(FloatFunctions.PowBoth, FloatFunctions.PowBothGradient, FloatFunctions.PowBothPullback, Math.Pow, new[] { 1.3f, 2.2f }, new[] { 0.4f, -1.5f });
    [Fact] public void PowInt() => Check.ScalarF(FloatFunctions.PowInt, FloatFunctions.PowIntGradient, FloatFunctions.PowIntPullback, x => x * x * x + x * x, Any);
    [Fact] public void PowPassiveBase() => Check.ScalarF(FloatFunctions.PowPassiveBase, FloatFunctions.PowPassiveBaseGradient, FloatFunctions.PowPassiveBasePullback, y => Math.Pow(2.5, y), Any);
    [Fact] public void Sqrt() => Check.ScalarF(FloatFunctions.Sqrt, FloatFunctions.SqrtGradient, FloatFunctions.SqrtPullback, x => Math.Sqrt(x) + Math.Sqrt(x * x + 1), Pos);
    [Fact] public void Cbrt() => Check.ScalarF(FloatFunctions.Cbrt, FloatFunctions.CbrtGradient, FloatFunctions.CbrtPullback, Math.Cbrt, Any);
    [Fact] public void Sin() => Check.ScalarF(FloatFunctions.Sin, FloatFunctions.SinGradient, FloatFunctions.SinPullback, x => Math.Sin(x * 3), Any);
    [Fact] public void Cos() => Check.ScalarF(FloatFunctions.Cos, FloatFunctions.CosGradient, FloatFunctions.CosPullback, x => Math.Cos(x) * Math.Cos(x), Any);
    [Fact] public void Tan() => Check.ScalarF(FloatFunctions.Tan, FloatFunctions.TanGradient, FloatFunctions.TanPullback, Math.Tan, Unit);
    [Fact] public void Asin() => Check.ScalarF(FloatFunctions.Asin, FloatFunctions.AsinGradient, FloatFunctions.AsinPullback, Math.Asin, Unit);
    [Fact] public void Acos() => Check.ScalarF(FloatFunctions.Acos, FloatFunctions.AcosGradient, FloatFunctions.AcosPullback, x => Math.Acos(x * 0.9f), Unit);
    [Fact] public void Atan() => Check.ScalarF(FloatFunctions.Atan, FloatFunctions.AtanGradient, FloatFunctions.AtanPullback, x => Math.Atan(x * x), Any);
    [Fact] public void Atan2() => Check.ScalarF(FloatFunctions.Atan2, FloatFunctions.Atan2Gradient, FloatFunctions.Atan2Pullback, Math.Atan2, new[] { 0.3f, 1.2f }, new[] { -0.7f, 0.4f }, new[] { 1.1f, -2f });
    [Fact] public void Sinh() => Check.ScalarF(FloatFunctions.Sinh, FloatFunctions.SinhGradient, FloatFunctions.SinhPullback, Math.Sinh, Any);
    [Fact] public void Cosh() => Check.ScalarF(FloatFunctions.Cosh, FloatFunctions.CoshGradient, FloatFunctions.CoshPullback, x => Math.Cosh(x * 0.5), Any);
    [Fact] public void Tanh() => Check.ScalarF(FloatFunctions.Tanh, FloatFunctions.TanhGradient, FloatFunctions.TanhPullback, x => Math.Tanh(x * 2), Any);
    [Fact] public void Abs() => Check.ScalarF(FloatFunctions.Abs, FloatFunctions.AbsGradient, FloatFunctions.AbsPullback, x => Math.Abs(x) * 3, Any);
    [Fact] public void Min() => Check.ScalarF(FloatFunctions.Min, FloatFunctions.MinGradient, FloatFunctions.MinPullback, Math.Min, new[] { 0.3f, 1.2f }, new[] { 1.7f, 0.4f });
    [Fact] public void Max() => Check.ScalarF(FloatFunctions.Max, FloatFunctions.MaxGradient, FloatFunctions.MaxPullback, Math.Max, new[] { 0.3f, 1.2f }, new[] { 1.7f, 0.4f });
    [Fact] public void Clamp() => Check.ScalarF(FloatFunctions.Clamp, FloatFunctions.ClampGradient, FloatFunctions.ClampPullback, x => Math.Clamp(x * x, 0.25, 4), 0.3f, 0.9f, -1.5f, 2.5f);
    [Fact] public void Sign() => Check.ScalarF(FloatFunctions.Sign, FloatFunctions.SignGradient, FloatFunctions.SignPullback, x => Math.Sign(x) * x, Any);
    [Fact] public void Floor() => Check.ScalarF(FloatFunctions.Floor, FloatFunctions.FloorGradient, FloatFunctions.FloorPullback, x => Math.Floor(x) + x, Any);
    [Fact] public void Ceiling() => Check.ScalarF(FloatFunctions.Ceiling, FloatFunctions.CeilingGradient, FloatFunctions.CeilingPullback, x => Math.Ceiling(x) * x, Any);
    [Fact] public void Round() => Check.ScalarF(FloatFunctions.Round, FloatFunctions.RoundGradient, FloatFunctions.RoundPullback, x => Math.Round(x * 2) + x * x, Any);
    [Fact] public void Truncate() => Check.ScalarF(FloatFunctions.Truncate, FloatFunctions.TruncateGradient, FloatFunctions.TruncatePullback, x => Math.Truncate(x) * x, Any);
    [Fact] public void Fma() => Check.ScalarF(FloatFunctions.Fma, FloatFunctions.FmaGradient, FloatFunctions.FmaPullback, (a, b) => a * b + a * a, new[] { 0.3f, 1.2f }, new[] { -0.7f, 0.4f });
    [Fact] public void MathOnFloat() => Check.ScalarF(FloatFunctions.MathOnFloat, FloatFunctions.MathOnFloatGradient, FloatFunctions.MathOnFloatPullback, x => Math.Abs(x) + Math.Max(x, 0.5) + Math.Min(x * x, 1), 0.37f, -1.3f, 2.1f, 0.8f);

    [Fact]
    public void FloatKinks()
    {
        float d = 0; FloatFunctions.AbsGradient(0f, ref d); Assert.Equal(0f, d);
        float a = 0, b = 0; FloatFunctions.MaxGradient(0.5f, 0.5f, ref a, ref b); Assert.Equal((1f, 0f), (a, b));
        a = 0; b = 0; FloatFunctions.MinGradient(0.5f, 0.5f, ref a, ref b); Assert.Equal((1f, 0f), (a, b));
        d = 0; FloatFunctions.ClampGradient(0.5f, ref d); Assert.Equal(1f, d);
        d = 0; FloatFunctions.ClampGradient(2f, ref d); Assert.Equal(4f, d);
    }

    [Fact]
    public void Loop()
    {
        var w = new[] { 0.3f, -0.5f, 0.8f, 0.1f };
        foreach (float x0 in new[] { 0.7f, -1.1f })
        {
            Check.GradientF(p => FloatFunctions.Loop(p[..4], p[4]),
                (p, g) => { float dx = g[4]; var r = FloatFunctions.LoopGradient(p[..4], p[4], g.AsSpan(0, 4), ref dx); g[4] = dx; return r; },
                (p, dr, g) => { float dx = g[4]; FloatFunctions.LoopPullback(p[..4], p[4], dr, g.AsSpan(0, 4), ref dx); g[4] = dx; },
                p => { double s = 0; for (int i = 0; i < 4; i++) s += Math.Tanh(p[i] * p[4] + s); return s * s; },
                new[] { w[0], w[1], w[2], w[3], x0 });
        }
        float d = 0;
        Check.WrongLength(n => FloatFunctions.LoopGradient(w, 0.5f, new float[n], ref d), w.Length);
    }

    [Fact]
    public void InPlace()
    {
        static double Reference(double[] w)
        {
            var x = new double[w.Length];
            Array.Fill(x, 0.5);
            for (int t = 0; t < 3; t++)
                for (int i = 0; i < w.Length; i++) x[i] = 2.5 * x[i] * (1 - x[i]) + w[i];
            double s = 0;
            foreach (double v in x) s += v * v;
            return s;
        }
        Check.GradientF(p => FloatFunctions.InPlace(p, 3), (p, g) => FloatFunctions.InPlaceGradient(p, 3, g),
            (p, dr, g) => FloatFunctions.InPlacePullback(p, 3, dr, g), Reference, 0.05f, -0.1f, 0.2f, 0.12f);
    }

    [Fact]
    public void Rows()
    {
        static double Reference(double[] w)
        {
            double s = 0;
            for (int r = 0; r + 2 <= w.Length; r += 2)
                for (int j = 0; j < 2; j++) s += 1 / (1 + w[r + j] * w[r + j]) * w[j] * w[r];
            return s;
        }
        Check.GradientF(p => FloatFunctions.Rows(p, 2), (p, g) => FloatFunctions.RowsGradient(p, 2, g),
            (p, dr, g) => FloatFunctions.RowsPullback(p, 2, dr, g), Reference, 0.3f, -0.4f, 0.7f, 0.2f, -0.9f, 0.5f);
    }

    [Fact]
    public void MixedPrecision()
    {
        foreach (var (x, y) in new[] { (0.7f, 0.3), (-1.2f, 2.0) })
        {
            float dx = 0; double dy = 0;
            float v = FloatFunctions.MixedPrecisionGradient(x, y, ref dx, ref dy);
            Assert.Equal(FloatFunctions.MixedPrecision(x, y), v);
            // d/dx = y + sin(y); d/dy = x + x cos(y)  (the (float) casts only round)
            Assert.True(Check.Rho(dx, y + Math.Sin(y)) <= 1e-5, $"dx {dx}");
            Assert.True(Check.Rho(dy, x + x * Math.Cos(y)) <= 1e-5, $"dy {dy}");
        }
    }

    [Fact]
    public void FloatToDouble()
    {
        foreach (var (x, y) in new[] { (0.7f, 0.3), (-1.2f, 2.0) })
        {
            float dx = 0; double dy = 0;
            double v = FloatFunctions.FloatToDoubleGradient(x, y, ref dx, ref dy);
            Assert.Equal(FloatFunctions.FloatToDouble(x, y), v);
            Assert.True(Check.Rho(dx, y + Math.Exp(x)) <= 1e-6, $"dx {dx}");
            Assert.Equal((double)x, dy);
        }
    }
}
