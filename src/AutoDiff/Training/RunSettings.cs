using System;
using System.Globalization;
using System.IO;

namespace AutoDiff.Training;

/// <summary>
/// What must be equal for a checkpoint to resume bit for bit: the shapes, the optimizer and its
/// hyper-parameters, and the settings that shape every step.
/// </summary>
internal sealed record RunSettings(
    string Optimizer, int ParameterCount, int SampleCount, int FeatureCount,
    int BatchSize, ulong Seed, double WeightDecay, double MaxGradientNorm)
{
    public void Write(BinaryWriter writer)
    {
        writer.Write(Optimizer);
        writer.Write(ParameterCount);
        writer.Write(SampleCount);
        writer.Write(FeatureCount);
        writer.Write(BatchSize);
        writer.Write(Seed);
        writer.Write(WeightDecay);
        writer.Write(MaxGradientNorm);
    }

    public static RunSettings Read(BinaryReader reader) => new(
        reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadInt32(),
        reader.ReadInt32(), reader.ReadUInt64(), reader.ReadDouble(), reader.ReadDouble());

    /// <summary>Throws naming the first setting in which this checkpoint's run differs from <paramref name="current"/>.</summary>
    public void ThrowIfDifferent(RunSettings current, string path)
    {
        Check(ParameterCount, current.ParameterCount, "the parameter count");
        Check(FeatureCount, current.FeatureCount, "the number of features");
        Check(SampleCount, current.SampleCount, "the number of training samples");
        Check(Optimizer, current.Optimizer, "the optimizer");
        Check(BatchSize, current.BatchSize, nameof(Trainer.BatchSize));
        Check(Seed, current.Seed, nameof(Trainer.Seed));
        Check(WeightDecay, current.WeightDecay, nameof(Trainer.WeightDecay));
        Check(MaxGradientNorm, current.MaxGradientNorm, nameof(Trainer.MaxGradientNorm));

        void Check<T>(T saved, T now, string what) where T : IEquatable<T>
        {
            if (!saved.Equals(now))
                throw new CheckpointException(string.Format(CultureInfo.InvariantCulture,
                    "Checkpoint '{0}' does not match this run: {1} was {2} when it was written, but is {3} now. " +
                    "Resume with the same model, data and settings, or start afresh with Fit.", path, what, saved, now));
        }
    }
}
