using System;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

/// <summary>
/// Each optimizer's update against its formula, computed here element by element in plain scalar
/// code. One sample per batch, so the batch gradient is exactly the sample gradient θ − c.
/// Seven parameters exercise both the vectorized body and the scalar tail.
/// </summary>
public class OptimizerStepTests
{
    private const int P = 7;
    private const double Target = 0.75;
    private static readonly Dataset OneSample = Problems.Targets(Target);

    private static double[] Start()
    {
        var theta = new double[P];
        for (int i = 0; i < P; i++) theta[i] = 0.3 * i - 0.9 + 1.0 / (i + 3);
        return theta;
    }

    private static double[] Gradient(double[] theta)
    {
        var g = new double[P];
        for (int i = 0; i < P; i++) g[i] = theta[i] - Problems.QuadraticCenter(i, Target);
        return g;
    }

    private static double[] Train(Optimizer optimizer, int steps)
    {
        double[] theta = Start();
        new Trainer(Problems.Quadratic, optimizer) { Epochs = steps, BatchSize = 1 }.Fit(theta, OneSample);
        return theta;
    }

    [Fact]
    public void Sgd_step_is_theta_minus_rate_times_gradient()
    {
        const double rate = 0.1;
        double[] expected = Start();
        double[] g = Gradient(expected);
        for (int i = 0; i < P; i++) expected[i] -= rate * g[i];

        Problems.AssertBitwiseEqual(expected, Train(new Sgd(rate), steps: 1));
    }

    [Fact]
    public void Sgd_step_on_round_numbers()
    {
        // ½(θ − c)² with c = −1 + 0.5 = −0.5 for i = 0: gradient at θ = 1.5 is 2; 1.5 − 0.25·2 = 1.
        double[] theta = { 1.5 };
        new Trainer(Problems.Quadratic, new Sgd(0.25)) { Epochs = 1 }.Fit(theta, Problems.Targets(0.5));
        Assert.Equal(1.0, theta[0]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Momentum_steps_follow_the_formula(bool nesterov)
    {
        const double rate = 0.05, mu = 0.9;
        const int steps = 4;
        double[] expected = Start();
        var v = new double[P];
        for (int s = 0; s < steps; s++)
        {
            double[] g = Gradient(expected);
            for (int i = 0; i < P; i++)
            {
                v[i] = mu * v[i] + g[i];
                expected[i] -= rate * (nesterov ? g[i] + mu * v[i] : v[i]);
            }
        }

        Problems.AssertBitwiseEqual(expected, Train(new Momentum(rate, mu, nesterov), steps));
    }

    [Fact]
    public void Nesterov_differs_from_heavy_ball_after_the_first_step()
    {
        Assert.NotEqual(Train(new Momentum(0.05, 0.9, nesterov: false), 2), Train(new Momentum(0.05, 0.9, nesterov: true), 2));
    }

    [Fact]
    public void Adam_steps_follow_the_formula()
    {
        const double rate = 0.01, beta1 = 0.8, beta2 = 0.99, epsilon = 1e-6;
        const int steps = 5;
        double[] expected = Start();
        var m = new double[P];
        var v = new double[P];
        for (int t = 1; t <= steps; t++)
        {
            double[] g = Gradient(expected);
            for (int i = 0; i < P; i++)
            {
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.Pow(beta1, t));
                double vHat = v[i] / (1 - Math.Pow(beta2, t));
                expected[i] -= rate * mHat / (Math.Sqrt(vHat) + epsilon);
            }
        }

        Problems.AssertBitwiseEqual(expected, Train(new Adam(rate, beta1, beta2, epsilon), steps));
    }

    [Fact]
    public void Adam_first_step_moves_each_parameter_by_about_the_rate_against_its_gradient()
    {
        double[] start = Start(), g = Gradient(start), theta = Train(new Adam(0.01), steps: 1);
        for (int i = 0; i < P; i++)
            Assert.Equal(-0.01 * Math.Sign(g[i]), theta[i] - start[i], 1e-8);
    }

    [Fact]
    public void Optimizer_arguments_are_validated_with_their_names()
    {
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd(0)).ParamName);
        Assert.Equal("learningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(double.NaN)).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new Momentum(0.1, 1.0)).ParamName);
        Assert.Equal("beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0.1, beta2: -0.1)).ParamName);
        Assert.Equal("epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(0.1, epsilon: 0)).ParamName);
        Assert.Equal("historySize", Assert.Throws<ArgumentOutOfRangeException>(() => new Lbfgs(historySize: 0)).ParamName);
    }
}
