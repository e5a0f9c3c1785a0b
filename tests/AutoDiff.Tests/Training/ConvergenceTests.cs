using System;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

public class ConvergenceTests
{
    private static readonly double[] TrueWeights = { 2.0, -1.0, 0.5 };
    private const double TrueBias = 0.3;
    private static readonly double[] TrueParameters = { 2.0, -1.0, 0.5, 0.3 };

    public static TheoryData<string> FirstOrder => new() { "sgd", "momentum", "nesterov", "adam" };

    private static Optimizer Create(string name) => name switch
    {
        "sgd" => new Sgd(0.2),
        "momentum" => new Momentum(0.05, 0.9),
        "nesterov" => new Momentum(0.05, 0.9, nesterov: true),
        "adam" => new Adam(0.05),
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(FirstOrder))]
    public void First_order_optimizers_solve_least_squares(string optimizer)
    {
        Dataset data = Problems.LinearData(200, TrueWeights, TrueBias);
        var parameters = new double[4];
        var trainer = new Trainer(Problems.LeastSquares, Create(optimizer))
        {
            Epochs = 150, BatchSize = 16, Seed = 7, Schedule = LearningRate.Cosine(150),
        };

        TrainingResult result = trainer.Fit(parameters, data);

        Assert.Equal(StopReason.EpochsCompleted, result.StopReason);
        Problems.AssertClose(TrueParameters, parameters, 1e-3);
        Assert.True(result.History[^1].Loss < 1e-6, $"final loss {result.History[^1].Loss}");
    }

    [Fact]
    public void Lbfgs_solves_least_squares_to_machine_precision()
    {
        Dataset data = Problems.LinearData(200, TrueWeights, TrueBias);
        var parameters = new double[4];

        TrainingResult result = new Trainer(Problems.LeastSquares, new Lbfgs()) { Epochs = 100, Tolerance = 1e-20 }.Fit(parameters, data);

        Problems.AssertClose(TrueParameters, parameters, 1e-8);
        Assert.True(result.Epochs < 100, $"took {result.Epochs} iterations");
    }

    [Fact]
    public void Lbfgs_minimizes_rosenbrock()
    {
        double[] parameters = { -1.2, 1.0 };

        TrainingResult result = new Trainer(Problems.Rosenbrock, new Lbfgs()) { Epochs = 500 }.Fit(parameters, Problems.Targets(0));

        Problems.AssertClose(new[] { 1.0, 1.0 }, parameters, 1e-6);
        Assert.True(result.History[^1].Loss < 1e-12, $"final loss {result.History[^1].Loss}");
    }

    [Theory]
    [MemberData(nameof(FirstOrder))]
    public void First_order_optimizers_reach_the_logistic_regression_optimum_found_by_lbfgs(string optimizer)
    {
        Dataset data = Problems.LogisticData(300, new[] { 1.5, -2.0 }, 0.5);
        var optimum = new double[3];
        new Trainer(Problems.Logistic, new Lbfgs()) { Epochs = 200, Tolerance = 1e-15 }.Fit(optimum, data);
        double optimalLoss = MeanLoss(Problems.Logistic, optimum, data);

        var parameters = new double[3];
        new Trainer(Problems.Logistic, Create(optimizer)) { Epochs = 300, BatchSize = 32, Seed = 3, Schedule = LearningRate.Cosine(300) }
            .Fit(parameters, data);

        Assert.True(MeanLoss(Problems.Logistic, parameters, data) - optimalLoss < 1e-4);
        Problems.AssertClose(optimum, parameters, 0.05);
    }

    [Fact]
    public void Lbfgs_with_weight_decay_minimizes_the_penalized_objective()
    {
        // Ridge regression: the minimizer of mean ½r² + λ/2‖θ‖² has zero penalized gradient.
        Dataset data = Problems.LinearData(100, TrueWeights, TrueBias);
        const double lambda = 0.1;
        var parameters = new double[4];
        new Trainer(Problems.LeastSquares, new Lbfgs()) { Epochs = 200, WeightDecay = lambda, Tolerance = 1e-20 }.Fit(parameters, data);

        var gradient = new double[4];
        Minibatch.Gradient(Problems.LeastSquares, parameters, data.Features.Span, data.Targets.Span, gradient);
        for (int i = 0; i < 4; i++) Assert.Equal(0, gradient[i] + lambda * parameters[i], 1e-9);
        Assert.True(Math.Abs(parameters[0]) < 2.0, "the penalty shrinks the weights");
    }

    private static double MeanLoss(SampleGradient loss, double[] parameters, Dataset data) =>
        Minibatch.Gradient(loss, parameters, data.Features.Span, data.Targets.Span, new double[parameters.Length]);
}
