using System;

namespace AutoDiff.Tests.Runtime;

/// <summary>A random batch for a linear model with a bias: d + 1 parameters.</summary>
internal sealed class TestBatch
{
    private TestBatch(double[] parameters, double[] features, double[] targets)
    {
        Parameters = parameters;
        Features = features;
        Targets = targets;
    }

    public double[] Parameters { get; }
    public double[] Features { get; }
    public double[] Targets { get; }
    public int Rows => Targets.Length;
    public int Columns => Features.Length / Targets.Length;

    /// <summary>
    /// Features span several orders of magnitude so that a different summation order would change the
    /// low bits: the determinism tests would notice.
    /// </summary>
    public static TestBatch Create(int rows, int columns, int seed = 1)
    {
        var random = new Random(seed);
        var parameters = new double[columns + 1];
        for (int i = 0; i < parameters.Length; i++) parameters[i] = random.NextDouble() - 0.5;
        var features = new double[rows * columns];
        for (int i = 0; i < features.Length; i++) features[i] = (random.NextDouble() - 0.5) * Math.Exp(6 * random.NextDouble() - 3);
        var targets = new double[rows];
        for (int i = 0; i < rows; i++) targets[i] = random.Next(2);
        return new TestBatch(parameters, features, targets);
    }

    public double[] NewGradient() => new double[Parameters.Length];
}
