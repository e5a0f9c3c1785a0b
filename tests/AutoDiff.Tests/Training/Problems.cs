using System;
using System.Collections.Generic;
using System.IO;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

/// <summary>Small problems with hand-written per-sample gradients of the <see cref="SampleGradient"/> shape.</summary>
internal static class Problems
{
    /// <summary>Least squares on a linear model: parameters are d weights then a bias; loss ½(w·x + b − y)².</summary>
    public static double LeastSquares(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        int d = features.Length;
        double residual = parameters[d] - target;
        for (int j = 0; j < d; j++) residual += parameters[j] * features[j];
        for (int j = 0; j < d; j++) gradient[j] += residual * features[j];
        gradient[d] += residual;
        return 0.5 * residual * residual;
    }

    /// <summary>Logistic regression, target 0 or 1: loss log(1 + e^z) − y·z with z = w·x + b.</summary>
    public static double Logistic(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        int d = features.Length;
        double z = parameters[d];
        for (int j = 0; j < d; j++) z += parameters[j] * features[j];
        double p = 1 / (1 + Math.Exp(-z));
        double dz = p - target;
        for (int j = 0; j < d; j++) gradient[j] += dz * features[j];
        gradient[d] += dz;
        return Math.Max(z, 0) + Math.Log(1 + Math.Exp(-Math.Abs(z))) - target * z;
    }

    /// <summary>½‖θ − c‖² with c_i = target·(i + 1) − 1; gradient θ − c. Ignores the features.</summary>
    public static double Quadratic(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        double loss = 0;
        for (int i = 0; i < parameters.Length; i++)
        {
            double r = parameters[i] - QuadraticCenter(i, target);
            gradient[i] += r;
            loss += 0.5 * r * r;
        }
        return loss;
    }

    public static double QuadraticCenter(int i, double target) => target * (i + 1) - 1;

    /// <summary>Rosenbrock's function (1 − x)² + 100(y − x²)², minimum 0 at (1, 1). Ignores the sample.</summary>
    public static double Rosenbrock(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        double x = parameters[0], y = parameters[1];
        double a = 1 - x, b = y - x * x;
        gradient[0] += -2 * a - 400 * x * b;
        gradient[1] += 200 * b;
        return a * a + 100 * b * b;
    }

    /// <summary>n samples of d standard-normal-ish features with y = w·x + b exactly.</summary>
    public static Dataset LinearData(int n, double[] weights, double bias, int seed = 1)
    {
        var random = new Random(seed);
        int d = weights.Length;
        var x = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = bias;
            for (int j = 0; j < d; j++)
            {
                x[i * d + j] = 2 * random.NextDouble() - 1;
                y[i] += weights[j] * x[i * d + j];
            }
        }
        return new Dataset(x, y);
    }

    /// <summary>Labels drawn from a logistic model, so the data are not separable and the optimum is finite.</summary>
    public static Dataset LogisticData(int n, double[] weights, double bias, int seed = 2)
    {
        var random = new Random(seed);
        int d = weights.Length;
        var x = new double[n * d];
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double z = bias;
            for (int j = 0; j < d; j++)
            {
                x[i * d + j] = 2 * random.NextDouble() - 1;
                z += weights[j] * x[i * d + j];
            }
            y[i] = random.NextDouble() < 1 / (1 + Math.Exp(-z)) ? 1 : 0;
        }
        return new Dataset(x, y);
    }

    /// <summary>n samples with one dummy feature each and the given targets.</summary>
    public static Dataset Targets(params double[] targets) => new(new double[targets.Length], targets);

    public static void AssertBitwiseEqual(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R}");
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {tolerance})");
    }
}

/// <summary>Records reports synchronously (unlike <see cref="Progress{T}"/>, which posts them).</summary>
internal sealed class RecordingProgress(Action<TrainingProgress>? onReport = null) : IProgress<TrainingProgress>
{
    public List<TrainingProgress> Reports { get; } = new();

    public void Report(TrainingProgress value)
    {
        Reports.Add(value);
        onReport?.Invoke(value);
    }
}

/// <summary>A fresh directory under the system temp folder, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "autodiff-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
