using System;
using AutoDiff.GradientBenchmarks.Data;
using AutoDiff.GradientBenchmarks.Objectives;
using BenchmarkDotNet.Attributes;

namespace AutoDiff.GradientBenchmarks.Benchmarks;

/// <summary>GMM, n = 1000, at ADBench/GradBench's (d, K). Gradient = all K(d+1)(d+2)/2 parameters.</summary>
[MemoryDiagnoser]
public class GmmBenchmarks
{
    private GmmData _data = null!;
    private double[] _dalphas = [], _dmeans = [], _dicf = [];

    /// <summary>"d/K".</summary>
    [ParamsSource(nameof(Instances))]
    public string DK { get; set; } = "2/5";

    public static string[] Instances => Sizes.Pick("2/5", "10/5", "10/25", "20/25", "32/25", "64/25");

    [GlobalSetup]
    public void Setup()
    {
        string[] parts = DK.Split('/');
        _data = new GmmData(int.Parse(parts[0]), int.Parse(parts[1]), 1000);
        _dalphas = new double[_data.Alphas.Length];
        _dmeans = new double[_data.Means.Length];
        _dicf = new double[_data.Icf.Length];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => _data.Objective();

    [Benchmark]
    public double Generated() => Gmm.ObjectiveGradient(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);

    [Benchmark]
    public double HandWritten() => Gmm.ObjectiveHandWritten(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);

    /// <summary>The objective written helper by helper as in ADBench's gmm.h (<see cref="GmmAdBenchStyle"/>).</summary>
    [Benchmark]
    public double AdBenchStyleObjective() => GmmAdBenchStyle.Objective(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC);

    [Benchmark]
    public double AdBenchStyleGenerated() => GmmAdBenchStyle.ObjectiveGradient(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);

    /// <summary>The objective in one method with span views, its triangle walked by an index of its own (<see cref="GmmSpanViews"/>).</summary>
    [Benchmark]
    public double SpanViewsObjective() => GmmSpanViews.Objective(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC);

    [Benchmark]
    public double SpanViewsGenerated() => GmmSpanViews.ObjectiveGradient(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);

    /// <summary>The objective with each Q_k unpacked into a full matrix, multiplied row by row (<see cref="GmmFullMatrices"/>).</summary>
    [Benchmark]
    public double FullMatricesObjective() => GmmFullMatrices.Objective(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC);

    [Benchmark]
    public double FullMatricesGenerated() => GmmFullMatrices.ObjectiveGradient(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);

    /// <summary>The objective as adbench.md's formulas read, row by row through the closed-form packed index (<see cref="GmmClosedForm"/>).</summary>
    [Benchmark]
    public double ClosedFormObjective() => GmmClosedForm.Objective(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC);

    [Benchmark]
    public double ClosedFormGenerated() => GmmClosedForm.ObjectiveGradient(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);

    /// <summary>The hand-written gradient of the full-matrix formulation, walking its rows as the objective does.</summary>
    [Benchmark]
    public double FullMatricesHandWritten() => GmmFullMatrices.ObjectiveHandWritten(
        _data.Alphas, _data.Means, _data.Icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC,
        _dalphas, _dmeans, _dicf);
}

/// <summary>GMM finite differences at the smallest instance only (d=2, K=5: 30 parameters, 31 evaluations).</summary>
[MemoryDiagnoser]
public class GmmFiniteDifferenceBenchmarks
{
    private GmmData _data = null!;
    private double[] _alphas = [], _means = [], _icf = [], _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = new GmmData(2, 5, 1000);
        _alphas = (double[])_data.Alphas.Clone();
        _means = (double[])_data.Means.Clone();
        _icf = (double[])_data.Icf.Clone();
        _gradient = new double[_data.ParameterCount];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => _data.Objective();

    [Benchmark]
    public double FiniteDifferences()
    {
        double Eval() => Gmm.Objective(_alphas, _means, _icf, _data.X, _data.D, _data.Gamma, _data.M, _data.WishartC);
        double f0 = Eval();
        int g = 0;
        foreach (double[] block in new[] { _alphas, _means, _icf })
        {
            for (int i = 0; i < block.Length; i++)
            {
                double saved = block[i];
                block[i] = saved + 1e-7;
                _gradient[g++] = (Eval() - f0) * 1e7;
                block[i] = saved;
            }
        }
        return f0;
    }
}

/// <summary>LSTM, b = 14, at ADBench's l ∈ {2, 4} × c ∈ {1024, 4096}.</summary>
[MemoryDiagnoser]
public class LstmBenchmarks
{
    private LstmData _data = null!;
    private double[] _dmain = [], _dextra = [];

    [ParamsSource(nameof(LayerCounts))]
    public int L { get; set; }

    [ParamsSource(nameof(Lengths))]
    public int C { get; set; }

    public static int[] LayerCounts => Sizes.Pick(2, 4);
    public static int[] Lengths => Sizes.Pick(1024, 4096);

    [GlobalSetup]
    public void Setup()
    {
        _data = new LstmData(L, C);
        _dmain = new double[_data.MainParams.Length];
        _dextra = new double[_data.ExtraParams.Length];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => _data.Objective();

    [Benchmark]
    public double Generated() => Lstm.ObjectiveGradient(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _dmain, _dextra);

    [Benchmark]
    public double HandWritten() => Lstm.ObjectiveHandWritten(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _dmain, _dextra);

    /// <summary>The objective written helper by helper as in ADBench's lstm.h (<see cref="LstmAdBenchStyle"/>).</summary>
    [Benchmark]
    public double AdBenchStyleObjective() => LstmAdBenchStyle.Objective(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence);

    [Benchmark]
    public double AdBenchStyleGenerated() => LstmAdBenchStyle.ObjectiveGradient(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _dmain, _dextra);

    /// <summary>The objective written in one method, input overwritten in place (<see cref="LstmOneMethod"/>).</summary>
    [Benchmark]
    public double OneMethodObjective() => LstmOneMethod.Objective(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _data.Layers, _data.B);

    [Benchmark]
    public double OneMethodGenerated() => LstmOneMethod.ObjectiveGradient(_data.MainParams, _data.ExtraParams, _data.State, _data.Sequence, _data.Layers, _data.B, _dmain, _dextra);
}

/// <summary>LSTM finite differences at l = 2, c = 1024 only (266 parameters, 267 evaluations).</summary>
[MemoryDiagnoser]
public class LstmFiniteDifferenceBenchmarks
{
    private LstmData _data = null!;
    private double[] _main = [], _extra = [], _gradient = [];

    [GlobalSetup]
    public void Setup()
    {
        _data = new LstmData(2, 1024);
        _main = (double[])_data.MainParams.Clone();
        _extra = (double[])_data.ExtraParams.Clone();
        _gradient = new double[_data.ParameterCount];
    }

    [Benchmark(Baseline = true)]
    public double Objective() => _data.Objective();

    [Benchmark]
    public double FiniteDifferences()
    {
        double f0 = Lstm.Objective(_main, _extra, _data.State, _data.Sequence);
        int g = 0;
        foreach (double[] block in new[] { _main, _extra })
        {
            for (int i = 0; i < block.Length; i++)
            {
                double saved = block[i];
                block[i] = saved + 1e-7;
                _gradient[g++] = (Lstm.Objective(_main, _extra, _data.State, _data.Sequence) - f0) * 1e7;
                block[i] = saved;
            }
        }
        return f0;
    }
}

/// <summary>
/// BA at the sizes of ADBench's ba1..ba4 (n, m, p from the file names). Objective = all 3p residuals;
/// Jacobian = the CSR matrix from two generated pullbacks per observation. Forward-difference Jacobian at ba1.
/// </summary>
[MemoryDiagnoser]
public class BundleAdjustmentBenchmarks
{
    private BaData _data = null!;
    private double[] _reproj = [], _werr = [];
    private SparseMatrix _jacobian = null!;

    [ParamsSource(nameof(Instances))]
    public string Instance { get; set; } = "ba1";

    public static string[] Instances => Sizes.Pick("ba1", "ba2", "ba3", "ba4");

    [GlobalSetup]
    public void Setup()
    {
        var size = Array.Find(BaData.AdBenchSizes, s => s.Name == Instance);
        _data = new BaData(size.N, size.M, size.P);
        _reproj = new double[2 * size.P];
        _werr = new double[size.P];
        _jacobian = SparseMatrix.ForBundleAdjustment(size.N, size.M, size.P);
    }

    [Benchmark(Baseline = true)]
    public double Objective()
    {
        BundleAdjustment.Objective(_data.Cams, _data.Points, _data.Weights, _data.Obs, _data.Feats, _reproj, _werr);
        return _reproj[0];
    }

    [Benchmark]
    public double GeneratedJacobian()
    {
        BundleAdjustment.Jacobian(_data.Cams, _data.Points, _data.Weights, _data.Obs, _data.Feats, _jacobian);
        return _jacobian.Values[0];
    }

    /// <summary>The objective written helper by helper as in ADBench's ba.h (<see cref="BundleAdjustmentAdBenchStyle"/>).</summary>
    [Benchmark]
    public double AdBenchStyleObjective()
    {
        BundleAdjustmentAdBenchStyle.Objective(_data.Cams, _data.Points, _data.Weights, _data.Obs, _data.Feats, _reproj, _werr);
        return _reproj[0];
    }

    [Benchmark]
    public double AdBenchStyleGenerated()
    {
        BundleAdjustmentAdBenchStyle.Jacobian(_data.Cams, _data.Points, _data.Weights, _data.Obs, _data.Feats, _jacobian);
        return _jacobian.Values[0];
    }

    [Benchmark]
    public double FiniteDifferenceJacobian()
    {
        BundleAdjustment.JacobianFiniteDifferences(_data.Cams, _data.Points, _data.Weights, _data.Obs, _data.Feats, _jacobian);
        return _jacobian.Values[0];
    }
}
