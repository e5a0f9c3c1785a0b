using System;
using System.Threading;

namespace AutoDiff.Training;

/// <summary>
/// Trains parameters by minimizing the mean of a per-sample loss over a <see cref="Dataset"/>, with
/// <see cref="Minibatch.Gradient"/> computing each batch's gradient.
/// </summary>
/// <remarks>
/// Configure with the init-only properties, then call <see cref="Fit"/> (or <see cref="Resume"/>).
/// Every epoch visits the samples in an order shuffled by a generator seeded with <see cref="Seed"/>,
/// so a run is reproducible bit for bit. A step applies, in order: clipping of the batch gradient to
/// <see cref="MaxGradientNorm"/>, weight decay (adds <see cref="WeightDecay"/>·θ), the optimizer update.
/// </remarks>
public sealed class Trainer
{
    /// <summary>Creates a trainer for the loss whose per-sample gradient is <paramref name="sampleGradient"/>.</summary>
    /// <param name="sampleGradient">Usually a generated <c>LossGradient</c>.</param>
    /// <param name="optimizer">The update rule; holds its state for one run at a time.</param>
    public Trainer(SampleGradient sampleGradient, Optimizer optimizer)
    {
        SampleGradient = sampleGradient ?? throw new ArgumentNullException(nameof(sampleGradient));
        Optimizer = optimizer ?? throw new ArgumentNullException(nameof(optimizer));
    }

    /// <summary>One sample's loss and gradient.</summary>
    public SampleGradient SampleGradient { get; }

    /// <summary>The update rule.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Total epochs to train (a resumed run counts the epochs before the checkpoint). Default 10.</summary>
    public int Epochs { get; init => field = AtLeast(value, 0, nameof(Epochs)); } = 10;

    /// <summary>Samples per step; the last batch of an epoch may be smaller. At least the sample count means full batch. Ignored by <see cref="Lbfgs"/> (always full batch). Default 32.</summary>
    public int BatchSize { get; init => field = AtLeast(value, 1, nameof(BatchSize)); } = 32;

    /// <summary>Seeds the shuffling of the samples. Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Each epoch's learning rate from the optimizer's; null keeps it constant. See <see cref="LearningRate"/>. Not for <see cref="Lbfgs"/>.</summary>
    public LearningRateSchedule? Schedule { get; init; }

    /// <summary>Rescales a batch gradient whose Euclidean norm exceeds this to this norm. Default: no clipping. Not for <see cref="Lbfgs"/>.</summary>
    public double MaxGradientNorm
    {
        get;
        init => field = value > 0 && !double.IsNaN(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxGradientNorm), value, "MaxGradientNorm must be positive, e.g. 5; use PositiveInfinity for no clipping.");
    } = double.PositiveInfinity;

    /// <summary>
    /// L2 weight decay λ: adds λ·θ to every gradient, i.e. minimizes loss + λ/2·‖θ‖². Reported losses
    /// exclude the penalty. Default 0.
    /// </summary>
    public double WeightDecay
    {
        get;
        init => field = value >= 0 && double.IsFinite(value) ? value
            : throw new ArgumentOutOfRangeException(nameof(WeightDecay), value, "WeightDecay must be finite and non-negative, e.g. 1e-4.");
    }

    /// <summary>Stops when the epoch's training loss differs from the previous epoch's by less than this. Default 0: off.</summary>
    public double Tolerance
    {
        get;
        init => field = value >= 0 ? value
            : throw new ArgumentOutOfRangeException(nameof(Tolerance), value, "Tolerance must be non-negative, e.g. 1e-6; 0 turns the convergence test off.");
    }

    /// <summary>Stops after this many optimizer steps in total, possibly mid-epoch. Default: no limit.</summary>
    public long MaxSteps { get; init => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(MaxSteps), value, "MaxSteps must be at least 1."); } = long.MaxValue;

    /// <summary>Passed to <see cref="Minibatch.Gradient"/>: -1 uses all cores. Results do not depend on it.</summary>
    public int MaxDegreeOfParallelism
    {
        get;
        init => field = value == -1 || value >= 1 ? value
            : throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), value, "MaxDegreeOfParallelism must be -1 (all cores) or at least 1.");
    } = -1;

    /// <summary>Samples held out of training; their mean loss is reported at the end of every epoch.</summary>
    public Dataset? Validation { get; init; }

    /// <summary>A score reported at the end of every epoch, on <see cref="Validation"/> if set, else on the training data.</summary>
    public Metric? Metric { get; init; }

    /// <summary>
    /// When set, a checkpoint is written there every <see cref="CheckpointEvery"/> epochs and whenever
    /// training stops or is cancelled (not on a <see cref="NonFiniteLossException"/>: the last good one stays).
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>Epochs between checkpoints. Default 1.</summary>
    public int CheckpointEvery { get; init => field = AtLeast(value, 1, nameof(CheckpointEvery)); } = 1;

    /// <summary>Trains <paramref name="parameters"/> in place from their current values, with fresh optimizer state.</summary>
    /// <param name="parameters">Initial parameters; on return, or on any exception, the last good step's.</param>
    /// <param name="data">The training samples.</param>
    /// <param name="progress">Called synchronously after every step and at the end of every epoch.</param>
    /// <param name="cancellationToken">Checked before every step. On cancellation the checkpoint (if any) is written, then <see cref="OperationCanceledException"/> is thrown.</param>
    /// <exception cref="NonFiniteLossException">A loss, gradient or updated parameter was NaN or infinite.</exception>
    public TrainingResult Fit(Span<double> parameters, Dataset data,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        TrainingRun run = Start(parameters.Length, data);
        return run.Run(parameters, progress, cancellationToken);
    }

    /// <summary>
    /// Loads <paramref name="parameters"/>, optimizer state and position from a checkpoint written by a
    /// run with the same settings and data, and continues to <see cref="Epochs"/> exactly as the
    /// original run would have.
    /// </summary>
    /// <param name="checkpointPath">A file written through <see cref="CheckpointPath"/>.</param>
    /// <param name="parameters">Receives the checkpoint's parameters, then is trained in place; its length must match.</param>
    /// <param name="data">The same training samples as the run that wrote the checkpoint.</param>
    /// <param name="progress">As for <see cref="Fit"/>.</param>
    /// <param name="cancellationToken">As for <see cref="Fit"/>.</param>
    /// <exception cref="CheckpointException">The file is missing, foreign, truncated, corrupted, or from a run with other settings.</exception>
    public TrainingResult Resume(string checkpointPath, Span<double> parameters, Dataset data,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointPath);
        TrainingRun run = Start(parameters.Length, data);
        Checkpoint.Read(checkpointPath, run, parameters);
        return run.Run(parameters, progress, cancellationToken);
    }

    private TrainingRun Start(int parameterCount, Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (parameterCount == 0) throw new ArgumentException("There are no parameters to train.", "parameters");
        if (Validation is not null && Validation.FeatureCount != data.FeatureCount)
            throw new ArgumentException(
                $"Validation has {Validation.FeatureCount} features per sample but the training data has {data.FeatureCount}.", nameof(Validation));
        if (Optimizer is Lbfgs && Schedule is not null)
            throw new InvalidOperationException("Lbfgs chooses its step length by line search; remove the Schedule.");
        if (Optimizer is Lbfgs && MaxGradientNorm != double.PositiveInfinity)
            throw new InvalidOperationException("Lbfgs chooses its step length by line search; remove MaxGradientNorm.");
        return new TrainingRun(this, data, parameterCount);
    }

    private static int AtLeast(int value, int minimum, string name) =>
        value >= minimum ? value : throw new ArgumentOutOfRangeException(name, value, $"{name} must be at least {minimum}.");
}
