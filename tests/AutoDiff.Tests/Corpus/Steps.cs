using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// <c>++</c> and <c>--</c> inside an expression (<c>Ltri[idx++]</c>): the step runs before the statement
/// (prefix) or after it (postfix), as C# runs it, in every kind of statement that may hold one.
/// </summary>
public static partial class Steps
{
    /// <summary>gmm.h's Qtimesx with the index stepped where it is read: q holds Q's log-diagonal, then its strictly lower triangle packed column by column.</summary>
    [Differentiable(nameof(q))]
    public static double PackedTriangle(double[] q, double[] x)
    {
        int d = x.Length;
        Span<double> y = stackalloc double[d];
        for (int j = 0; j < d; j++) y[j] = Math.Exp(q[j]) * x[j];
        int idx = d;
        for (int c = 0; c < d; c++)
            for (int r = c + 1; r < d; r++)
                y[r] += q[idx++] * x[c];
        double sum = 0;
        for (int j = 0; j < d; j++) sum += y[j] * y[j];
        return sum;
    }

    /// <summary>Prefix and postfix steps in reads, in an assigned element's index, in a compound target and in a declaration.</summary>
    [Differentiable(nameof(p))]
    public static double Packing(double[] p)
    {
        double[] packed = new double[p.Length];
        int n = 0;
        int i = -1;
        while (n < p.Length)
        {
            packed[n++] = p[++i] * p[0];
        }
        int k = 0;
        double first = packed[k++];
        packed[k++] += Math.Sin(first);
        int j = p.Length;
        double last = packed[--j];
        return first * last + packed[1] * packed[k];
    }

    /// <summary>A postfix step in an if's condition runs before either branch, which read the stepped value.</summary>
    [Differentiable(nameof(p))]
    public static double StepInCondition(double[] p)
    {
        double sum = 0;
        int i = 0;
        while (i < p.Length - 1)
        {
            if (p[i++] > 0) sum += p[i] * p[i - 1];
            else if (p[i--] < -1) { sum -= p[i]; i += 2; }
            else { sum += Math.Cos(p[i]); i++; }
        }
        return sum;
    }

    /// <summary>Steps in a return value and in a value helper's return: prefix counts, postfix is dropped with the local.</summary>
    [Differentiable(nameof(p))]
    public static double StepInReturn(double[] p)
    {
        int i = 0;
        double s = p[i] * Next(p, i);
        return s + p[++i];
    }

    private static double Next(double[] p, int at)
    {
        double first = p[at++];
        return first * p[at++];
    }
}

public class StepTests
{
    [Fact]
    public void PostfixIndexInATriangle() => Check.At(
        q => Steps.PackedTriangle(q, [0.7, -1.1, 0.4]),
        (q, g) => Steps.PackedTriangleGradient(q, [0.7, -1.1, 0.4], g),
        (q, dr, g) => Steps.PackedTrianglePullback(q, [0.7, -1.1, 0.4], dr, g),
        [0.1, -0.3, 0.2, 0.5, -0.8, 1.2], [-0.4, 0.6, 0.0, -1.5, 0.3, 0.9]);

    [Fact]
    public void PrefixAndPostfixInEveryPosition() => Check.At(
        Steps.Packing, (p, g) => Steps.PackingGradient(p, g), (p, dr, g) => Steps.PackingPullback(p, dr, g),
        [0.3, -0.9, 0.4, 1.5], [-1.2, 0.5, 0.8, -0.1, 2.0]);

    [Fact]
    public void PostfixInAConditionRunsBeforeTheBranches() => Check.At(
        Steps.StepInCondition, (p, g) => Steps.StepInConditionGradient(p, g), (p, dr, g) => Steps.StepInConditionPullback(p, dr, g),
        [0.3, -0.9, 0.4, -1.5, 0.7, -2.0], [-1.2, 0.5, -0.8, -0.1, 2.0]);

    [Fact]
    public void StepsInReturns() => Check.At(
        Steps.StepInReturn, (p, g) => Steps.StepInReturnGradient(p, g), (p, dr, g) => Steps.StepInReturnPullback(p, dr, g),
        [0.3, -0.9, 0.4], [-1.2, 0.5, 0.8]);

    [Fact]
    public void ValuesAreCSharps()
    {
        // The generated value is the method's own: the steps ran where C# runs them.
        double[] p = [0.3, -0.9, 0.4, -1.5, 0.7, -2.0];
        Assert.Equal(Steps.StepInCondition(p), Steps.StepInConditionGradient(p, new double[p.Length]), 12);
        Assert.Equal(Steps.Packing(p), Steps.PackingGradient(p, new double[p.Length]), 12);
        Assert.Equal(Steps.StepInReturn(p), Steps.StepInReturnGradient(p, new double[p.Length]), 12);
    }
}
