using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics.Tensors;
using System.Threading;

namespace AutoDiff.Training;

/// <summary>
/// One training run: the buffers, allocated once, and the position (epoch, batch, step, random
/// state) that a checkpoint saves. Steady-state steps allocate nothing.
/// </summary>
internal sealed class TrainingRun
{
    private readonly Trainer _trainer;
    private readonly Dataset _data;
    private readonly int _batchSize;
    private readonly int _batchCount;
    private readonly int[] _order;
    private readonly double[] _batchFeatures;
    private readonly double[] _batchTargets;
    private readonly double[] _gradient;
    private readonly double[] _lastGood;
    private readonly double[] _scratchGradient;
    private readonly Xoshiro256 _random;

    // The position; exactly what a checkpoint saves besides parameters and optimizer state.
    private int _epoch;                                   // completed epochs
    private int _batchInEpoch;                            // completed batches of the current epoch
    private long _step;                                   // completed optimizer steps
    private (ulong, ulong, ulong, ulong) _epochRandomState; // random state before the current epoch's shuffle
    private double _epochLossSum;                         // Σ batch loss · batch size over the current epoch
    private double _previousEpochLoss = double.NaN;

    private double _lastDataLoss;                          // L-BFGS: data loss of the latest objective evaluation

    public TrainingRun(Trainer trainer, Dataset data, int parameterCount)
    {
        _trainer = trainer;
        _data = data;
        Optimizer = trainer.Optimizer;
        bool fullBatch = Optimizer is Lbfgs || trainer.BatchSize >= data.Count;
        _batchSize = fullBatch ? data.Count : trainer.BatchSize;
        _batchCount = (data.Count + _batchSize - 1) / _batchSize;
        Settings = new RunSettings(Optimizer.Settings, parameterCount, data.Count, data.FeatureCount,
            _batchSize, trainer.Seed, trainer.WeightDecay, trainer.MaxGradientNorm);

        // A full batch is read in place: no shuffle, no gather.
        _order = fullBatch ? Array.Empty<int>() : new int[data.Count];
        _batchFeatures = fullBatch ? Array.Empty<double>() : new double[_batchSize * data.FeatureCount];
        _batchTargets = fullBatch ? Array.Empty<double>() : new double[_batchSize];
        _gradient = new double[parameterCount];
        _lastGood = new double[parameterCount];
        _scratchGradient = new double[parameterCount];
        _random = new Xoshiro256(trainer.Seed);
        _epochRandomState = _random.State;
        Optimizer.Reset(parameterCount);
    }

    public Optimizer Optimizer { get; }

    public RunSettings Settings { get; }

    public TrainingResult Run(Span<double> parameters, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        var history = new List<TrainingProgress>(Math.Max(0, _trainer.Epochs - _epoch));
        StopReason reason = Optimizer is Lbfgs lbfgs
            ? RunLbfgs(lbfgs, parameters, history, progress, cancellationToken)
            : RunFirstOrder(parameters, history, progress, cancellationToken);
        return new TrainingResult(reason, _epoch, _step, history);
    }

    private StopReason RunFirstOrder(Span<double> parameters, List<TrainingProgress> history,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        ReadOnlySpan<double> features = _data.Features.Span, targets = _data.Targets.Span;
        int n = _data.Count, d = _data.FeatureCount;
        while (_epoch < _trainer.Epochs)
        {
            double learningRate = LearningRateFor(_epoch);
            if (_batchCount > 1)
            {
                // From the identity each epoch, so the order depends on the random state alone (which a checkpoint holds).
                for (int i = 0; i < _order.Length; i++) _order[i] = i;
                _random.State = _epochRandomState;
                _random.Shuffle(_order);
            }

            for (int b = _batchInEpoch; b < _batchCount; b++)
            {
                ThrowIfCancelled(parameters, cancellationToken);
                int start = b * _batchSize, count = Math.Min(_batchSize, n - start);
                ReadOnlySpan<double> batchFeatures = features, batchTargets = targets;
                if (_batchCount > 1)
                {
                    for (int k = 0; k < count; k++)
                    {
                        int row = _order[start + k];
                        features.Slice(row * d, d).CopyTo(_batchFeatures.AsSpan(k * d, d));
                        _batchTargets[k] = targets[row];
                    }
                    batchFeatures = _batchFeatures.AsSpan(0, count * d);
                    batchTargets = _batchTargets.AsSpan(0, count);
                }

                double loss = Minibatch.Gradient(_trainer.SampleGradient, parameters, batchFeatures, batchTargets,
                    _gradient, Reduction.Mean, _trainer.MaxDegreeOfParallelism);
                if (!double.IsFinite(loss)) throw NonFinite(b, "the batch loss");
                if (!TensorPrimitives.IsFiniteAll<double>(_gradient)) throw NonFinite(b, "the gradient");

                ClipGradient();
                if (_trainer.WeightDecay != 0)
                    TensorPrimitives.MultiplyAdd(parameters, _trainer.WeightDecay, _gradient, _gradient);

                parameters.CopyTo(_lastGood);
                Optimizer.Step(parameters, _gradient, learningRate);
                if (!TensorPrimitives.IsFiniteAll<double>(parameters))
                {
                    _lastGood.CopyTo(parameters);
                    throw NonFinite(b, "a parameter after the update");
                }

                _step++;
                _batchInEpoch = b + 1;
                _epochLossSum += loss * count;
                progress?.Report(new TrainingProgress(_epoch + 1, b + 1, _batchCount, _step, loss, null, null, learningRate, false));

                if (_step >= _trainer.MaxSteps && _batchInEpoch < _batchCount)
                {
                    SaveCheckpoint(parameters);
                    return StopReason.MaxSteps;
                }
            }

            double epochLoss = _epochLossSum / n;
            _epoch++;
            _batchInEpoch = 0;
            _epochLossSum = 0;
            _epochRandomState = _random.State;
            if (EndEpoch(parameters, epochLoss, learningRate, history, progress) is StopReason stop) return stop;
        }
        SaveCheckpoint(parameters);
        return StopReason.EpochsCompleted;
    }

    private StopReason RunLbfgs(Lbfgs lbfgs, Span<double> parameters, List<TrainingProgress> history,
        IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
    {
        Objective objective = Evaluate;
        double loss = Evaluate(parameters, _gradient);
        if (!double.IsFinite(loss)) throw NonFinite(0, "the loss");
        if (!TensorPrimitives.IsFiniteAll<double>(_gradient)) throw NonFinite(0, "the gradient");

        while (_epoch < _trainer.Epochs)
        {
            ThrowIfCancelled(parameters, cancellationToken);
            double stepLength = lbfgs.Iterate(parameters, ref loss, _gradient, objective);
            if (stepLength == 0)
            {
                SaveCheckpoint(parameters);
                return StopReason.NoProgress;
            }

            _step++;
            _epoch++;
            progress?.Report(new TrainingProgress(_epoch, 1, 1, _step, _lastDataLoss, null, null, stepLength, false));
            if (EndEpoch(parameters, _lastDataLoss, stepLength, history, progress) is StopReason stop) return stop;
        }
        SaveCheckpoint(parameters);
        return StopReason.EpochsCompleted;
    }

    /// <summary>The full-batch objective for L-BFGS: mean loss plus the weight-decay penalty λ/2·‖θ‖².</summary>
    private double Evaluate(ReadOnlySpan<double> parameters, Span<double> gradient)
    {
        _lastDataLoss = Minibatch.Gradient(_trainer.SampleGradient, parameters, _data.Features.Span, _data.Targets.Span,
            gradient, Reduction.Mean, _trainer.MaxDegreeOfParallelism);
        double lambda = _trainer.WeightDecay;
        if (lambda == 0) return _lastDataLoss;
        TensorPrimitives.MultiplyAdd(parameters, lambda, gradient, gradient);
        return _lastDataLoss + 0.5 * lambda * TensorPrimitives.Dot(parameters, parameters);
    }

    /// <summary>Validation, metric, report, checkpoint; returns why to stop, or null to go on.</summary>
    private StopReason? EndEpoch(Span<double> parameters, double epochLoss, double learningRate,
        List<TrainingProgress> history, IProgress<TrainingProgress>? progress)
    {
        Dataset? validation = _trainer.Validation;
        double? validationLoss = validation is null ? null
            : Minibatch.Gradient(_trainer.SampleGradient, parameters, validation.Features.Span, validation.Targets.Span,
                _scratchGradient, Reduction.Mean, _trainer.MaxDegreeOfParallelism);
        double? metric = _trainer.Metric?.Invoke(parameters, validation ?? _data);

        bool converged = _trainer.Tolerance > 0 && Math.Abs(epochLoss - _previousEpochLoss) < _trainer.Tolerance;
        _previousEpochLoss = epochLoss;

        var report = new TrainingProgress(_epoch, _batchCount, _batchCount, _step, epochLoss, validationLoss, metric, learningRate, true);
        history.Add(report);
        progress?.Report(report);

        StopReason? stop = converged ? StopReason.Converged
            : _step >= _trainer.MaxSteps ? StopReason.MaxSteps
            : _epoch >= _trainer.Epochs ? StopReason.EpochsCompleted
            : null;
        if (stop is not null || _epoch % _trainer.CheckpointEvery == 0) SaveCheckpoint(parameters);
        return stop;
    }

    private void ClipGradient()
    {
        double max = _trainer.MaxGradientNorm;
        if (double.IsPositiveInfinity(max)) return;
        double norm = TensorPrimitives.Norm<double>(_gradient);
        if (norm > max) TensorPrimitives.Multiply(_gradient, max / norm, _gradient);
    }

    private double LearningRateFor(int epoch)
    {
        double baseRate = Optimizer.LearningRate;
        if (_trainer.Schedule is not { } schedule) return baseRate;
        double rate = schedule(epoch, baseRate);
        if (!(rate >= 0) || !double.IsFinite(rate))
            throw new InvalidOperationException($"The Schedule returned {rate} for epoch {epoch}; a learning rate must be finite and non-negative.");
        return rate;
    }

    private void ThrowIfCancelled(ReadOnlySpan<double> parameters, CancellationToken cancellationToken)
    {
        if (!cancellationToken.IsCancellationRequested) return;
        SaveCheckpoint(parameters);
        cancellationToken.ThrowIfCancellationRequested();
    }

    private NonFiniteLossException NonFinite(int batch, string what) =>
        new(_epoch + 1, batch + 1, _step + 1, what);

    private void SaveCheckpoint(ReadOnlySpan<double> parameters)
    {
        if (_trainer.CheckpointPath is { } path) Checkpoint.Write(path, this, parameters);
    }

    public void WriteState(BinaryWriter writer)
    {
        writer.Write(_epoch);
        writer.Write(_batchInEpoch);
        writer.Write(_step);
        (ulong s0, ulong s1, ulong s2, ulong s3) = _epochRandomState;
        writer.Write(s0);
        writer.Write(s1);
        writer.Write(s2);
        writer.Write(s3);
        writer.Write(_epochLossSum);
        writer.Write(_previousEpochLoss);
    }

    public void ReadState(BinaryReader reader)
    {
        int epoch = reader.ReadInt32(), batchInEpoch = reader.ReadInt32();
        long step = reader.ReadInt64();
        if (epoch < 0 || batchInEpoch < 0 || batchInEpoch >= _batchCount || step < 0)
            throw new InvalidDataException("epoch, batch or step out of range");
        _epoch = epoch;
        _batchInEpoch = batchInEpoch;
        _step = step;
        _epochRandomState = (reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        _epochLossSum = reader.ReadDouble();
        _previousEpochLoss = reader.ReadDouble();
    }
}
