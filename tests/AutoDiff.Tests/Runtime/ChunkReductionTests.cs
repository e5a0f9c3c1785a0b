using System;
using Xunit;

namespace AutoDiff.Tests.Runtime;

public class ChunkReductionTests
{
    [Theory]
    [InlineData(0, 3)]
    [InlineData(1, 5)]
    [InlineData(3, 64)]
    [InlineData(4, 2)]
    [InlineData(33, 64)]
    [InlineData(1_024, 7)]
    [InlineData(1_025, 7)]   // a scalar tail after many vector groups
    [InlineData(2_100, 3)]
    public void AddsEveryChunkInOrderLikeAScalarLoop(int parameterCount, int chunkCount)
    {
        var random = new Random(parameterCount + chunkCount);
        int stride = ChunkedGradient.ChunkStride(parameterCount);
        var chunkGradients = new double[chunkCount * stride];
        for (int i = 0; i < chunkGradients.Length; i++) chunkGradients[i] = (random.NextDouble() - 0.5) * Math.Exp(20 * random.NextDouble() - 10);
        var expected = new double[parameterCount];
        for (int i = 0; i < parameterCount; i++) expected[i] = random.NextDouble();
        double[] actual = (double[])expected.Clone();

        for (int chunk = 0; chunk < chunkCount; chunk++)
        {
            for (int i = 0; i < parameterCount; i++) expected[i] += chunkGradients[chunk * stride + i];
        }
        ChunkedGradient.AddChunkGradients(actual, chunkGradients, stride);

        Bits.Equal(expected, actual);
    }

    [Theory]
    [InlineData(10, 8, 16)]   // stride shorter than the gradient
    [InlineData(4, 8, 20)]    // not whole slots
    public void MalformedSlotsAreRejected(int parameterCount, int stride, int chunkLength)
    {
        var error = Assert.Throws<ArgumentException>(() =>
            ChunkedGradient.AddChunkGradients(new double[parameterCount], new double[chunkLength], stride));
        Assert.Equal("stride", error.ParamName);
    }
}
