using System;
using System.IO;
using System.Numerics.Tensors;

namespace AutoDiff.Training;

/// <summary>Plain stochastic gradient descent: <c>θ ← θ − lr·g</c>.</summary>
public sealed class Sgd : Optimizer
{
    /// <summary>Creates the optimizer with base rate <paramref name="learningRate"/>.</summary>
    public Sgd(double learningRate) : base(learningRate) { }

    internal override string Settings => FormattableString.Invariant($"Sgd(learningRate={LearningRate:R})");

    internal override void Reset(int parameterCount) { }

    internal override void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate) =>
        TensorPrimitives.MultiplyAdd(gradient, -learningRate, parameters, parameters);

    internal override void WriteState(BinaryWriter writer) { }

    internal override void ReadState(BinaryReader reader) { }
}
