using System;

namespace AutoDiff.Training;

/// <summary>The learning rate for a 0-based <paramref name="epoch"/>, given the optimizer's <paramref name="baseRate"/>.</summary>
public delegate double LearningRateSchedule(int epoch, double baseRate);

/// <summary>Ready-made <see cref="LearningRateSchedule"/>s; any lambda of that shape works as well.</summary>
public static class LearningRate
{
    /// <summary>The optimizer's rate in every epoch.</summary>
    public static LearningRateSchedule Constant() => static (_, baseRate) => baseRate;

    /// <summary>Multiplies the rate by <paramref name="factor"/> every <paramref name="everyEpochs"/> epochs.</summary>
    public static LearningRateSchedule StepDecay(int everyEpochs, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(everyEpochs, 1);
        if (!(factor > 0)) throw new ArgumentOutOfRangeException(nameof(factor), factor, "The decay factor must be positive, e.g. 0.5.");
        return (epoch, baseRate) => baseRate * Math.Pow(factor, epoch / everyEpochs);
    }

    /// <summary>
    /// Cosine annealing from the base rate in epoch 0 down to <paramref name="minimumRate"/> at epoch
    /// <paramref name="epochs"/>; stays at the minimum afterwards.
    /// </summary>
    public static LearningRateSchedule Cosine(int epochs, double minimumRate = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(epochs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(minimumRate);
        return (epoch, baseRate) =>
        {
            double progress = Math.Min(epoch, epochs) / (double)epochs;
            return minimumRate + (baseRate - minimumRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
        };
    }
}
