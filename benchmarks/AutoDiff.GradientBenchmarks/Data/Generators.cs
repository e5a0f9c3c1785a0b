using System;
using AutoDiff.GradientBenchmarks.Objectives;

namespace AutoDiff.GradientBenchmarks.Data;

/// <summary>Seeded data for every objective (adbench.md: timings depend only on the sizes).</summary>
public static class Rng
{
    public const int Seed = 20150924; // the date of ADBench's timing files, 24-Sep-2015

    public static Random Create(int salt = 0) => new(Seed + salt);

    public static double Normal(Random random)
    {
        // Box–Muller.
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public static double[] Normal(Random random, int count, double scale = 1)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = scale * Normal(random);
        return v;
    }

    public static double[] Uniform(Random random, int count, double low = 0, double high = 1)
    {
        var v = new double[count];
        for (int i = 0; i < count; i++) v[i] = low + (high - low) * random.NextDouble();
        return v;
    }
}

/// <summary>GMM instance: alphas, icf, x ~ N(0,1); means ~ U(0,1); γ = 1, m = 0 (adbench.md).</summary>
public sealed class GmmData
{
    public GmmData(int d, int k, int n, int seed = Rng.Seed)
    {
        D = d; K = k; N = n;
        var random = new Random(seed);
        Alphas = Rng.Normal(random, k);
        Means = Rng.Uniform(random, k * d);
        Icf = Rng.Normal(random, k * d * (d + 1) / 2);
        X = Rng.Normal(random, n * d);
        Gamma = 1;
        M = 0;
        WishartC = Gmm.WishartConstant(d, Gamma, M);
    }

    public int D { get; }
    public int K { get; }
    public int N { get; }
    public double[] Alphas { get; }
    public double[] Means { get; }
    public double[] Icf { get; }
    public double[] X { get; }
    public double Gamma { get; }
    public int M { get; }
    public double WishartC { get; }
    public int ParameterCount => K * (D + 1) * (D + 2) / 2;

    public double Objective() => Gmm.Objective(Alphas, Means, Icf, X, D, Gamma, M, WishartC);
}

/// <summary>LSTM instance: parameters and state ~ U[0,1), sequence a random 0/1 bit matrix, b = 14 (adbench.md).</summary>
public sealed class LstmData
{
    public LstmData(int layers, int c, int b = 14, int seed = Rng.Seed)
    {
        Layers = layers; C = c; B = b;
        var random = new Random(seed);
        MainParams = Rng.Uniform(random, 8 * layers * b);
        ExtraParams = Rng.Uniform(random, 3 * b);
        State = Rng.Uniform(random, 2 * layers * b);
        Sequence = new double[c * b];
        for (int i = 0; i < Sequence.Length; i++) Sequence[i] = random.Next(2);
    }

    public int Layers { get; }
    public int C { get; }
    public int B { get; }
    public double[] MainParams { get; }
    public double[] ExtraParams { get; }
    public double[] State { get; }
    public double[] Sequence { get; }
    public int ParameterCount => MainParams.Length + ExtraParams.Length;

    public double Objective() => Lstm.Objective(MainParams, ExtraParams, State, Sequence);
}

/// <summary>
/// BA instance in ADBench's file structure: one camera, point, weight and feature (seeded), replicated to
/// n cameras, m points, p observations; obs[i] = (i mod n, i mod m).
/// </summary>
public sealed class BaData
{
    public BaData(int n, int m, int p, int seed = Rng.Seed)
    {
        N = n; M = m; P = p;
        var random = new Random(seed);
        double[] cam =
        [
            random.NextDouble() * 0.2 - 0.1, random.NextDouble() * 0.2 - 0.1, random.NextDouble() * 0.2 - 0.1,
            random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1,
            300 + 200 * random.NextDouble(), random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1,
            1e-3 * (random.NextDouble() * 2 - 1), 1e-5 * (random.NextDouble() * 2 - 1),
        ];
        double[] point = [random.NextDouble() * 2 - 1, random.NextDouble() * 2 - 1, 5 + random.NextDouble()];
        double weight = 0.5 + random.NextDouble();
        double[] feat = [random.NextDouble() * 100 - 50, random.NextDouble() * 100 - 50];
        Cams = new double[11 * n];
        for (int i = 0; i < n; i++) cam.CopyTo(Cams, 11 * i);
        Points = new double[3 * m];
        for (int i = 0; i < m; i++) point.CopyTo(Points, 3 * i);
        Weights = new double[p];
        Array.Fill(Weights, weight);
        Obs = new int[2 * p];
        Feats = new double[2 * p];
        for (int i = 0; i < p; i++)
        {
            Obs[2 * i] = i % n;
            Obs[2 * i + 1] = i % m;
            Feats[2 * i] = feat[0];
            Feats[2 * i + 1] = feat[1];
        }
    }

    /// <summary>Sizes of ADBench's ba1..ba4 files (their names: ba1_n49_m7776_p31843 etc.).</summary>
    public static readonly (string Name, int N, int M, int P)[] AdBenchSizes =
    [
        ("ba1", 49, 7776, 31843),
        ("ba2", 21, 11315, 36455),
        ("ba3", 161, 48126, 182072),
        ("ba4", 372, 47423, 204472),
    ];

    public int N { get; }
    public int M { get; }
    public int P { get; }
    public double[] Cams { get; }
    public double[] Points { get; }
    public double[] Weights { get; }
    public int[] Obs { get; }
    public double[] Feats { get; }
}
