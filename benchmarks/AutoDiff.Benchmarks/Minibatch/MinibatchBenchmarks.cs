using System;
using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace AutoDiff.Benchmarks.Minibatch;

/// <summary>
/// Logistic regression, n = 100 000 samples of d = 32 features, with a hand-written per-sample gradient:
/// all cores against one thread, and the driver's vectorized chunk reduction against a scalar loop.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class MinibatchBenchmarks
{
    private const int Rows = 100_000;
    private const int Columns = 32;

    private readonly SampleGradient _sampleGradient = HandWrittenLogisticRegression.LossGradient;
    private double[] _parameters = [];
    private double[] _features = [];
    private double[] _targets = [];
    private double[] _gradient = [];
    private double[] _chunkGradients = [];
    private int _stride;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(42);
        _parameters = new double[Columns + 1];
        for (int i = 0; i < _parameters.Length; i++) _parameters[i] = 0.1 * (random.NextDouble() - 0.5);
        _features = new double[Rows * Columns];
        for (int i = 0; i < _features.Length; i++) _features[i] = random.NextDouble() - 0.5;
        _targets = new double[Rows];
        for (int i = 0; i < Rows; i++) _targets[i] = random.Next(2);
        _gradient = new double[_parameters.Length];

        // What the driver reduces for this batch: one padded gradient per chunk after the first.
        ChunkPlan plan = ChunkPlan.ForRows(Rows, Columns);
        _stride = ChunkedGradient.ChunkStride(_parameters.Length);
        _chunkGradients = new double[(plan.ChunkCount - 1) * _stride];
        for (int i = 0; i < _chunkGradients.Length; i++) _chunkGradients[i] = random.NextDouble();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Threads")]
    public double OneThread() =>
        AutoDiff.Minibatch.Gradient(_sampleGradient, _parameters, _features, _targets, _gradient, Reduction.Mean, 1);

    [Benchmark, BenchmarkCategory("Threads")]
    public double AllCores() =>
        AutoDiff.Minibatch.Gradient(_sampleGradient, _parameters, _features, _targets, _gradient, Reduction.Mean, -1);

    /// <summary>The reduction as a plain loop, chunk after chunk, element after element.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("ChunkReduction")]
    public void ScalarReduction()
    {
        double[] gradient = _gradient, chunkGradients = _chunkGradients;
        for (int offset = 0; offset < chunkGradients.Length; offset += _stride)
        {
            for (int i = 0; i < gradient.Length; i++) gradient[i] += chunkGradients[offset + i];
        }
    }

    /// <summary>The driver's own reduction: Vector&lt;T&gt; accumulators summed over every chunk, stored once.</summary>
    [Benchmark, BenchmarkCategory("ChunkReduction")]
    public void VectorizedReduction() => ChunkedGradient.AddChunkGradients(_gradient, _chunkGradients, _stride);

    /// <summary>One TensorPrimitives.Add call per chunk: its per-call cost dominates for 33 parameters.</summary>
    [Benchmark, BenchmarkCategory("ChunkReduction")]
    public void TensorPrimitivesReduction()
    {
        for (int offset = 0; offset < _chunkGradients.Length; offset += _stride)
        {
            TensorPrimitives.Add(_gradient, _chunkGradients.AsSpan(offset, _gradient.Length), _gradient);
        }
    }
}
