using System;
using System.IO;
using System.Numerics.Tensors;

namespace AutoDiff.Training;

/// <summary>
/// SGD with heavy-ball momentum, <c>v ← μ·v + g; θ ← θ − lr·v</c>, or with Nesterov momentum,
/// <c>v ← μ·v + g; θ ← θ − lr·(g + μ·v)</c> (the PyTorch formulation; v starts at zero).
/// </summary>
public sealed class Momentum : Optimizer
{
    private double[] _velocity = Array.Empty<double>();
    private double[] _direction = Array.Empty<double>();

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Base learning rate, e.g. 0.01.</param>
    /// <param name="momentum">μ in [0, 1), e.g. 0.9.</param>
    /// <param name="nesterov">Use Nesterov's look-ahead form.</param>
    public Momentum(double learningRate, double momentum = 0.9, bool nesterov = false) : base(learningRate)
    {
        ThrowIfNotInRange(momentum, 0, 1, nameof(momentum), "0.9");
        Coefficient = momentum;
        Nesterov = nesterov;
    }

    /// <summary>μ, the fraction of the velocity kept per step.</summary>
    public double Coefficient { get; }

    /// <summary>True for Nesterov momentum.</summary>
    public bool Nesterov { get; }

    internal override string Settings =>
        FormattableString.Invariant($"Momentum(learningRate={LearningRate:R}, momentum={Coefficient:R}, nesterov={Nesterov})");

    internal override void Reset(int parameterCount)
    {
        _velocity = new double[parameterCount];
        _direction = Nesterov ? new double[parameterCount] : Array.Empty<double>();
    }

    internal override void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        TensorPrimitives.MultiplyAdd(_velocity, Coefficient, gradient, _velocity);
        if (Nesterov)
        {
            TensorPrimitives.MultiplyAdd(_velocity, Coefficient, gradient, _direction);
            TensorPrimitives.MultiplyAdd(_direction, -learningRate, parameters, parameters);
        }
        else
        {
            TensorPrimitives.MultiplyAdd(_velocity, -learningRate, parameters, parameters);
        }
    }

    internal override void WriteState(BinaryWriter writer) => Checkpoint.WriteDoubles(writer, _velocity);

    internal override void ReadState(BinaryReader reader) => Checkpoint.ReadDoubles(reader, _velocity);
}
