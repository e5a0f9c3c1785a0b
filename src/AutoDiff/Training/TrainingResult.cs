using System.Collections.Generic;

namespace AutoDiff.Training;

/// <summary>Why training stopped.</summary>
public enum StopReason
{
    /// <summary>All <see cref="Trainer.Epochs"/> epochs ran.</summary>
    EpochsCompleted,

    /// <summary>The epoch loss changed by less than <see cref="Trainer.Tolerance"/>.</summary>
    Converged,

    /// <summary><see cref="Trainer.MaxSteps"/> optimizer steps were taken.</summary>
    MaxSteps,

    /// <summary>L-BFGS's line search found no decrease: a minimum to working precision, or a wrong gradient.</summary>
    NoProgress,
}

/// <summary>The outcome of <see cref="Trainer.Fit"/> or <see cref="Trainer.Resume"/>.</summary>
/// <param name="StopReason">Why training stopped.</param>
/// <param name="Epochs">Epochs completed since the start of training (resumed runs included).</param>
/// <param name="Steps">Optimizer steps taken since the start of training.</param>
/// <param name="History">The end-of-epoch reports of this call, in order.</param>
public sealed record TrainingResult(StopReason StopReason, int Epochs, long Steps, IReadOnlyList<TrainingProgress> History);
