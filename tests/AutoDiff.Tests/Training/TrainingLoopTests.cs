using System;
using System.Linq;
using System.Threading;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

public class TrainingLoopTests
{
    private static readonly Dataset Data = Problems.LinearData(10, new[] { 1.0, 2.0 }, -1.0);

    private static Trainer Sgd(int epochs = 2, int batchSize = 4) =>
        new(Problems.LeastSquares, new Sgd(0.1)) { Epochs = epochs, BatchSize = batchSize, Seed = 5 };

    [Fact]
    public void Progress_is_reported_after_every_step_and_at_every_epoch_end()
    {
        var progress = new RecordingProgress();
        Dataset validation = Problems.LinearData(5, new[] { 1.0, 2.0 }, -1.0, seed: 3);
        var trainer = new Trainer(Problems.LeastSquares, new Sgd(0.1))
        {
            Epochs = 2, BatchSize = 4, Validation = validation, Metric = (p, data) => data.Count + p.Length,
        };

        TrainingResult result = trainer.Fit(new double[3], Data, progress);

        // 10 samples in batches of 4: 3 steps per epoch, then the epoch report.
        Assert.Equal(
            new[] { (1, 1, false), (1, 2, false), (1, 3, false), (1, 3, true), (2, 1, false), (2, 2, false), (2, 3, false), (2, 3, true) },
            progress.Reports.Select(r => (r.Epoch, r.Batch, r.IsEpochEnd)));
        Assert.Equal(new long[] { 1, 2, 3, 3, 4, 5, 6, 6 }, progress.Reports.Select(r => r.Step));
        Assert.All(progress.Reports, r => Assert.Equal(3, r.BatchCount));
        Assert.All(progress.Reports, r => Assert.Equal(0.1, r.LearningRate));
        Assert.All(progress.Reports.Where(r => !r.IsEpochEnd), r => Assert.Null(r.ValidationLoss));

        TrainingProgress[] ends = progress.Reports.Where(r => r.IsEpochEnd).ToArray();
        Assert.Equal(ends, result.History);
        Assert.All(ends, r => Assert.Equal(5 + 3, r.Metric));   // on the validation set
        Assert.All(ends, r => Assert.True(r.ValidationLoss > 0));
        Assert.True(ends[1].Loss < ends[0].Loss);
    }

    [Fact]
    public void The_epoch_loss_is_the_sample_weighted_mean_of_the_batch_losses()
    {
        var progress = new RecordingProgress();
        Sgd(epochs: 1).Fit(new double[3], Data, progress);
        TrainingProgress[] steps = progress.Reports.Where(r => !r.IsEpochEnd).ToArray();
        double expected = (4 * steps[0].Loss + 4 * steps[1].Loss + 2 * steps[2].Loss) / 10;
        Assert.Equal(expected, progress.Reports[^1].Loss, 1e-15);
    }

    [Fact]
    public void The_metric_is_computed_on_the_training_data_without_validation()
    {
        TrainingResult result = new Trainer(Problems.LeastSquares, new Sgd(0.1)) { Epochs = 1, Metric = (_, data) => data.Count }
            .Fit(new double[3], Data);
        Assert.Equal(10, result.History[0].Metric);
        Assert.Null(result.History[0].ValidationLoss);
    }

    [Fact]
    public void Training_stops_when_the_epoch_loss_stops_changing()
    {
        TrainingResult result = new Trainer(Problems.LeastSquares, new Sgd(0.3)) { Epochs = 10_000, BatchSize = 5, Tolerance = 1e-12 }
            .Fit(new double[3], Data);

        Assert.Equal(StopReason.Converged, result.StopReason);
        Assert.True(result.Epochs < 10_000);
        Assert.True(Math.Abs(result.History[^1].Loss - result.History[^2].Loss) < 1e-12);
    }

    [Fact]
    public void Training_stops_after_MaxSteps_even_mid_epoch()
    {
        TrainingResult result = new Trainer(Problems.LeastSquares, new Sgd(0.1)) { Epochs = 10, BatchSize = 4, MaxSteps = 7 }
            .Fit(new double[3], Data);
        Assert.Equal(StopReason.MaxSteps, result.StopReason);
        Assert.Equal(7, result.Steps);
        Assert.Equal(2, result.Epochs);
    }

    [Fact]
    public void Cancellation_stops_between_steps_keeping_the_completed_ones()
    {
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(r => { if (r.Step == 4) cancellation.Cancel(); });
        var cancelled = new double[3];
        Assert.ThrowsAny<OperationCanceledException>(() => Sgd(epochs: 5).Fit(cancelled, Data, progress, cancellation.Token));

        var fourSteps = new double[3];
        new Trainer(Problems.LeastSquares, new Sgd(0.1)) { Epochs = 5, BatchSize = 4, Seed = 5, MaxSteps = 4 }.Fit(fourSteps, Data);

        Problems.AssertBitwiseEqual(fourSteps, cancelled);
        Assert.Equal(4, progress.Reports.Max(r => r.Step));
    }

    [Fact]
    public void An_already_cancelled_token_takes_no_step()
    {
        var parameters = new double[3];
        Assert.ThrowsAny<OperationCanceledException>(() => Sgd().Fit(parameters, Data, null, new CancellationToken(canceled: true)));
        Assert.Equal(new double[3], parameters);
    }

    [Fact]
    public void Steady_state_steps_allocate_nothing()
    {
        // Allocation counted between the 5th and the 60th report, across batches and epoch ends.
        var marks = new long[2];
        var progress = new RecordingProgress(r =>
        {
            if (r.Step == 5 && !r.IsEpochEnd) marks[0] = GC.GetAllocatedBytesForCurrentThread();
            if (r.Step == 60 && !r.IsEpochEnd) marks[1] = GC.GetAllocatedBytesForCurrentThread();
        });
        progress.Reports.Capacity = 1000;
        Dataset data = Problems.LinearData(40, new[] { 1.0, 2.0, 3.0 }, 0.5);
        var trainer = new Trainer(Problems.LeastSquares, new Adam(0.01))
        {
            Epochs = 20, BatchSize = 6, MaxDegreeOfParallelism = 1, MaxGradientNorm = 1, WeightDecay = 1e-4,
            Schedule = LearningRate.Cosine(20),
        };

        trainer.Fit(new double[4], data, progress);

        Assert.Equal(0, marks[1] - marks[0]);
    }

    [Fact]
    public void Arguments_are_validated_with_their_names()
    {
        Assert.Equal("targets", Assert.Throws<ArgumentException>(() => new Dataset(new double[3], Array.Empty<double>())).ParamName);
        Assert.Equal("features", Assert.Throws<ArgumentException>(() => new Dataset(new double[5], new double[2])).ParamName);
        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Problems.LeastSquares, new Sgd(1)) { BatchSize = 0 }).ParamName);
        Assert.Equal("Epochs", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Problems.LeastSquares, new Sgd(1)) { Epochs = -1 }).ParamName);
        Assert.Equal("MaxGradientNorm", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Problems.LeastSquares, new Sgd(1)) { MaxGradientNorm = 0 }).ParamName);
        Assert.Equal("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new Trainer(Problems.LeastSquares, new Sgd(1)) { WeightDecay = -1 }).ParamName);
        Assert.Equal("parameters", Assert.Throws<ArgumentException>(() => Sgd().Fit(Span<double>.Empty, Data)).ParamName);

        var mismatched = new Trainer(Problems.LeastSquares, new Sgd(1)) { Validation = new Dataset(new double[3], new double[1]) };
        Assert.Equal("Validation", Assert.Throws<ArgumentException>(() => mismatched.Fit(new double[3], Data)).ParamName);

        var lbfgsWithSchedule = new Trainer(Problems.LeastSquares, new Lbfgs()) { Schedule = LearningRate.Cosine(3) };
        Assert.Contains("Schedule", Assert.Throws<InvalidOperationException>(() => lbfgsWithSchedule.Fit(new double[3], Data)).Message);
    }

    [Fact]
    public void Lbfgs_counts_one_iteration_per_epoch_and_reports_the_step_length()
    {
        var progress = new RecordingProgress();
        TrainingResult result = new Trainer(Problems.LeastSquares, new Lbfgs()) { Epochs = 3 }.Fit(new double[3], Data, progress);

        Assert.Equal(3, result.Steps);
        Assert.Equal(new[] { (1, false), (1, true), (2, false), (2, true), (3, false), (3, true) },
            progress.Reports.Select(r => (r.Epoch, r.IsEpochEnd)));
        Assert.All(progress.Reports, r => Assert.True(r.LearningRate > 0 && r.LearningRate <= 1));
    }
}
