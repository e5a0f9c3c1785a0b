using System;
using AutoDiff.GradientBenchmarks.Data;
using AutoDiff.GradientBenchmarks.Objectives;
using Xunit;

namespace AutoDiff.GradientBenchmarks.Tests;

public class SmallLossTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void Logistic_generated_matches_finite_differences_and_hand_written(double y)
    {
        var random = Rng.Create(11);
        double[] w = Rng.Normal(random, 101, 0.3), x = Rng.Normal(random, 100);
        var generated = new double[101];
        var hand = new double[101];
        double v1 = LogisticRegression.LossGradient(w, x, y, generated);
        double v2 = LogisticRegression.LossHandWritten(w, x, y, hand);
        Assert.Equal(LogisticRegression.Loss(w, x, y), v1, 12);
        Assert.True(Check.Rho(v1, v2) <= 1e-12);
        Check.Close(Check.CentralDifferences(() => LogisticRegression.Loss(w, x, y), w), generated, 1e-6, "generated vs FD");
        Check.Close(hand, generated, 1e-10, "generated vs hand-written");
    }

    [Fact]
    public void Rosenbrock_generated_matches_finite_differences_and_hand_written()
    {
        double[] x = Rng.Uniform(Rng.Create(12), 100, -1.5, 1.5);
        var generated = new double[100];
        var hand = new double[100];
        double v = Rosenbrock.ValueGradient(x, generated);
        Rosenbrock.ValueHandWritten(x, hand);
        Assert.Equal(Rosenbrock.Value(x), v);
        Check.Close(Check.CentralDifferences(() => Rosenbrock.Value(x), x), generated, 1e-6, "generated vs FD");
        Check.Close(hand, generated, 1e-10, "generated vs hand-written");
    }

    [Fact]
    public void Mlp_generated_matches_finite_differences_and_hand_written()
    {
        var random = Rng.Create(13);
        double[] p = Rng.Normal(random, Mlp.ParameterCount, 0.2), x = Rng.Uniform(random, Mlp.Inputs);
        var generated = new double[p.Length];
        var hand = new double[p.Length];
        double v1 = Mlp.LossGradient(p, x, 7, generated);
        double v2 = Mlp.LossHandWritten(p, x, 7, hand);
        Assert.True(Check.Rho(Mlp.Loss(p, x, 7), v1) <= 1e-14);
        Assert.True(Check.Rho(v1, v2) <= 1e-12);
        Check.Close(Check.CentralDifferences(() => Mlp.Loss(p, x, 7), p), generated, 1e-6, "generated vs FD");
        Check.Close(hand, generated, 1e-10, "generated vs hand-written");
    }

    [Fact]
    public void Recurrence_generated_matches_finite_differences()
    {
        double[] w = Rng.Uniform(Rng.Create(14), 10, 0, 0.1);
        var generated = new double[10];
        double v = Recurrence.ValueGradient(w, 2.5, 20, generated);
        Assert.Equal(Recurrence.Value(w, 2.5, 20), v);
        Check.Close(Check.CentralDifferences(() => Recurrence.Value(w, 2.5, 20), w), generated, 1e-6, "generated vs FD");
    }
}
