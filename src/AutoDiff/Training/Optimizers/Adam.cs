using System;
using System.IO;
using System.Numerics;

namespace AutoDiff.Training;

/// <summary>
/// Adam (Kingma and Ba, 2015). At step t:
/// <c>m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g·g; θ ← θ − lr·(m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)</c>.
/// </summary>
/// <remarks><see cref="Trainer.WeightDecay"/> adds λ·θ to g before this update (L2, not AdamW).</remarks>
public sealed class Adam : Optimizer
{
    private double[] _m = Array.Empty<double>();
    private double[] _v = Array.Empty<double>();
    private long _t;

    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">Base learning rate, e.g. 0.001.</param>
    /// <param name="beta1">Decay of the first moment, in [0, 1), e.g. 0.9.</param>
    /// <param name="beta2">Decay of the second moment, in [0, 1), e.g. 0.999.</param>
    /// <param name="epsilon">Added to the root of the second moment, positive, e.g. 1e-8.</param>
    public Adam(double learningRate = 0.001, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8) : base(learningRate)
    {
        ThrowIfNotInRange(beta1, 0, 1, nameof(beta1), "0.9");
        ThrowIfNotInRange(beta2, 0, 1, nameof(beta2), "0.999");
        if (!(epsilon > 0) || !double.IsFinite(epsilon))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive and finite, e.g. 1e-8.");
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the root of the second moment.</summary>
    public double Epsilon { get; }

    internal override string Settings =>
        FormattableString.Invariant($"Adam(learningRate={LearningRate:R}, beta1={Beta1:R}, beta2={Beta2:R}, epsilon={Epsilon:R})");

    internal override void Reset(int parameterCount)
    {
        _m = new double[parameterCount];
        _v = new double[parameterCount];
        _t = 0;
    }

    internal override void Step(Span<double> parameters, ReadOnlySpan<double> gradient, double learningRate)
    {
        _t++;
        double b1 = Beta1, a1 = 1 - Beta1, b2 = Beta2, a2 = 1 - Beta2;
        double c1 = 1 - Math.Pow(Beta1, _t), c2 = 1 - Math.Pow(Beta2, _t);
        Span<double> m = _m, v = _v;

        // One fused pass; the vector body and the scalar tail evaluate the same expression in the
        // same order, so every element is rounded identically (.NET never contracts a*b+c into an FMA).
        int i = 0;
        int width = Vector<double>.Count;
        var epsilon = new Vector<double>(Epsilon);
        for (; i <= parameters.Length - width; i += width)
        {
            var g = new Vector<double>(gradient.Slice(i));
            var mi = b1 * new Vector<double>(m.Slice(i)) + a1 * g;
            var vi = b2 * new Vector<double>(v.Slice(i)) + a2 * g * g;
            var step = learningRate * (mi / c1) / (Vector.SquareRoot(vi / c2) + epsilon);
            (new Vector<double>(parameters.Slice(i)) - step).CopyTo(parameters.Slice(i));
            mi.CopyTo(m.Slice(i));
            vi.CopyTo(v.Slice(i));
        }
        for (; i < parameters.Length; i++)
        {
            double g = gradient[i];
            double mi = b1 * m[i] + a1 * g;
            double vi = b2 * v[i] + a2 * g * g;
            parameters[i] -= learningRate * (mi / c1) / (Math.Sqrt(vi / c2) + Epsilon);
            m[i] = mi;
            v[i] = vi;
        }
    }

    internal override void WriteState(BinaryWriter writer)
    {
        writer.Write(_t);
        Checkpoint.WriteDoubles(writer, _m);
        Checkpoint.WriteDoubles(writer, _v);
    }

    internal override void ReadState(BinaryReader reader)
    {
        _t = reader.ReadInt64();
        Checkpoint.ReadDoubles(reader, _m);
        Checkpoint.ReadDoubles(reader, _v);
    }
}
