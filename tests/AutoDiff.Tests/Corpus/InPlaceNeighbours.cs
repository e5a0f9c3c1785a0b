using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Loops that rewrite a local array in place, <c>a[i] = f(a[i], a[i ± 1])</c>: besides its own element, each
/// iteration reads a neighbour that an earlier iteration has already rewritten (<c>i - 1</c>) or that a later one
/// will (<c>i + 1</c>), or the first element, which the first iteration rewrote. The array is saved once before
/// the loop and each reversed iteration restores its own element before anything else, so it sees the array as
/// its forward iteration did. (Restoring the whole array before the reversed loop would not.)
/// </summary>
public static partial class InPlaceNeighbours
{
    [Differentiable]
    public static double NextNotYetWritten(double[] x)
    {
        int n = x.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = x[i];
        for (int i = 0; i < n - 1; i++) a[i] = a[i] * Math.Sin(a[i + 1]);
        for (int i = 0; i < n - 1; i++) a[i] = a[i] * Math.Sin(a[i + 1]);
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * a[i];
        return s;
    }

    [Differentiable]
    public static double PreviousAlreadyWritten(double[] x)
    {
        int n = x.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = x[i];
        for (int i = 1; i < n; i++) a[i] = a[i] * Math.Cos(a[i - 1]);
        for (int i = 1; i < n; i++) a[i] = a[i] * Math.Cos(a[i - 1]);
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * a[i];
        return s;
    }

    [Differentiable]
    public static double FirstElementEveryIteration(double[] x)
    {
        int n = x.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = x[i];
        for (int i = 0; i < n; i++) a[i] = a[i] * Math.Sin(a[0]) + a.Length;
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * a[i];
        return s;
    }

    [Differentiable]
    public static double NeighbourReadAfterwards(double[] x)
    {
        int n = x.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = x[i];
        for (int i = 0; i < n - 1; i++) a[i] = Math.Tanh(a[i] + a[i + 1]);
        double s = 0;
        for (int i = 0; i < n; i++) s += Math.Exp(a[i]) * x[i];
        return s;
    }
}

public class InPlaceNeighboursTests
{
    private static readonly double[][] Points = [[0.3, -0.9, 0.4, 1.2, -0.6], [-1.2, 0.5, 0.8, 0.1, 0.7]];

    [Fact]
    public void ReadingTheNextElement() => Check.At(
        x => InPlaceNeighbours.NextNotYetWritten(x),
        (x, g) => InPlaceNeighbours.NextNotYetWrittenGradient(x, g),
        (x, dr, g) => InPlaceNeighbours.NextNotYetWrittenPullback(x, dr, g),
        Points);

    [Fact]
    public void ReadingThePreviousElement() => Check.At(
        x => InPlaceNeighbours.PreviousAlreadyWritten(x),
        (x, g) => InPlaceNeighbours.PreviousAlreadyWrittenGradient(x, g),
        (x, dr, g) => InPlaceNeighbours.PreviousAlreadyWrittenPullback(x, dr, g),
        Points);

    [Fact]
    public void ReadingTheFirstElementTheFirstIterationRewrites() => Check.At(
        x => InPlaceNeighbours.FirstElementEveryIteration(x),
        (x, g) => InPlaceNeighbours.FirstElementEveryIterationGradient(x, g),
        (x, dr, g) => InPlaceNeighbours.FirstElementEveryIterationPullback(x, dr, g),
        Points);

    [Fact]
    public void ReadingTheNextElementThenTheArray() => Check.At(
        x => InPlaceNeighbours.NeighbourReadAfterwards(x),
        (x, g) => InPlaceNeighbours.NeighbourReadAfterwardsGradient(x, g),
        (x, dr, g) => InPlaceNeighbours.NeighbourReadAfterwardsPullback(x, dr, g),
        Points);
}
