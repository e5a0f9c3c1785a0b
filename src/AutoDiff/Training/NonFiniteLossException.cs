using System;

namespace AutoDiff.Training;

/// <summary>
/// A loss, gradient or updated parameter was NaN or infinite. Training stopped and the parameters
/// hold the values of the last good step.
/// </summary>
public sealed class NonFiniteLossException : ArithmeticException
{
    internal NonFiniteLossException(int epoch, int batch, long step, string what)
        : base($"Training stopped at epoch {epoch}, batch {batch} (step {step}): {what} is not finite. " +
               "The parameters hold the last good step. Lower the learning rate, clip the gradient (Trainer.MaxGradientNorm), " +
               "or check the loss for log(0), overflow in exp, or division by zero.")
    {
        Epoch = epoch;
        Batch = batch;
        Step = step;
    }

    /// <summary>1-based epoch of the failing batch.</summary>
    public int Epoch { get; }

    /// <summary>1-based batch within the epoch.</summary>
    public int Batch { get; }

    /// <summary>1-based optimizer step that failed.</summary>
    public long Step { get; }
}
