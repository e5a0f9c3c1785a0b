using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class Arithmetic
{
    [Differentiable] public static double Add(double x, double y) => x + y + 3;
    [Differentiable] public static double Sub(double x, double y) => x - y - (y - 2 * x);
    [Differentiable] public static double Mul(double x, double y) => x * y * x;
    [Differentiable] public static double Div(double x, double y) => x / y + 1 / (x * y) - y / 3.0;
    [Differentiable] public static double Neg(double x, double y) => -x * -y + -(x - y * y);
    [Differentiable] public static double Poly(double x, double y) => x * x * y + Math.Sin(x) / (1 + y * y);
    [Differentiable] public static double SelfDivide(double x) => x / x + x * x / (x + 1);
    // u * u with the same operand on both sides: one product, doubled (variables, compound operands, elements).
    [Differentiable] public static double Squares(double x, double y) => (x - 2 * y) * (x - 2 * y) + y * y * x + Math.Sin(x * y) * Math.Sin(x * y);

    // Quotients assigned to variables: the reverse reads the quotient back (1 / v needs no division at all),
    // including a quotient that overwrites its own divisor (y = 1 / y) or its numerator (s = s / v),
    // and one whose divisor is overwritten later.
    [Differentiable]
    public static double Quotients(double x, double y)
    {
        double r = 1 / (1 + x * x);
        double q = (x - y) / (y * y + 2);
        double s = x / (q + 3);
        s = s / (r + y * y);
        double v = y + 2;
        double t = x / v;   // its reverse reads v as it was here
        v = x * x;
        y = 1 / y;
        return r * q + s + q * q + y + t * v;
    }

    [Differentiable]
    public static double Compound(double x, double y)
    {
        double a = x;
        a += y * x;
        a -= 2 * y;
        a *= x + 1;
        a /= y * y + 1;
        a += a;      // aliasing: a = a + a
        a *= a;      // a = a * a
        return a;
    }

    [Differentiable]
    public static double CompoundOnParameter(double x, double y)
    {
        x *= y;
        x += x * y;
        y /= x;
        y -= 1;
        return x * y + x;
    }

    [Differentiable]
    public static double IncDec(double x)
    {
        double a = x;
        a++;
        ++a;
        a--;
        double b = a * a;
        b--;
        --b;
        int k = 0;
        k++;
        double r = b * k + a;
        a++;                  // a dead increment after its last use
        return r;
    }

    // Note: ++/-- used as a value inside an expression (b = ++a * 2) is rejected with ADIFF0106
    // (assignment inside an expression); only the statement forms are tested here.

    [Differentiable]
    public static double Conditional(double x, double y) => x > y ? x * x - y : Math.Sin(x) * y;

    [Differentiable]
    public static double ConditionalNested(double x, double y)
    {
        double a = x > 0 ? (y > 0 ? x * y : x - y) : (y > 0 ? -x * y * y : x / (1 + y * y));
        return a * (x < y ? 2 : 3);
    }

    [Differentiable]
    public static double MixedInt(double x, int n)
    {
        int m = n * 2 + 1;
        double s = x * m + m / 2;   // integer division 
        s += n * x / 3;
        s += (double)n / 4 * x;     // (double)n / 4: real division
        s += x / m;
        return s * (n % 3);
    }

    [Differentiable]
    public static double IntConversions(double x, int n)
    {
        double dn = (double)n;
        double s = dn * x * x;
        for (int i = 0; i < n; i++) s += (double)i * x;
        return s + x * (double)(n - 1);
    }

    [Differentiable]
    public static double Constants(double x) => Math.PI * x * x + Math.E * x + Math.Tau / x + double.Epsilon * 0;

    [Differentiable]
    public static double LiteralForms(double x) => 1e-3 * x + 2.5e2 * x * x + 0x10 * x + 1_000 * x + 3f * x + 2L * x;

    [Differentiable]
    public static double ReuseTemporaries(double x, double y)
    {
        double t = x * y;
        double u = t * t;
        t = u + x;          // overwrite t: its old value still needed for u's adjoint
        u = t * u;
        return u + t;
    }

    [Differentiable]
    public static double ParenthesesAndPrecedence(double x, double y) => (x + y) * (x - y) / ((x * y) + 2) - x * (y - (x - (y - x)));

    [Differentiable]
    public static double UnusedParameter(double x, double y) => x * 3;

    [Differentiable]
    public static double ConstantFunction(double x) => 4.0;

    [Differentiable(nameof(x))]
    public static double BoolPassThrough(double x, bool square, int n) => square ? x * x * n : x * n;
}

public class ArithmeticTests
{
    static readonly double[][] P2 = Check.Points(11, 3, 2, 0.2, 1.7);

    [Fact] public void Add() => Check.Scalar(Arithmetic.Add, Arithmetic.AddGradient, Arithmetic.AddPullback, P2);
    [Fact] public void Sub() => Check.Scalar(Arithmetic.Sub, Arithmetic.SubGradient, Arithmetic.SubPullback, P2);
    [Fact] public void Mul() => Check.Scalar(Arithmetic.Mul, Arithmetic.MulGradient, Arithmetic.MulPullback, P2);
    [Fact] public void Div() => Check.Scalar(Arithmetic.Div, Arithmetic.DivGradient, Arithmetic.DivPullback, P2);
    [Fact] public void Neg() => Check.Scalar(Arithmetic.Neg, Arithmetic.NegGradient, Arithmetic.NegPullback, P2);
    [Fact] public void Poly() => Check.Scalar(Arithmetic.Poly, Arithmetic.PolyGradient, Arithmetic.PolyPullback, P2);
    [Fact] public void Squares() => Check.Scalar(Arithmetic.Squares, Arithmetic.SquaresGradient, Arithmetic.SquaresPullback, P2);
    [Fact] public void Quotients() => Check.Scalar(Arithmetic.Quotients, Arithmetic.QuotientsGradient, Arithmetic.QuotientsPullback, P2);
    [Fact] public void SelfDivide() => Check.Scalar(Arithmetic.SelfDivide, Arithmetic.SelfDivideGradient, Arithmetic.SelfDividePullback, 0.7, 2.3, -3.1);
    [Fact] public void Compound() => Check.Scalar(Arithmetic.Compound, Arithmetic.CompoundGradient, Arithmetic.CompoundPullback, P2);
    [Fact] public void CompoundOnParameter() => Check.Scalar(Arithmetic.CompoundOnParameter, Arithmetic.CompoundOnParameterGradient, Arithmetic.CompoundOnParameterPullback, P2);
    [Fact] public void IncDec() => Check.Scalar(Arithmetic.IncDec, Arithmetic.IncDecGradient, Arithmetic.IncDecPullback, 0.3, -1.7, 2.2);

    [Fact]
    public void Conditional() => Check.Scalar(Arithmetic.Conditional, Arithmetic.ConditionalGradient, Arithmetic.ConditionalPullback,
        new[] { 1.0, 0.3 }, new[] { 0.2, 0.9 }, new[] { -0.5, -1.5 });

    [Fact]
    public void ConditionalNested() => Check.Scalar(Arithmetic.ConditionalNested, Arithmetic.ConditionalNestedGradient, Arithmetic.ConditionalNestedPullback,
        new[] { 1.0, 0.3 }, new[] { 0.4, -0.9 }, new[] { -0.5, 1.5 }, new[] { -0.5, -1.5 }, new[] { 0.3, 1.0 });

    [Fact]
    public void MixedInt()
    {
        foreach (int n in new[] { 0, 1, 4, 7 })
            Check.Scalar(x => Arithmetic.MixedInt(x, n), (double x, ref double dx) => Arithmetic.MixedIntGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Arithmetic.MixedIntPullback(x, n, dr, ref dx), 0.37, -2.5);
        // hand-computed: n = 4 -> m = 9, d/dx = (9 + 4/3 + 1 + 1/9) * (4 % 3)
        double d = Check.Exact((double x, ref double dx) => Arithmetic.MixedIntGradient(x, 4, ref dx), 0.5);
        Assert.Equal(9 + 4.0 / 3 + 1 + 1.0 / 9, d, 12);
    }

    [Fact]
    public void IntConversions()
    {
        foreach (int n in new[] { 0, 3, 6 })
            Check.Scalar(x => Arithmetic.IntConversions(x, n), (double x, ref double dx) => Arithmetic.IntConversionsGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Arithmetic.IntConversionsPullback(x, n, dr, ref dx), 0.37, -2.5);
    }

    [Fact] public void Constants() => Check.Scalar(Arithmetic.Constants, Arithmetic.ConstantsGradient, Arithmetic.ConstantsPullback, 0.37, -2.5, 4.1);
    [Fact] public void LiteralForms() => Check.Scalar(Arithmetic.LiteralForms, Arithmetic.LiteralFormsGradient, Arithmetic.LiteralFormsPullback, 0.37, -2.5);
    [Fact] public void ReuseTemporaries() => Check.Scalar(Arithmetic.ReuseTemporaries, Arithmetic.ReuseTemporariesGradient, Arithmetic.ReuseTemporariesPullback, P2);
    [Fact] public void ParenthesesAndPrecedence() => Check.Scalar(Arithmetic.ParenthesesAndPrecedence, Arithmetic.ParenthesesAndPrecedenceGradient, Arithmetic.ParenthesesAndPrecedencePullback, P2);

    [Fact]
    public void UnusedParameterHasZeroGradient()
    {
        Check.Scalar(Arithmetic.UnusedParameter, Arithmetic.UnusedParameterGradient, Arithmetic.UnusedParameterPullback, P2);
        Assert.Equal((3.0, 0.0), Check.Exact(Arithmetic.UnusedParameterGradient, 0.5, 0.7));
    }

    [Fact]
    public void ConstantFunction()
    {
        Check.Scalar(Arithmetic.ConstantFunction, Arithmetic.ConstantFunctionGradient, Arithmetic.ConstantFunctionPullback, 0.5, -3);
        Assert.Equal(0.0, Check.Exact(Arithmetic.ConstantFunctionGradient, 0.5));
    }

    [Fact]
    public void BoolPassThrough()
    {
        foreach (bool sq in new[] { true, false })
            Check.Scalar(x => Arithmetic.BoolPassThrough(x, sq, 3), (double x, ref double dx) => Arithmetic.BoolPassThroughGradient(x, sq, 3, ref dx),
                (double x, double dr, ref double dx) => Arithmetic.BoolPassThroughPullback(x, sq, 3, dr, ref dx), 0.37, -2.5);
    }
}
