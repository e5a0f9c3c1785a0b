using System;
using System.IO;

namespace AutoDiff.Training;

/// <summary>
/// Updates parameters from gradients: <see cref="Sgd"/>, <see cref="Momentum"/>, <see cref="Adam"/>, <see cref="Lbfgs"/>.
/// An instance holds its state (velocities, moments, history) for one training run at a time.
/// </summary>
public abstract class Optimizer
{
    private protected Optimizer(double learningRate)
    {
        if (!(learningRate > 0) || !double.IsFinite(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be positive and finite, e.g. 0.01.");
        LearningRate = learningRate;
    }

    /// <summary>The base learning rate; a <see cref="Trainer.Schedule"/> derives each epoch's rate from it.</summary>
    public double LearningRate { get; }

    /// <summary>The optimizer's name and hyper-parameters. A checkpoint resumes only with equal settings.</summary>
    internal abstract string Settings { get; }

    /// <summary>Allocates the state for <paramref name="parameterCount"/> parameters and clears it.</summary>
    internal abstract void Reset(int parameterCount);

    /// <summary>One update of <paramref name="parameters"/> from the batch <paramref name="gradient"/>.</summary>
    internal virtual void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate) =>
        throw new NotSupportedException($"{GetType().Name} does not take single gradient steps.");

    internal abstract void WriteState(BinaryWriter writer);

    internal abstract void ReadState(BinaryReader reader);

    /// <summary>The optimizer's name and hyper-parameters.</summary>
    public override string ToString() => Settings;

    private protected static void ThrowIfNotInRange(double value, double min, double max, string name, string example)
    {
        if (!(value >= min && value < max))
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {max}), e.g. {example}.");
    }
}
