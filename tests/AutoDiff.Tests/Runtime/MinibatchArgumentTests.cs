using System;
using Xunit;

namespace AutoDiff.Tests.Runtime;

public class MinibatchArgumentTests
{
    private static readonly double[] Parameters = [0.1, 0.2, 0.3];
    private static readonly double[] Features = [1, 2, 3, 4];
    private static readonly double[] Targets = [0, 1];

    [Fact]
    public void NullSampleGradient()
    {
        var error = Assert.Throws<ArgumentNullException>(() =>
            Minibatch.Gradient(null!, Parameters, Features, Targets, new double[3]));
        Assert.Equal("sampleGradient", error.ParamName);
    }

    [Fact]
    public void EmptyBatch()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Minibatch.Gradient(HandWrittenLosses.LogisticGradient, Parameters, ReadOnlySpan<double>.Empty, ReadOnlySpan<double>.Empty, new double[3]));
        Assert.Equal("targets", error.ParamName);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void FeaturesNotAMultipleOfTargets()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Minibatch.Gradient(HandWrittenLosses.LogisticGradient, Parameters, [1, 2, 3, 4, 5], Targets, new double[3]));
        Assert.Equal("features", error.ParamName);
        Assert.Contains("5 values", error.Message);
        Assert.Contains("not a multiple of the 2 targets", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void GradientLengthDiffersFromParameters(int length)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Minibatch.Gradient(HandWrittenLosses.LogisticGradient, Parameters, Features, Targets, new double[length]));
        Assert.Equal("gradient", error.ParamName);
        Assert.Contains($"gradient has length {length} but parameters has length 3", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(int.MinValue)]
    public void InvalidDegreeOfParallelism(int maxDegreeOfParallelism)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Minibatch.Gradient(HandWrittenLosses.LogisticGradient, Parameters, Features, Targets, new double[3], Reduction.Mean, maxDegreeOfParallelism));
        Assert.Equal("maxDegreeOfParallelism", error.ParamName);
        Assert.Contains("-1 for all cores", error.Message);
    }

    [Fact]
    public void UndefinedReduction()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Minibatch.Gradient(HandWrittenLosses.LogisticGradient, Parameters, Features, Targets, new double[3], (Reduction)7));
        Assert.Equal("reduction", error.ParamName);
    }

    [Fact]
    public void GenericNullSampleGradient()
    {
        var error = Assert.Throws<ArgumentNullException>(() =>
            Minibatch.Gradient<double>(null!, Parameters, Targets, new double[3]));
        Assert.Equal("sampleGradient", error.ParamName);
    }

    [Fact]
    public void GenericEmptyBatch()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Minibatch.Gradient(ScalarSample, Parameters, ReadOnlySpan<double>.Empty, new double[3]));
        Assert.Equal("samples", error.ParamName);
    }

    [Fact]
    public void GenericGradientLength()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            Minibatch.Gradient(ScalarSample, Parameters, Targets, new double[1]));
        Assert.Equal("gradient", error.ParamName);
    }

    [Fact]
    public void GenericInvalidDegreeOfParallelism()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            Minibatch.Gradient(ScalarSample, Parameters, Targets, new double[3], Reduction.Sum, 0));
        Assert.Equal("maxDegreeOfParallelism", error.ParamName);
    }

    private static double ScalarSample(ReadOnlySpan<double> parameters, in double sample, Span<double> gradient) => sample;
}
