using System;
using System.Linq;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

public class ClippingDecayScheduleTests
{
    /// <summary>Loss 3θ₀ + 4θ₁: the gradient is (3, 4) everywhere, norm 5.</summary>
    private static double Linear(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        gradient[0] += 3;
        gradient[1] += 4;
        return 3 * parameters[0] + 4 * parameters[1];
    }

    /// <summary>A loss that is zero everywhere: only weight decay moves the parameters.</summary>
    private static double Zero(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient) => 0;

    private static readonly Dataset OneSample = Problems.Targets(0);

    [Fact]
    public void Clipping_rescales_a_long_gradient_to_the_maximum_norm()
    {
        var theta = new double[2];
        new Trainer(Linear, new Sgd(1)) { Epochs = 1, MaxGradientNorm = 1 }.Fit(theta, OneSample);

        // g·(1/5) keeps the direction (0.6, 0.8) and has norm 1.
        Assert.Equal(-0.6, theta[0], 1e-15);
        Assert.Equal(-0.8, theta[1], 1e-15);
    }

    [Fact]
    public void Clipping_leaves_a_short_gradient_alone()
    {
        var theta = new double[2];
        new Trainer(Linear, new Sgd(1)) { Epochs = 1, MaxGradientNorm = 5.5 }.Fit(theta, OneSample);
        Assert.Equal(new[] { -3.0, -4.0 }, theta);
    }

    [Fact]
    public void Weight_decay_adds_lambda_theta_to_the_gradient()
    {
        double[] theta = { 2.0, -4.0 };
        new Trainer(Zero, new Sgd(0.1)) { Epochs = 1, WeightDecay = 0.5 }.Fit(theta, OneSample);
        Assert.Equal(2.0 - 0.1 * 0.5 * 2.0, theta[0], 1e-15);
        Assert.Equal(-4.0 - 0.1 * 0.5 * -4.0, theta[1], 1e-15);
    }

    [Fact]
    public void Weight_decay_shrinks_geometrically_and_is_not_part_of_the_reported_loss()
    {
        double[] theta = { 1.0 };
        TrainingResult result = new Trainer(Zero, new Sgd(0.1)) { Epochs = 10, WeightDecay = 0.5 }.Fit(theta, OneSample);
        Assert.Equal(Math.Pow(0.95, 10), theta[0], 1e-14);
        Assert.All(result.History, report => Assert.Equal(0.0, report.Loss));
    }

    [Fact]
    public void Weight_decay_applies_after_clipping()
    {
        // Clip (3, 4) to norm 1, then add λθ = (1, 1): the step is (0.6 + 1, 0.8 + 1).
        double[] theta = { 1.0, 1.0 };
        new Trainer(Linear, new Sgd(1)) { Epochs = 1, MaxGradientNorm = 1, WeightDecay = 1 }.Fit(theta, OneSample);
        Assert.Equal(1.0 - 1.6, theta[0], 1e-15);
        Assert.Equal(1.0 - 1.8, theta[1], 1e-15);
    }

    [Fact]
    public void Step_decay_multiplies_by_the_factor_every_n_epochs()
    {
        LearningRateSchedule schedule = LearningRate.StepDecay(everyEpochs: 2, factor: 0.5);
        Assert.Equal(new[] { 0.8, 0.8, 0.4, 0.4, 0.2 }, Enumerable.Range(0, 5).Select(e => schedule(e, 0.8)));
    }

    [Fact]
    public void Cosine_goes_from_the_base_rate_to_the_minimum()
    {
        LearningRateSchedule schedule = LearningRate.Cosine(epochs: 4, minimumRate: 0.1);
        Assert.Equal(1.0, schedule(0, 1.0), 1e-15);
        Assert.Equal(0.55, schedule(2, 1.0), 1e-15);
        Assert.Equal(0.1, schedule(4, 1.0), 1e-15);
        Assert.Equal(0.1, schedule(9, 1.0), 1e-15);
        Assert.True(schedule(1, 1.0) > schedule(2, 1.0) && schedule(2, 1.0) > schedule(3, 1.0));
    }

    [Fact]
    public void The_trainer_uses_and_reports_each_epochs_scheduled_rate()
    {
        var progress = new RecordingProgress();
        double[] theta = { 0.0, 0.0 };
        new Trainer(Linear, new Sgd(1)) { Epochs = 3, Schedule = (epoch, rate) => rate / (epoch + 1) }.Fit(theta, OneSample, progress);

        Assert.Equal(new[] { 1.0, 1.0, 0.5, 0.5, 1.0 / 3, 1.0 / 3 }, progress.Reports.Select(r => r.LearningRate));
        Assert.Equal(-3 * (1 + 0.5 + 1.0 / 3), theta[0], 1e-14);
    }

    [Fact]
    public void A_schedule_returning_a_negative_rate_is_an_error_naming_the_epoch()
    {
        var trainer = new Trainer(Linear, new Sgd(1)) { Epochs = 3, Schedule = (epoch, rate) => epoch == 2 ? -1 : rate };
        var error = Assert.Throws<InvalidOperationException>(() => trainer.Fit(new double[2], OneSample));
        Assert.Contains("epoch 2", error.Message);
    }
}
