using System;
using System.Linq;
using System.Threading;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

/// <summary>Interrupting and resuming from a checkpoint gives bit for bit the uninterrupted run.</summary>
public class ResumeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static readonly Dataset Data = Problems.LogisticData(53, new[] { 1.0, -1.5, 0.5 }, -0.25);

    private static Dataset Validation => Problems.LogisticData(20, new[] { 1.0, -1.5, 0.5 }, -0.25, seed: 9);

    public static TheoryData<string> Setups => new() { "sgd", "momentum", "nesterov", "adam", "lbfgs" };

    /// <summary>A fresh trainer (fresh optimizer) each time, as in a new process.</summary>
    private static Trainer Create(string setup, int epochs, string? path = null, long maxSteps = long.MaxValue) => setup switch
    {
        "lbfgs" => new Trainer(Problems.Logistic, new Lbfgs(historySize: 3)) { Epochs = epochs, WeightDecay = 1e-3, CheckpointPath = path, MaxSteps = maxSteps },
        _ => new Trainer(Problems.Logistic, setup switch
        {
            "sgd" => new Sgd(0.3),
            "momentum" => new Momentum(0.1, 0.8),
            "nesterov" => new Momentum(0.1, 0.8, nesterov: true),
            _ => new Adam(0.05),
        })
        {
            Epochs = epochs, BatchSize = 8, Seed = 12345, WeightDecay = 1e-3, MaxGradientNorm = 2,
            Schedule = LearningRate.Cosine(4), Validation = Validation, CheckpointPath = path, MaxSteps = maxSteps,
        },
    };

    private static double[] Start() => new[] { 0.1, -0.2, 0.3, 0.0 };

    [Theory]
    [MemberData(nameof(Setups))]
    public void Two_epochs_checkpoint_resume_two_epochs_equals_four_epochs(string setup)
    {
        double[] straight = Start();
        TrainingResult expected = Create(setup, 4).Fit(straight, Data);

        string path = _directory.File("run.ckpt");
        double[] first = Start();
        Create(setup, 2, path).Fit(first, Data);
        var resumed = new double[4];
        TrainingResult second = Create(setup, 4, path).Resume(path, resumed, Data);

        Problems.AssertBitwiseEqual(straight, resumed);
        Assert.Equal(expected.Steps, second.Steps);
        Assert.Equal(expected.History.Skip(2), second.History);   // epochs 3 and 4 report the same losses, bit for bit
    }

    [Theory]
    [InlineData(9)]    // mid-epoch (7 batches per epoch)
    [InlineData(14)]   // exactly at an epoch boundary
    public void A_run_stopped_by_MaxSteps_resumes_exactly(long steps)
    {
        double[] straight = Start();
        TrainingResult expected = Create("adam", 4).Fit(straight, Data);

        string path = _directory.File("run.ckpt");
        double[] first = Start();
        TrainingResult stopped = Create("adam", 4, path, maxSteps: steps).Fit(first, Data);
        Assert.Equal(StopReason.MaxSteps, stopped.StopReason);
        Assert.Equal(steps, stopped.Steps);

        var resumed = new double[4];
        TrainingResult rest = Create("adam", 4, path).Resume(path, resumed, Data);

        Problems.AssertBitwiseEqual(straight, resumed);
        Assert.Equal(expected.History[^1], rest.History[^1]);
    }

    [Fact]
    public void A_cancelled_run_checkpoints_and_resumes_exactly()
    {
        double[] straight = Start();
        Create("nesterov", 4).Fit(straight, Data);

        string path = _directory.File("run.ckpt");
        using var cancellation = new CancellationTokenSource();
        var progress = new RecordingProgress(report => { if (report.Step == 17) cancellation.Cancel(); });
        double[] first = Start();
        Assert.ThrowsAny<OperationCanceledException>(() => Create("nesterov", 4, path).Fit(first, Data, progress, cancellation.Token));

        var resumed = new double[4];
        TrainingResult rest = Create("nesterov", 4, path).Resume(path, resumed, Data);

        Assert.Equal(17, progress.Reports.Max(r => r.Step));
        Assert.Equal(28, rest.Steps);   // 4 epochs of 7 batches
        Problems.AssertBitwiseEqual(straight, resumed);
    }

    [Fact]
    public void The_same_seed_gives_the_same_run_and_another_seed_another()
    {
        double[] a = Start(), b = Start(), c = Start();
        new Trainer(Problems.Logistic, new Sgd(0.3)) { Epochs = 2, BatchSize = 8, Seed = 1 }.Fit(a, Data);
        new Trainer(Problems.Logistic, new Sgd(0.3)) { Epochs = 2, BatchSize = 8, Seed = 1 }.Fit(b, Data);
        new Trainer(Problems.Logistic, new Sgd(0.3)) { Epochs = 2, BatchSize = 8, Seed = 2 }.Fit(c, Data);

        Problems.AssertBitwiseEqual(a, b);
        Assert.NotEqual(a, c);
    }
}
