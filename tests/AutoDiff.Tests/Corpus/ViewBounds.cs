using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// A span view's start and length that nothing reads are dropped from the generated code, unless computing
/// them can throw: the gradient must fail where the method fails.
/// </summary>
public static partial class ViewBounds
{
    [Differentiable(nameof(p))]
    public static double FirstPart(double[] p, int parts)
    {
        ReadOnlySpan<double> v = p.AsSpan(0, p.Length / parts);
        return v[0] * v[0] + Math.Sin(v[1]);
    }
}

public class ViewBoundTests
{
    [Fact]
    public void AnUnreadLengthIsDropped() => Check.At(
        p => ViewBounds.FirstPart(p, 2),
        (p, g) => ViewBounds.FirstPartGradient(p, 2, g),
        (p, dr, g) => ViewBounds.FirstPartPullback(p, 2, dr, g),
        [0.3, -0.9, 0.4, 1.5], [-1.2, 0.5, 0.8, -0.1]);

    [Fact]
    public void AnUnreadLengthThatThrowsStillThrows()
    {
        double[] p = [0.3, -0.9, 0.4, 1.5];
        Assert.Throws<DivideByZeroException>(() => ViewBounds.FirstPart(p, 0));
        Assert.Throws<DivideByZeroException>(() => ViewBounds.FirstPartGradient(p, 0, new double[4]));
    }
}
