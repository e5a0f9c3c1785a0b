using System;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.Benchmarks.Minibatch;

/// <summary>
/// Minibatch.Gradient with the generated MLP gradient on a digits-shaped batch (n = 1438 training
/// rows of 64 features, the sample trainer's full batch): all cores against one thread.
/// </summary>
[MemoryDiagnoser]
public class DigitsMlpBenchmarks
{
    private const int Rows = 1438;
    private readonly SampleGradient _sampleGradient = DigitsMlp.LossGradient;
    private double[] _parameters = [], _features = [], _targets = [], _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(7);
        _parameters = new double[DigitsMlp.ParameterCount];
        for (int i = 0; i < _parameters.Length; i++) _parameters[i] = 0.2 * (random.NextDouble() - 0.5);
        _features = new double[Rows * DigitsMlp.Features];
        for (int i = 0; i < _features.Length; i++) _features[i] = random.NextDouble() * 2 - 1;
        _targets = new double[Rows];
        for (int i = 0; i < Rows; i++) _targets[i] = random.Next(DigitsMlp.Classes);
        _gradient = new double[_parameters.Length];
    }

    [Benchmark(Baseline = true)]
    public double OneThread() =>
        AutoDiff.Minibatch.Gradient(_sampleGradient, _parameters, _features, _targets, _gradient, Reduction.Mean, 1);

    [Benchmark]
    public double AllCores() =>
        AutoDiff.Minibatch.Gradient(_sampleGradient, _parameters, _features, _targets, _gradient, Reduction.Mean, -1);
}
