using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class MathFunctions
{
    [Differentiable] public static double Exp(double x) => Math.Exp(2 * x) - Math.Exp(-x * x);
    [Differentiable] public static double Log(double x) => Math.Log(x * x + 1) + Math.Log(x);
    [Differentiable] public static double Log2Arg(double x, double b) => Math.Log(x, b);
    [Differentiable] public static double Log2(double x) => Math.Log2(x * 3);
    [Differentiable] public static double Log10(double x) => Math.Log10(x) * x;
    [Differentiable] public static double PowBoth(double x, double y) => Math.Pow(x, y);
    [Differentiable] public static double PowIntExponent(double x) => Math.Pow(x, 3) + Math.Pow(x, -2) + Math.Pow(x, 0);
    [Differentiable] public static double PowPassiveBase(double y) => Math.Pow(2.5, y) + Math.Pow(Math.E, y * y);
    [Differentiable] public static double PowIntVariableExponent(double x, int n) => Math.Pow(x, n);
    [Differentiable] public static double PowHalf(double x) => Math.Pow(x, 0.5) + Math.Pow(x, 1.0 / 3);
    // Literal exponents get their own du partials (products for 1 to 4, Pow with w - 1 folded otherwise).
    [Differentiable] public static double PowSmallIntegers(double x) => Math.Pow(x, 1) + Math.Pow(x, 2) * 0.5 - Math.Pow(x, 3) + Math.Pow(x, 4) * 0.25 + Math.Pow(x, 5) * 0.1;
    [Differentiable] public static double PowFractions(double x) => Math.Pow(x, 2.5) + Math.Pow(x, -1.5) + Math.Pow(x, 1e-3);
    [Differentiable] public static float PowFloat(float x) => MathF.Pow(x, 2) + MathF.Pow(x, 1.5f);
    // .NET's generic-math statics on double and float are the same functions as Math's and MathF's, plus a few of their own.
    [Differentiable] public static double DoubleStatics(double x, double y) =>
        double.Exp(x) + double.Hypot(x, y) + double.Max(x, y) * double.Tanh(y) + double.ExpM1(x) + double.LogP1(y * y) + Math.ScaleB(x, 3) + double.Exp2(y);
    // A double static without real inputs stays a constant: double.CreateChecked(n), double.IsFinite(n).
    [Differentiable] public static double DoubleConstants(double x, int n) => x * double.CreateChecked(n) + (double.IsFinite(x) ? x : 0);
    [Differentiable] public static float FloatStatics(float x) => float.Sqrt(x) + float.Sin(x) * float.Exp10(x * 0.1f);
    [Differentiable] public static double Sqrt(double x) => Math.Sqrt(x) + Math.Sqrt(x * x + 1);
    [Differentiable] public static double Cbrt(double x) => Math.Cbrt(x);
    [Differentiable] public static double Sin(double x) => Math.Sin(x * 3);
    [Differentiable] public static double Cos(double x) => Math.Cos(x) * Math.Cos(x);
    [Differentiable] public static double Tan(double x) => Math.Tan(x);
    [Differentiable] public static double Asin(double x) => Math.Asin(x);
    [Differentiable] public static double Acos(double x) => Math.Acos(x * 0.9);
    [Differentiable] public static double Atan(double x) => Math.Atan(x * x);
    [Differentiable] public static double Atan2(double y, double x) => Math.Atan2(y, x);
    [Differentiable] public static double Sinh(double x) => Math.Sinh(x);
    [Differentiable] public static double Cosh(double x) => Math.Cosh(x * 0.5);
    [Differentiable] public static double Tanh(double x) => Math.Tanh(x * 2);
    [Differentiable] public static double Abs(double x) => Math.Abs(x) * 3;
    [Differentiable] public static double Min(double a, double b) => Math.Min(a, b);
    [Differentiable] public static double Max(double a, double b) => Math.Max(a, b);
    [Differentiable] public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);
    [Differentiable] public static double ClampConstBounds(double x) => Math.Clamp(x * x, 0.25, 4.0);
    [Differentiable] public static double Sign(double x) => Math.Sign(x) * x;
    [Differentiable] public static double SignAlone(double x) => Math.Sign(x);
    [Differentiable] public static double Floor(double x) => Math.Floor(x) + x;
    [Differentiable] public static double FloorAlone(double x) => Math.Floor(x * 3);
    [Differentiable] public static double Ceiling(double x) => Math.Ceiling(x) * x;
    [Differentiable] public static double Round(double x) => Math.Round(x * 2) + x * x;
    [Differentiable] public static double RoundAlone(double x) => Math.Round(x);
    [Differentiable] public static double Truncate(double x) => Math.Truncate(x) * x;
    [Differentiable] public static double Fma(double a, double b, double c) => Math.FusedMultiplyAdd(a, b, c);
    [Differentiable] public static double FmaNested(double x, double y) => Math.FusedMultiplyAdd(x * y, Math.Sin(x), y * y);

    [Differentiable]
    public static double Composite(double x, double y) =>
        Math.Exp(Math.Sin(x) * Math.Cos(y)) + Math.Log(1 + Math.Sqrt(x * x + y * y)) - Math.Atan2(Math.Tanh(y), 1 + x * x) + Math.Pow(Math.Abs(x) + 1, y);

    [Differentiable]
    public static double SoftPlus(double x) => Math.Max(x, 0) + Math.Log(1 + Math.Exp(-Math.Abs(x)));

    [Differentiable]
    public static double LogSumExp(double a, double b, double c)
    {
        double m = Math.Max(a, Math.Max(b, c));
        return m + Math.Log(Math.Exp(a - m) + Math.Exp(b - m) + Math.Exp(c - m));
    }
}

public class MathFunctionsTests
{
    static readonly double[] Pos = { 0.37, 1.3, 2.9 };
    static readonly double[] Any = { 0.37, -1.3, 2.1 };
    static readonly double[] Unit = { 0.37, -0.61, 0.8 };   // inside (-1, 1)

    [Fact] public void Exp() => Check.Scalar(MathFunctions.Exp, MathFunctions.ExpGradient, MathFunctions.ExpPullback, Any);
    [Fact] public void Log() => Check.Scalar(MathFunctions.Log, MathFunctions.LogGradient, MathFunctions.LogPullback, Pos);
    [Fact] public void Log2Arg() => Check.Scalar(MathFunctions.Log2Arg, MathFunctions.Log2ArgGradient, MathFunctions.Log2ArgPullback, new[] { 3.0, 2.0 }, new[] { 0.4, 7.5 }, new[] { 12.0, 0.3 });
    [Fact] public void Log2() => Check.Scalar(MathFunctions.Log2, MathFunctions.Log2Gradient, MathFunctions.Log2Pullback, Pos);
    [Fact] public void Log10() => Check.Scalar(MathFunctions.Log10, MathFunctions.Log10Gradient, MathFunctions.Log10Pullback, Pos);
    [Fact] public void PowBoth() => Check.Scalar(MathFunctions.PowBoth, MathFunctions.PowBothGradient, MathFunctions.PowBothPullback, new[] { 1.3, 2.2 }, new[] { 0.4, -1.5 }, new[] { 3.1, 0.5 });
    [Fact] public void PowIntExponent() => Check.Scalar(MathFunctions.PowIntExponent, MathFunctions.PowIntExponentGradient, MathFunctions.PowIntExponentPullback, Any);
    [Fact] public void PowPassiveBase() => Check.Scalar(MathFunctions.PowPassiveBase, MathFunctions.PowPassiveBaseGradient, MathFunctions.PowPassiveBasePullback, Any);
    [Fact]
    public void DoubleConstants() =>
        Check.Scalar(x => MathFunctions.DoubleConstants(x, 3), (double x, ref double dx) => MathFunctions.DoubleConstantsGradient(x, 3, ref dx),
            (double x, double dr, ref double dx) => MathFunctions.DoubleConstantsPullback(x, 3, dr, ref dx), Any);

    [Fact] public void DoubleStatics() => Check.Scalar(MathFunctions.DoubleStatics, MathFunctions.DoubleStaticsGradient, MathFunctions.DoubleStaticsPullback, new[] { 0.7, -0.4 }, new[] { -1.2, 0.9 }, new[] { 0.3, 1.1 });

    [Fact]
    public void FloatStatics()
    {
        foreach (float x in new[] { 0.4f, 1.7f, 3.2f })
        {
            float dx = 0;
            MathFunctions.FloatStaticsGradient(x, ref dx);
            double e = Math.Pow(10, 0.1 * x);
            double expected = 0.5 / Math.Sqrt(x) + Math.Cos(x) * e + Math.Sin(x) * e * Math.Log(10) * 0.1;
            Assert.True(Check.Rho(dx, expected) <= Check.FloatToleranceWithReference, $"dx {dx} at {x}");
        }
    }

    [Fact] public void PowSmallIntegers() => Check.Scalar(MathFunctions.PowSmallIntegers, MathFunctions.PowSmallIntegersGradient, MathFunctions.PowSmallIntegersPullback, Any);
    [Fact] public void PowFractions() => Check.Scalar(MathFunctions.PowFractions, MathFunctions.PowFractionsGradient, MathFunctions.PowFractionsPullback, Pos);
    [Fact]
    public void PowFloat()
    {
        foreach (float x in new[] { 0.4f, 1.7f, 3.2f })
        {
            float dx = 0;
            MathFunctions.PowFloatGradient(x, ref dx);
            Assert.True(Check.Rho(dx, 2 * x + 1.5 * Math.Sqrt(x)) <= Check.FloatToleranceWithReference, $"dx {dx} at {x}");
        }
    }
    [Fact] public void PowHalf() => Check.Scalar(MathFunctions.PowHalf, MathFunctions.PowHalfGradient, MathFunctions.PowHalfPullback, Pos);

    [Fact]
    public void PowNegativeBaseIntegerExponent()
    {
        // Pow(x, 3) at x < 0 is well defined; a derivative formula using log(x) for the base would give NaN.
        Check.Scalar(MathFunctions.PowIntExponent, MathFunctions.PowIntExponentGradient, MathFunctions.PowIntExponentPullback, -0.8, -2.4);
        Assert.Equal(3 * 4.0 - 2 * Math.Pow(-2, -3), Check.Exact(MathFunctions.PowIntExponentGradient, -2), 12);
    }

    [Fact]
    public void PowIntVariableExponent()
    {
        foreach (int n in new[] { 0, 1, 2, 5, -3 })
            Check.Scalar(x => MathFunctions.PowIntVariableExponent(x, n), (double x, ref double dx) => MathFunctions.PowIntVariableExponentGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => MathFunctions.PowIntVariableExponentPullback(x, n, dr, ref dx), 0.7, -1.3, 2.0);
    }

    [Fact]
    public void PowAtZeroBase()
    {
        // d/dx x^3 at 0 is 0; d/dy of 0^y (y>0) is 0 (the y*log(x) term must not produce NaN*0).
        Assert.Equal(0.0, Check.Exact((double x, ref double dx) => MathFunctions.PowIntVariableExponentGradient(x, 3, ref dx), 0.0));
        Assert.Equal(1.0, Check.Exact((double x, ref double dx) => MathFunctions.PowIntVariableExponentGradient(x, 1, ref dx), 0.0));
        var (dx, dy) = Check.Exact(MathFunctions.PowBothGradient, 0.0, 3.0);
        Assert.Equal(0.0, dx);
        Assert.False(double.IsNaN(dy), "d/dy Pow(0, 3) is NaN");
    }

    [Fact] public void Sqrt() => Check.Scalar(MathFunctions.Sqrt, MathFunctions.SqrtGradient, MathFunctions.SqrtPullback, Pos);
    [Fact] public void Cbrt() => Check.Scalar(MathFunctions.Cbrt, MathFunctions.CbrtGradient, MathFunctions.CbrtPullback, 0.37, -1.3, 8.2);
    [Fact] public void Sin() => Check.Scalar(MathFunctions.Sin, MathFunctions.SinGradient, MathFunctions.SinPullback, Any);
    [Fact] public void Cos() => Check.Scalar(MathFunctions.Cos, MathFunctions.CosGradient, MathFunctions.CosPullback, Any);
    [Fact] public void Tan() => Check.Scalar(MathFunctions.Tan, MathFunctions.TanGradient, MathFunctions.TanPullback, Unit);
    [Fact] public void Asin() => Check.Scalar(MathFunctions.Asin, MathFunctions.AsinGradient, MathFunctions.AsinPullback, Unit);
    [Fact] public void Acos() => Check.Scalar(MathFunctions.Acos, MathFunctions.AcosGradient, MathFunctions.AcosPullback, Unit);
    [Fact] public void Atan() => Check.Scalar(MathFunctions.Atan, MathFunctions.AtanGradient, MathFunctions.AtanPullback, Any);
    [Fact] public void Atan2() => Check.Scalar(MathFunctions.Atan2, MathFunctions.Atan2Gradient, MathFunctions.Atan2Pullback, new[] { 0.3, 1.2 }, new[] { -0.7, 0.4 }, new[] { 1.1, -2.0 }, new[] { -0.5, -0.5 });
    [Fact] public void Sinh() => Check.Scalar(MathFunctions.Sinh, MathFunctions.SinhGradient, MathFunctions.SinhPullback, Any);
    [Fact] public void Cosh() => Check.Scalar(MathFunctions.Cosh, MathFunctions.CoshGradient, MathFunctions.CoshPullback, Any);
    [Fact] public void Tanh() => Check.Scalar(MathFunctions.Tanh, MathFunctions.TanhGradient, MathFunctions.TanhPullback, Any);
    [Fact] public void Abs() => Check.Scalar(MathFunctions.Abs, MathFunctions.AbsGradient, MathFunctions.AbsPullback, Any);
    [Fact] public void Min() => Check.Scalar(MathFunctions.Min, MathFunctions.MinGradient, MathFunctions.MinPullback, new[] { 0.3, 1.2 }, new[] { 1.7, 0.4 }, new[] { -1.1, -2.0 });
    [Fact] public void Max() => Check.Scalar(MathFunctions.Max, MathFunctions.MaxGradient, MathFunctions.MaxPullback, new[] { 0.3, 1.2 }, new[] { 1.7, 0.4 }, new[] { -1.1, -2.0 });
    [Fact] public void Clamp() => Check.Scalar(MathFunctions.Clamp, MathFunctions.ClampGradient, MathFunctions.ClampPullback, new[] { 0.3, -1.0, 1.0 }, new[] { -1.7, -1.0, 1.0 }, new[] { 2.5, -1.0, 1.0 });
    [Fact] public void ClampConstBounds() => Check.Scalar(MathFunctions.ClampConstBounds, MathFunctions.ClampConstBoundsGradient, MathFunctions.ClampConstBoundsPullback, 0.3, 0.9, -1.5, 2.5);
    [Fact] public void Sign() => Check.Scalar(MathFunctions.Sign, MathFunctions.SignGradient, MathFunctions.SignPullback, Any);
    [Fact] public void Floor() => Check.Scalar(MathFunctions.Floor, MathFunctions.FloorGradient, MathFunctions.FloorPullback, 0.37, -1.3, 2.9);
    [Fact] public void Ceiling() => Check.Scalar(MathFunctions.Ceiling, MathFunctions.CeilingGradient, MathFunctions.CeilingPullback, 0.37, -1.3, 2.9);
    [Fact] public void Round() => Check.Scalar(MathFunctions.Round, MathFunctions.RoundGradient, MathFunctions.RoundPullback, 0.37, -1.3, 2.9);
    [Fact] public void Truncate() => Check.Scalar(MathFunctions.Truncate, MathFunctions.TruncateGradient, MathFunctions.TruncatePullback, 0.37, -1.3, 2.9);
    [Fact] public void Fma() => Check.Scalar(MathFunctions.Fma, MathFunctions.FmaGradient, MathFunctions.FmaPullback, Check.Points(5, 3, 3, -2, 2));
    [Fact] public void FmaNested() => Check.Scalar(MathFunctions.FmaNested, MathFunctions.FmaNestedGradient, MathFunctions.FmaNestedPullback, Check.Points(6, 3, 2, -2, 2));
    [Fact] public void Composite() => Check.Scalar(MathFunctions.Composite, MathFunctions.CompositeGradient, MathFunctions.CompositePullback, Check.Points(7, 3, 2, 0.1, 2));
    [Fact] public void SoftPlus() => Check.Scalar(MathFunctions.SoftPlus, MathFunctions.SoftPlusGradient, MathFunctions.SoftPlusPullback, Any);
    [Fact] public void LogSumExp() => Check.Scalar(MathFunctions.LogSumExp, MathFunctions.LogSumExpGradient, MathFunctions.LogSumExpPullback, Check.Points(8, 3, 3, -3, 3));

    // ---- kink conventions, hand-computed, exact ----

    [Fact]
    public void AbsAtZeroIsZero()
    {
        Assert.Equal(0.0, Check.Exact(MathFunctions.AbsGradient, 0.0));
        Assert.Equal(0.0, Check.Exact(MathFunctions.AbsGradient, -0.0));
        Assert.Equal(3.0, Check.Exact(MathFunctions.AbsGradient, 1e-300));
        Assert.Equal(-3.0, Check.Exact(MathFunctions.AbsGradient, -1e-300));
    }

    [Fact]
    public void MaxTieGoesToFirstArgument()
    {
        Assert.Equal((1.0, 0.0), Check.Exact(MathFunctions.MaxGradient, 0.5, 0.5));
        Assert.Equal((1.0, 0.0), Check.Exact(MathFunctions.MaxGradient, 2.0, 1.0));
        Assert.Equal((0.0, 1.0), Check.Exact(MathFunctions.MaxGradient, 1.0, 2.0));
    }

    [Fact]
    public void MinTieGoesToFirstArgument()
    {
        Assert.Equal((1.0, 0.0), Check.Exact(MathFunctions.MinGradient, 0.5, 0.5));
        Assert.Equal((0.0, 1.0), Check.Exact(MathFunctions.MinGradient, 2.0, 1.0));
        Assert.Equal((1.0, 0.0), Check.Exact(MathFunctions.MinGradient, 1.0, 2.0));
    }

    [Fact]
    public void ClampAtBoundGoesToValue()
    {
        Assert.Equal((1.0, 0.0, 0.0), Check.Exact(MathFunctions.ClampGradient, -1.0, -1.0, 1.0));
        Assert.Equal((1.0, 0.0, 0.0), Check.Exact(MathFunctions.ClampGradient, 1.0, -1.0, 1.0));
        Assert.Equal((1.0, 0.0, 0.0), Check.Exact(MathFunctions.ClampGradient, 0.2, -1.0, 1.0));
        Assert.Equal((0.0, 1.0, 0.0), Check.Exact(MathFunctions.ClampGradient, -2.0, -1.0, 1.0));
        Assert.Equal((0.0, 0.0, 1.0), Check.Exact(MathFunctions.ClampGradient, 2.0, -1.0, 1.0));
        // x*x = 0.25 exactly at x = 0.5 (lower bound) and 4 at x = 2 (upper bound): derivative 2x
        Assert.Equal(1.0, Check.Exact(MathFunctions.ClampConstBoundsGradient, 0.5));
        Assert.Equal(4.0, Check.Exact(MathFunctions.ClampConstBoundsGradient, 2.0));
        Assert.Equal(0.0, Check.Exact(MathFunctions.ClampConstBoundsGradient, 3.0));
    }

    [Fact]
    public void StepFunctionsHaveZeroDerivative()
    {
        foreach (double x in new[] { -1.5, -1.0, 0.0, 0.3, 1.0, 2.5 })
        {
            Assert.Equal(0.0, Check.Exact(MathFunctions.SignAloneGradient, x));
            Assert.Equal(0.0, Check.Exact(MathFunctions.FloorAloneGradient, x));
            Assert.Equal(0.0, Check.Exact(MathFunctions.RoundAloneGradient, x));
            Assert.Equal(1.0, Check.Exact(MathFunctions.FloorGradient, x));
            Assert.Equal(Math.Ceiling(x), Check.Exact(MathFunctions.CeilingGradient, x));
            Assert.Equal(Math.Truncate(x), Check.Exact(MathFunctions.TruncateGradient, x));
            Assert.Equal(Math.Sign(x), Check.Exact(MathFunctions.SignGradient, x));
        }
    }
}
