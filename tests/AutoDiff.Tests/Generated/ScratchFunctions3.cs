using System;
using AutoDiff;

namespace AutoDiff.Tests.Generated;

public static partial class Scratch3
{
    public static double Soft(double x) => Math.Log(1 + Math.Exp(x));

    // Deliberately scaled by 10 so a test can see that the rule replaces body differentiation.
    [DerivativeOf(nameof(Soft))]
    public static void SoftRule(double x, double dResult, ref double dx) => dx += 10 * dResult / (1 + Math.Exp(-x));

    [Differentiable]
    public static double UsesRule(double x) => Soft(2 * x);

    [Differentiable]
    public static double Over(double x) => x * x;
    [Differentiable]
    public static float Over(float x) => x * x * x;

    public static partial class Inner
    {
        [Differentiable]
        public static double Nested(double x) => Other.Cube(x) + External.Square(x);
    }
}

public static class Other { public static double Cube(double x) => x * x * x; }

public static class External { public static double Square(double x) => x * x; }

public static class ExternalRules
{
    [DerivativeOf(typeof(External), nameof(External.Square))]
    public static void SquareRule(double x, double dResult, ref double dx) => dx += 100 * dResult * x;
}

public partial class Box<T>
{
    static double Twice(double x) => 2 * x;

    [Differentiable]
    public static double Generic(double x) => Twice(x) * x;
}
