using System;
using AutoDiff.GradientBenchmarks.Data;
using AutoDiff.GradientBenchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.GradientBenchmarks.Benchmarks;

// Each class: the objective is the baseline, so Ratio = t(method) / t(objective) in the same run.
// Gradients accumulate into a buffer that is never cleared (both generated and hand-written add).
// FiniteDifferences = forward differences, (n + 1) objective evaluations: what a user without AD writes.

[MemoryDiagnoser]
public class LogisticRegressionBenchmarks
{
    private double[] _w = [], _x = [], _dw = [], _probe = [];
    private double _y;

    [ParamsSource(nameof(Dimensions))]
    public int D { get; set; }

    public static int[] Dimensions => Sizes.Pick(100);

    [GlobalSetup]
    public void Setup()
    {
        var random = Rng.Create(1);
        _w = Rng.Normal(random, D + 1, 0.1);
        _x = Rng.Normal(random, D);
        _y = 1;
        _dw = new double[D + 1];
        _probe = new double[D + 1];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => LogisticRegression.Loss(_w, _x, _y);

    [Benchmark]
    public double Generated() => LogisticRegression.LossGradient(_w, _x, _y, _dw);

    [Benchmark]
    public double HandWritten() => LogisticRegression.LossHandWritten(_w, _x, _y, _dw);

    [Benchmark]
    public double FiniteDifferences()
    {
        _w.CopyTo(_probe, 0);
        double f0 = LogisticRegression.Loss(_probe, _x, _y);
        for (int i = 0; i < _probe.Length; i++)
        {
            double saved = _probe[i];
            _probe[i] = saved + 1e-7;
            _dw[i] = (LogisticRegression.Loss(_probe, _x, _y) - f0) * 1e7;
            _probe[i] = saved;
        }
        return f0;
    }
}

[MemoryDiagnoser]
public class RosenbrockBenchmarks
{
    private double[] _x = [], _dx = [], _probe = [];

    [ParamsSource(nameof(Dimensions))]
    public int N { get; set; }

    public static int[] Dimensions => Sizes.Pick(100);

    [GlobalSetup]
    public void Setup()
    {
        _x = Rng.Uniform(Rng.Create(2), N, -1.5, 1.5);
        _dx = new double[N];
        _probe = new double[N];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Rosenbrock.Value(_x);

    [Benchmark]
    public double Generated() => Rosenbrock.ValueGradient(_x, _dx);

    [Benchmark]
    public double HandWritten() => Rosenbrock.ValueHandWritten(_x, _dx);

    [Benchmark]
    public double FiniteDifferences()
    {
        _x.CopyTo(_probe, 0);
        double f0 = Rosenbrock.Value(_probe);
        for (int i = 0; i < _probe.Length; i++)
        {
            double saved = _probe[i];
            _probe[i] = saved + 1e-7;
            _dx[i] = (Rosenbrock.Value(_probe) - f0) * 1e7;
            _probe[i] = saved;
        }
        return f0;
    }
}

[MemoryDiagnoser]
public class MlpBenchmarks
{
    private double[] _p = [], _x = [], _dp = [], _probe = [];
    private int _label;

    [Params(Mlp.ParameterCount)]
    public int Parameters { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = Rng.Create(3);
        _p = Rng.Normal(random, Mlp.ParameterCount, 0.1);
        _x = Rng.Uniform(random, Mlp.Inputs);
        _label = 3;
        _dp = new double[Mlp.ParameterCount];
        _probe = new double[Mlp.ParameterCount];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Mlp.Loss(_p, _x, _label);

    [Benchmark]
    public double Generated() => Mlp.LossGradient(_p, _x, _label, _dp);

    [Benchmark]
    public double HandWritten() => Mlp.LossHandWritten(_p, _x, _label, _dp);

    [Benchmark]
    public double FiniteDifferences()
    {
        _p.CopyTo(_probe, 0);
        double f0 = Mlp.Loss(_probe, _x, _label);
        for (int i = 0; i < _probe.Length; i++)
        {
            double saved = _probe[i];
            _probe[i] = saved + 1e-7;
            _dp[i] = (Mlp.Loss(_probe, _x, _label) - f0) * 1e7;
            _probe[i] = saved;
        }
        return f0;
    }
}

[MemoryDiagnoser]
public class RecurrenceBenchmarks
{
    private double[] _w = [], _dw = [], _probe = [];
    private const double A = 2.5;

    [Params(100)]
    public int N { get; set; }

    [ParamsSource(nameof(StepCounts))]
    public int Steps { get; set; }

    public static int[] StepCounts => Sizes.Pick(50);

    [GlobalSetup]
    public void Setup()
    {
        _w = Rng.Uniform(Rng.Create(4), N, 0, 0.1);
        _dw = new double[N];
        _probe = new double[N];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => Recurrence.Value(_w, A, Steps);

    [Benchmark]
    public double Generated() => Recurrence.ValueGradient(_w, A, Steps, _dw);

    [Benchmark]
    public double FiniteDifferences()
    {
        _w.CopyTo(_probe, 0);
        double f0 = Recurrence.Value(_probe, A, Steps);
        for (int i = 0; i < _probe.Length; i++)
        {
            double saved = _probe[i];
            _probe[i] = saved + 1e-7;
            _dw[i] = (Recurrence.Value(_probe, A, Steps) - f0) * 1e7;
            _probe[i] = saved;
        }
        return f0;
    }
}
