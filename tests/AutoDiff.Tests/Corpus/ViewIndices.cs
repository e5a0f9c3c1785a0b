using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Int locals that walk an array from a base, <c>a[b + l]</c>, in the differentiated method itself: a span
/// view walked by an index of its own (gmm.h's Ltri[Lparamsidx++] written without the helper), a base that
/// is a parameter. Such an index counts in the array, the base added where it is set, when the base cannot
/// change between a set and a read; the others keep the base at every read.
/// </summary>
public static partial class ViewIndices
{
    /// <summary>p has 2 · 6 entries: per component, the diagonal's logs and the packed lower triangle (d = 3).</summary>
    [Differentiable(nameof(p))]
    public static double Triangles(double[] p, int d)
    {
        int t = d * (d + 1) / 2;
        Span<double> y = stackalloc double[d];
        double total = 0;
        for (int k = 0; k < 2; k++)
        {
            ReadOnlySpan<double> q = p.AsSpan(k * t, d);
            ReadOnlySpan<double> ltri = p.AsSpan(k * t + d, t - d);
            for (int i = 0; i < d; i++) y[i] = Math.Exp(q[i]) * (i + 1);
            // Rebased: set at the top of the block that makes the view.
            int l = 0;
            for (int c = 0; c < d; c++)
                for (int r = c + 1; r < d; r++)
                {
                    y[r] += ltri[l] * y[c];
                    l++;
                }
            for (int i = 0; i < d; i++) total += y[i] * y[i];
        }
        return total;
    }

    /// <summary>The same triangles indexed as adbench.md words it, <c>p[k * t + d + l]</c>: a base of a counter, a local and a parameter.</summary>
    [Differentiable(nameof(p))]
    public static double TrianglesByExpression(double[] p, int d)
    {
        int t = d * (d + 1) / 2;
        Span<double> y = stackalloc double[d];
        double total = 0;
        for (int k = 0; k < 2; k++)
        {
            for (int i = 0; i < d; i++) y[i] = Math.Exp(p[k * t + i]) * (i + 1);
            int l = 0;
            for (int c = 0; c < d; c++)
                for (int r = c + 1; r < d; r++)
                {
                    y[r] += p[k * t + d + l] * y[c];
                    l++;
                }
            for (int i = 0; i < d; i++) total += y[i] * y[i];
        }
        return total;
    }

    /// <summary>p has 10 entries; off + 7 ≤ 10.</summary>
    [Differentiable(nameof(p))]
    public static double FromAParameter(double[] p, int off)
    {
        // Rebased: the base is never assigned; the index steps by two and is set afresh.
        double s = 0;
        int l = 1;
        for (int i = 0; i < 3; i++)
        {
            s += Math.Sin(p[off + l]) * (i + 1);
            l += 2;
        }
        l = 0;
        s += p[l + off] * p[l + off];
        return s;
    }

    /// <summary>p has 8 entries.</summary>
    [Differentiable]
    public static double BaseOfAVariableWrittenLater(double[] p)
    {
        double s = 0;
        int j = 0;
        for (int k = 0; k < 2; k++)
        {
            // Rebased, but the sets add b: b's value j * 3 no longer holds once j has stepped.
            int b = j * 3;
            j++;
            int l = 0;
            for (int i = 0; i < 3; i++)
            {
                s += p[b + l] * p[b + l] * (i + 1);
                l++;
            }
        }
        return s;
    }

    /// <summary>p has 8 entries.</summary>
    [Differentiable]
    public static double Kept(double[] p)
    {
        double s = 0;
        // Set before the block that makes the view: in the second iteration l still counts from the first
        // view's start, so it keeps the base at every read.
        int l = 0;
        for (int k = 0; k < 2; k++)
        {
            ReadOnlySpan<double> v = p.AsSpan(k * 3, 3);
            s += v[l] * v[l] * (k + 1);
            l++;
        }
        // A base assigned again between the reads.
        int b = 1;
        int m = 0;
        for (int i = 0; i < 3; i++)
        {
            s += p[b + m] * (i + 1);
            m++;
            b = b + 2;
        }
        // The base reads a counter, but l is set before its loop: it keeps the base.
        int e = 0;
        for (int k = 0; k < 2; k++)
        {
            s += p[3 * k + e] * (k + 2);
            e++;
        }
        // Set before its base is assigned: it keeps the base.
        int f = 0;
        int g = 5;
        s += p[g + f] * p[g + f];
        f++;
        s += p[g + f];
        // Also compared.
        int c = 2;
        int n = 0;
        for (int i = 0; i < 4; i++)
        {
            if (n < 3) s += p[c + n] * (i + 0.5);
            n++;
        }
        return s;
    }
}

public class ViewIndexTests
{
    [Fact]
    public void AViewWalkedByItsOwnIndex() => Check.At(
        p => ViewIndices.Triangles(p, 3),
        (p, g) => ViewIndices.TrianglesGradient(p, 3, g),
        (p, dr, g) => ViewIndices.TrianglesPullback(p, 3, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7, 0.9, -0.3, 0.6, 1.1, -0.5, 0.25],
        [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3, -0.6, 0.2, -0.45, 0.7, 0.15, -0.8]);

    [Fact]
    public void ABaseThatIsAnExpression() => Check.At(
        p => ViewIndices.TrianglesByExpression(p, 3),
        (p, g) => ViewIndices.TrianglesByExpressionGradient(p, 3, g),
        (p, dr, g) => ViewIndices.TrianglesByExpressionPullback(p, 3, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7, 0.9, -0.3, 0.6, 1.1, -0.5, 0.25],
        [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3, -0.6, 0.2, -0.45, 0.7, 0.15, -0.8]);

    [Fact]
    public void ABaseThatIsAParameter() => Check.At(
        p => ViewIndices.FromAParameter(p, 3),
        (p, g) => ViewIndices.FromAParameterGradient(p, 3, g),
        (p, dr, g) => ViewIndices.FromAParameterPullback(p, 3, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7, 0.9, -0.3, 0.6, 1.1],
        [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3, -0.6, 0.2, -0.45, 0.7]);

    [Fact]
    public void ABaseWhoseValueNoLongerHolds() => Check.At(ViewIndices.BaseOfAVariableWrittenLater,
        (p, g) => ViewIndices.BaseOfAVariableWrittenLaterGradient(p, g), (p, dr, g) => ViewIndices.BaseOfAVariableWrittenLaterPullback(p, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7, 0.9, -0.3], [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3, -0.6, 0.2]);

    [Fact]
    public void IndicesWhoseBaseMayChangeKeepIt() => Check.At(ViewIndices.Kept,
        (p, g) => ViewIndices.KeptGradient(p, g), (p, dr, g) => ViewIndices.KeptPullback(p, dr, g),
        [0.3, -0.9, 0.4, 1.5, 0.2, -0.7, 0.9, -0.3], [-1.2, 0.5, 0.8, -0.1, 0.35, 1.3, -0.6, 0.2]);
}
