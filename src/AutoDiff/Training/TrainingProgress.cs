namespace AutoDiff.Training;

/// <summary>Reported after every optimizer step and once more at the end of every epoch.</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batch">1-based batch within the epoch (equal to <paramref name="BatchCount"/> at the end of an epoch).</param>
/// <param name="BatchCount">Batches per epoch.</param>
/// <param name="Step">Optimizer steps taken since the start of training (resumed runs included).</param>
/// <param name="Loss">The batch's mean loss for a step report; the epoch's mean training loss for an end-of-epoch report.</param>
/// <param name="ValidationLoss">Mean loss on the validation set (end of epoch, when one is set).</param>
/// <param name="Metric">The metric (end of epoch, when one is set), on the validation set if there is one, else on the training set.</param>
/// <param name="LearningRate">The learning rate used by the step (for L-BFGS: the step length its line search accepted).</param>
/// <param name="IsEpochEnd">True for the end-of-epoch report.</param>
public readonly record struct TrainingProgress(
    int Epoch,
    int Batch,
    int BatchCount,
    long Step,
    double Loss,
    double? ValidationLoss,
    double? Metric,
    double LearningRate,
    bool IsEpochEnd);
