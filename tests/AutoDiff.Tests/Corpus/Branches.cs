using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class Branches
{
    [Differentiable]
    public static double IfElse(double x, double y)
    {
        double r;
        if (x > y) r = x * x * y;
        else r = Math.Exp(x - y);
        return r + x;
    }

    [Differentiable]
    public static double IfWithoutElse(double x, double y)
    {
        double r = x * y;
        if (r > 0.5) r = Math.Sqrt(r);
        if (x < 0) { r *= -x; r += y; }
        return r;
    }

    [Differentiable]
    public static double NestedIfs(double x, double y, double z)
    {
        double r = 0;
        if (x > 0)
        {
            if (y > 0) r = x * y;
            else if (z > 0) r = x * z * z;
            else r = x - y - z;
            r *= 2;
        }
        else
        {
            if (y * z > 0.1) { r = Math.Sin(x * y * z); }
            else { r = Math.Cos(x + y) * z; if (r > 0) r = r * r; }
        }
        return r + z;
    }

    [Differentiable]
    public static double BranchOverwritesTwice(double x)
    {
        double a = x * x;
        if (a > 1) a = a * x;   // a overwritten in a branch; old a needed for adjoint
        if (a > 2) a = Math.Log(a);
        else a = a * a;
        return a;
    }

    [Differentiable]
    public static double BranchInsideLoop(double[] w, double x)
    {
        double s = x;
        for (int i = 0; i < w.Length; i++)
        {
            if (w[i] * s > 0) s = s + w[i] * w[i];
            else if (i % 2 == 0) s = s * w[i];
            else s = Math.Tanh(s - w[i]);
        }
        return s;
    }

    [Differentiable]
    public static double DataDependentBranch(double x, double y)
    {
        double t = Math.Sin(x * 3) + y;
        bool big = t > 0.3;
        double r = big ? t * t : -t;
        if (!big && x < 0) r += x;
        return r;
    }

    [Differentiable]
    public static double LogicalOperators(double x, double y, int n)
    {
        double r = x;
        if (x > 0 && y > 0) r *= y;
        if (x < -0.5 || n == 3) r += y * y;
        if (!(y > 1)) r = r * x;
        return r;
    }

    [Differentiable]
    public static double ReturnInBranches(double x)
    {
        if (x > 1) return x * x;
        if (x < -1) return -x;
        double y = Math.Sin(x);
        if (y > 0.5) return y * 3;
        return y;
    }

    [Differentiable]
    public static double ReluChain(double x, double w1, double w2)
    {
        double h = w1 * x;
        h = h > 0 ? h : 0.1 * h;     // leaky relu
        double o = w2 * h;
        return o > 0 ? o : 0;
    }

    [Differentiable]
    public static double SwitchOnInt(double x, int mode)
    {
        double r = x;
        switch (mode)
        {
            case 0:
                r = x * x;
                break;
            case 1:
                r = Math.Exp(x);
                break;
            case 2:
            case 3:
                r = Math.Sin(x) * mode;
                break;
            default:
                r = -x * mode;
                break;
        }
        return r * x;
    }

    [Differentiable]
    public static double SwitchWithReturns(double x, int mode)
    {
        switch (mode % 3)
        {
            case 0: return x * x;
            case 1: x = Math.Exp(x); break;
            default: x = -x; break;
        }
        return x * 3;
    }

    // A switch expression: constant, relational, or/not patterns, a guard, and the discard last;
    // on an int selecting an output (as a BA residual picks its row) and on the differentiated value.
    [Differentiable]
    public static double SwitchExpressions(double x, int row)
    {
        double px = Math.Sin(x), py = x * x;
        double picked = row switch { 0 => px, 1 or 2 => py, _ => px * py };
        double shaped = x switch
        {
            < -1.0 => -x,
            >= 2.0 and not 3.0 => Math.Log(x),
            > 0.5 when row > 0 => x * x * x,
            _ => Math.Exp(x),
        };
        return picked + shaped;
    }
}

public static partial class Branches
{
    // is-patterns: relational, and/or/not, constants, on a parameter and a local.
    [Differentiable]
    public static double IsPatterns(double x, int n)
    {
        double y = x * x - 1;
        double r = x is > 0 and < 1 ? Math.Sin(x) : x * 0.5;
        if (y is not (< -0.5 or > 2)) r += y * x;
        if (n is 0 or 2) r *= x;
        return r;
    }
}

public class BranchesTests
{
    [Fact]
    public void IsPatterns()
    {
        foreach (int n in new[] { 0, 1, 2 })
            Check.Scalar(x => Branches.IsPatterns(x, n), (double x, ref double dx) => Branches.IsPatternsGradient(x, n, ref dx),
                (double x, double dr, ref double dx) => Branches.IsPatternsPullback(x, n, dr, ref dx), -1.7, 0.3, 0.8, 1.5, 2.5);
    }

    [Fact]
    public void SwitchExpressions()
    {
        foreach (int row in new[] { 0, 1, 2, 3 })
            Check.Scalar(x => Branches.SwitchExpressions(x, row), (double x, ref double dx) => Branches.SwitchExpressionsGradient(x, row, ref dx),
                (double x, double dr, ref double dx) => Branches.SwitchExpressionsPullback(x, row, dr, ref dx), -1.7, 0.3, 0.8, 2.5);
    }

    [Fact]
    public void IfElse() => Check.Scalar(Branches.IfElse, Branches.IfElseGradient, Branches.IfElsePullback,
        new[] { 1.0, 0.3 }, new[] { 0.2, 0.9 }, new[] { -0.5, -1.5 });

    [Fact]
    public void IfWithoutElse() => Check.Scalar(Branches.IfWithoutElse, Branches.IfWithoutElseGradient, Branches.IfWithoutElsePullback,
        new[] { 1.0, 0.8 }, new[] { 0.2, 0.9 }, new[] { -0.5, -1.5 }, new[] { -0.5, 1.5 });

    [Fact]
    public void NestedIfs() => Check.Scalar(Branches.NestedIfs, Branches.NestedIfsGradient, Branches.NestedIfsPullback,
        new[] { 1.0, 0.8, 0.3 }, new[] { 0.7, -0.9, 0.4 }, new[] { 0.7, -0.9, -0.4 },
        new[] { -0.5, 1.5, 0.6 }, new[] { -0.5, 1.5, -0.6 }, new[] { -0.5, 0.1, 0.2 }, new[] { -2.5, 0.1, 0.2 });

    [Fact]
    public void BranchOverwritesTwice() => Check.Scalar(Branches.BranchOverwritesTwice, Branches.BranchOverwritesTwiceGradient, Branches.BranchOverwritesTwicePullback,
        0.5, 1.2, 1.5, -1.2, -1.5);

    [Fact]
    public void BranchInsideLoop()
    {
        foreach (var p in Check.Points(31, 4, 6, -1.5, 1.5))
            Check.Gradient(x => Branches.BranchInsideLoop(x[..5], x[5]),
                (x, g) => Branches.BranchInsideLoopGradient(x[..5], x[5], g.AsSpan(0, 5), ref g[5]),
                (x, dr, g) => Branches.BranchInsideLoopPullback(x[..5], x[5], dr, g.AsSpan(0, 5), ref g[5]), p);
    }

    [Fact]
    public void DataDependentBranch() => Check.Scalar(Branches.DataDependentBranch, Branches.DataDependentBranchGradient, Branches.DataDependentBranchPullback,
        new[] { 0.4, 0.3 }, new[] { -0.4, -0.3 }, new[] { 0.4, -1.5 }, new[] { -0.8, 0.1 });

    [Fact]
    public void LogicalOperators()
    {
        foreach (int n in new[] { 0, 3 })
            Check.Scalar((x, y) => Branches.LogicalOperators(x, y, n),
                (double x, double y, ref double dx, ref double dy) => Branches.LogicalOperatorsGradient(x, y, n, ref dx, ref dy),
                (double x, double y, double dr, ref double dx, ref double dy) => Branches.LogicalOperatorsPullback(x, y, n, dr, ref dx, ref dy),
                new[] { 0.4, 0.3 }, new[] { -0.7, 1.3 }, new[] { 0.4, -1.5 }, new[] { -0.2, 2.1 });
    }

    [Fact]
    public void ReturnInBranches() => Check.Scalar(Branches.ReturnInBranches, Branches.ReturnInBranchesGradient, Branches.ReturnInBranchesPullback,
        1.5, -1.5, 0.3, 0.9, -0.8);

    [Fact]
    public void ReluChain() => Check.Scalar(Branches.ReluChain, Branches.ReluChainGradient, Branches.ReluChainPullback,
        new[] { 0.5, 0.7, 1.2 }, new[] { 0.5, -0.7, 1.2 }, new[] { 0.5, -0.7, -1.2 }, new[] { 0.5, 0.7, -1.2 });

    [Fact]
    public void SwitchOnInt()
    {
        foreach (int m in new[] { 0, 1, 2, 3, 4, -1 })
            Check.Scalar(x => Branches.SwitchOnInt(x, m), (double x, ref double dx) => Branches.SwitchOnIntGradient(x, m, ref dx),
                (double x, double dr, ref double dx) => Branches.SwitchOnIntPullback(x, m, dr, ref dx), 0.3, -1.2);
    }

    [Fact]
    public void SwitchWithReturns()
    {
        foreach (int m in new[] { 0, 1, 2, 3, 4, 5 })
            Check.Scalar(x => Branches.SwitchWithReturns(x, m), (double x, ref double dx) => Branches.SwitchWithReturnsGradient(x, m, ref dx),
                (double x, double dr, ref double dx) => Branches.SwitchWithReturnsPullback(x, m, dr, ref dx), 0.3, -1.2);
    }
}
