using Xunit;

namespace AutoDiff.Tests.Runtime;

public class ChunkPlanTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(7, 32)]
    [InlineData(5_000, 5)]
    [InlineData(100_000, 32)]
    [InlineData(100_003, 3)]
    [InlineData(1_000_000, 0)]
    public void ChunksTileTheBatchInOrder(int rows, int columns)
    {
        ChunkPlan plan = ChunkPlan.ForRows(rows, columns);

        Assert.InRange(plan.ChunkCount, 1, ChunkPlan.MaxChunks);
        int next = 0;
        for (int chunk = 0; chunk < plan.ChunkCount; chunk++)
        {
            Assert.Equal(next, plan.Start(chunk));
            Assert.InRange(plan.Length(chunk), 1, plan.Size);
            if (chunk < plan.ChunkCount - 1) Assert.Equal(plan.Size, plan.Length(chunk));
            next += plan.Length(chunk);
        }
        Assert.Equal(rows, next);
    }

    [Fact]
    public void SmallBatchesAreOneChunk()
    {
        Assert.Equal(1, ChunkPlan.ForRows(100, 32).ChunkCount);  // 100 * 32 values < MinValuesPerChunk
        Assert.Equal(1, ChunkPlan.ForSamples(ChunkPlan.MinSamplesPerChunk).ChunkCount);
    }

    [Fact]
    public void LargeBatchesUseAllChunks()
    {
        ChunkPlan plan = ChunkPlan.ForRows(100_000, 32);

        Assert.Equal(ChunkPlan.MaxChunks, plan.ChunkCount);
        Assert.Equal(1563, plan.Size);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(33)]
    [InlineData(1_000)]
    public void ChunkGradientsAreAtLeastACacheLineApart(int parameterCount)
    {
        int stride = ChunkedGradient.ChunkStride(parameterCount);

        Assert.Equal(0, stride % 8);
        Assert.InRange(stride - parameterCount, 8, 15);
    }
}
