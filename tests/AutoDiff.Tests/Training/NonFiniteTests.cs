using System;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

public class NonFiniteTests
{
    /// <summary>Loss −θ₀ (gradient −1, so SGD with rate 1 adds 1 per step), NaN once θ₀ reaches 5.</summary>
    private static double NaNAtFive(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        gradient[0] -= 1;
        return parameters[0] >= 5 ? double.NaN : -parameters[0];
    }

    /// <summary>A finite loss with an infinite gradient once θ₀ reaches 5.</summary>
    private static double InfiniteGradientAtFive(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        gradient[0] += parameters[0] >= 5 ? double.NegativeInfinity : -1;
        return -parameters[0];
    }

    private static double Huge(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> gradient)
    {
        gradient[0] -= 1e308;
        return 0;
    }

    // Four samples in batches of two: two steps per epoch.
    private static readonly Dataset FourSamples = Problems.Targets(0, 0, 0, 0);

    [Fact]
    public void A_NaN_loss_stops_training_naming_epoch_and_batch_with_the_last_good_parameters()
    {
        double[] theta = { 0 };
        var trainer = new Trainer(NaNAtFive, new Sgd(1)) { Epochs = 10, BatchSize = 2 };

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(theta, FourSamples));

        // Steps 1..5 move θ₀ to 5; step 6 (epoch 3, batch 2) sees the NaN.
        Assert.Equal(3, error.Epoch);
        Assert.Equal(2, error.Batch);
        Assert.Equal(6, error.Step);
        Assert.Contains("epoch 3, batch 2", error.Message);
        Assert.Contains("loss", error.Message);
        Assert.Equal(5.0, theta[0]);
    }

    [Fact]
    public void An_infinite_gradient_stops_training_before_the_update()
    {
        double[] theta = { 0 };
        var trainer = new Trainer(InfiniteGradientAtFive, new Momentum(1, 0.5)) { Epochs = 10, BatchSize = 2 };

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(theta, FourSamples));

        Assert.Contains("gradient", error.Message);
        Assert.True(theta[0] >= 5 && double.IsFinite(theta[0]));
    }

    [Fact]
    public void An_update_that_overflows_is_undone()
    {
        double[] theta = { 1e308 };
        var trainer = new Trainer(Huge, new Sgd(10)) { Epochs = 1 };

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Fit(theta, Problems.Targets(0)));

        Assert.Contains("parameter", error.Message);
        Assert.Equal(1e308, theta[0]);
    }

    [Fact]
    public void A_non_finite_step_leaves_the_last_checkpoint_untouched()
    {
        using var directory = new TempDirectory();
        string path = directory.File("run.ckpt");
        double[] theta = { 0 };
        var trainer = new Trainer(NaNAtFive, new Sgd(1)) { Epochs = 10, BatchSize = 2, CheckpointPath = path };

        Assert.Throws<NonFiniteLossException>(() => trainer.Fit(theta, FourSamples));

        // The checkpoint is the end of epoch 2 (θ₀ = 4); resuming to 2 epochs takes no step.
        var resumed = new double[1];
        TrainingResult result = new Trainer(NaNAtFive, new Sgd(1)) { Epochs = 2, BatchSize = 2 }.Resume(path, resumed, FourSamples);
        Assert.Equal(4.0, resumed[0]);
        Assert.Equal(2, result.Epochs);
        Assert.Equal(4, result.Steps);
    }

    [Fact]
    public void Lbfgs_stops_on_a_non_finite_starting_loss()
    {
        double[] theta = { 6 };
        var error = Assert.Throws<NonFiniteLossException>(() => new Trainer(NaNAtFive, new Lbfgs()).Fit(theta, FourSamples));
        Assert.Equal(1, error.Epoch);
        Assert.Equal(6.0, theta[0]);
    }

    [Fact]
    public void Lbfgs_backtracks_from_trial_points_where_the_loss_is_not_finite()
    {
        // Minimize −4θ − log(1 − θ) (minimum at θ = 0.75) from θ = 0.5. The first trial step has unit
        // length, to θ = 1.5, where the log is NaN; the next, θ = 1, gives +∞; the third lands on 0.75.
        static double Barrier(ReadOnlySpan<double> p, ReadOnlySpan<double> x, double y, Span<double> g)
        {
            double t = p[0];
            g[0] += -4 + 1 / (1 - t);
            return -4 * t - Math.Log(1 - t);
        }
        double[] theta = { 0.5 };

        TrainingResult result = new Trainer(Barrier, new Lbfgs()) { Epochs = 100, Tolerance = 1e-15 }.Fit(theta, Problems.Targets(0));

        Assert.Equal(0.75, theta[0], 1e-8);
        Assert.NotEqual(StopReason.EpochsCompleted, result.StopReason);
    }
}
