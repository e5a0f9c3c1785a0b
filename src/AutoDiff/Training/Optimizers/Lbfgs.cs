using System;
using System.IO;
using System.Numerics.Tensors;

namespace AutoDiff.Training;

/// <summary>Full-batch objective: returns the loss at <paramref name="parameters"/> and overwrites <paramref name="gradient"/>.</summary>
internal delegate double Objective(ReadOnlySpan<double> parameters, Span<double> gradient);

/// <summary>
/// Limited-memory BFGS (Nocedal and Wright, algorithm 7.4) with a backtracking Armijo line search.
/// Always full batch: one iteration per epoch over the whole training set.
/// </summary>
/// <remarks>
/// Each iteration tries the step length 1 along the quasi-Newton direction (the first iteration
/// scales it to unit length) and halves it until the loss drops by at least
/// <see cref="ArmijoConstant"/>·t·(g·d). A trial point whose loss is not finite counts as too long a step.
/// </remarks>
public sealed class Lbfgs : Optimizer
{
    private double[][] _s = Array.Empty<double[]>();   // parameter differences, ring buffer
    private double[][] _y = Array.Empty<double[]>();   // gradient differences, ring buffer
    private double[] _rho = Array.Empty<double>();     // 1 / (s·y)
    private double[] _alpha = Array.Empty<double>();
    private double[] _direction = Array.Empty<double>();
    private double[] _startParameters = Array.Empty<double>();
    private double[] _startGradient = Array.Empty<double>();
    private int _count;   // pairs held
    private int _newest;  // index of the newest pair

    /// <summary>Creates the optimizer.</summary>
    /// <param name="historySize">Correction pairs kept, at least 1, e.g. 10.</param>
    /// <param name="armijoConstant">Sufficient-decrease constant c1 in (0, 1), e.g. 1e-4.</param>
    /// <param name="maxLineSearchSteps">Halvings tried before an iteration gives up, at least 1, e.g. 40.</param>
    public Lbfgs(int historySize = 10, double armijoConstant = 1e-4, int maxLineSearchSteps = 40) : base(1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(historySize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineSearchSteps, 1);
        if (!(armijoConstant > 0 && armijoConstant < 1))
            throw new ArgumentOutOfRangeException(nameof(armijoConstant), armijoConstant, "armijoConstant must be in (0, 1), e.g. 1e-4.");
        HistorySize = historySize;
        ArmijoConstant = armijoConstant;
        MaxLineSearchSteps = maxLineSearchSteps;
    }

    /// <summary>Correction pairs kept.</summary>
    public int HistorySize { get; }

    /// <summary>Sufficient-decrease constant of the Armijo condition.</summary>
    public double ArmijoConstant { get; }

    /// <summary>Halvings of the step tried before an iteration gives up.</summary>
    public int MaxLineSearchSteps { get; }

    internal override string Settings => FormattableString.Invariant(
        $"Lbfgs(historySize={HistorySize}, armijoConstant={ArmijoConstant:R}, maxLineSearchSteps={MaxLineSearchSteps})");

    internal override void Reset(int parameterCount)
    {
        _s = new double[HistorySize][];
        _y = new double[HistorySize][];
        for (int i = 0; i < HistorySize; i++)
        {
            _s[i] = new double[parameterCount];
            _y[i] = new double[parameterCount];
        }
        _rho = new double[HistorySize];
        _alpha = new double[HistorySize];
        _direction = new double[parameterCount];
        _startParameters = new double[parameterCount];
        _startGradient = new double[parameterCount];
        _count = 0;
        _newest = -1;
    }

    /// <summary>
    /// One iteration from (<paramref name="parameters"/>, <paramref name="loss"/>, <paramref name="gradient"/>),
    /// which it updates to the accepted point. Returns the accepted step length, or 0 when the line
    /// search found no decrease; then all three are left as they were.
    /// </summary>
    internal double Iterate(Span<double> parameters, ref double loss, Span<double> gradient, Objective objective)
    {
        Span<double> d = _direction;
        ComputeDirection(gradient, d);
        double slope = TensorPrimitives.Dot(gradient, d);
        if (!(slope < 0))
        {
            // Curvature pairs gave no descent direction (possible in non-convex regions): restart as steepest descent.
            _count = 0;
            ComputeDirection(gradient, d);
            slope = TensorPrimitives.Dot(gradient, d);
            if (!(slope < 0)) return 0;   // zero gradient
        }

        parameters.CopyTo(_startParameters);
        gradient.CopyTo(_startGradient);
        double startLoss = loss;
        double t = LearningRate;
        for (int trial = 0; trial < MaxLineSearchSteps; trial++, t *= 0.5)
        {
            TensorPrimitives.MultiplyAdd(d, t, _startParameters, parameters);
            double trialLoss = objective(parameters, gradient);
            if (double.IsFinite(trialLoss) && trialLoss <= startLoss + ArmijoConstant * t * slope && TensorPrimitives.IsFiniteAll<double>(gradient))
            {
                Remember(parameters, gradient);
                loss = trialLoss;
                return t;
            }
        }

        _startParameters.CopyTo(parameters);
        _startGradient.CopyTo(gradient);
        loss = startLoss;
        return 0;
    }

    /// <summary>d = −H·g by the two-loop recursion; steepest descent of unit length while the history is empty.</summary>
    private void ComputeDirection(ReadOnlySpan<double> gradient, Span<double> d)
    {
        gradient.CopyTo(d);
        if (_count == 0)
        {
            double norm = TensorPrimitives.Norm(gradient);
            if (norm == 0) d.Clear();
            else TensorPrimitives.Multiply(d, -1 / norm, d);
            return;
        }

        for (int k = 0, i = _newest; k < _count; k++, i = Previous(i))
        {
            _alpha[i] = _rho[i] * TensorPrimitives.Dot(_s[i], d);
            TensorPrimitives.MultiplyAdd(_y[i], -_alpha[i], d, d);
        }

        // Initial Hessian γ·I with γ = s·y / y·y of the newest pair.
        double gamma = 1 / (_rho[_newest] * TensorPrimitives.Dot(_y[_newest], _y[_newest]));
        TensorPrimitives.Multiply(d, gamma, d);

        for (int k = 0, i = Oldest(); k < _count; k++, i = Next(i))
        {
            double beta = _rho[i] * TensorPrimitives.Dot(_y[i], d);
            TensorPrimitives.MultiplyAdd(_s[i], _alpha[i] - beta, d, d);
        }
        TensorPrimitives.Negate(d, d);
    }

    /// <summary>Stores s = x₁ − x₀ and y = g₁ − g₀ when s·y &gt; 0 (otherwise the BFGS update would lose positive definiteness).</summary>
    private void Remember(ReadOnlySpan<double> parameters, ReadOnlySpan<double> gradient)
    {
        // The direction and the start gradient are spent: reuse them as scratch for s and y, so a
        // rejected pair never overwrites the oldest pair of a full history.
        Span<double> s = _direction, y = _startGradient;
        TensorPrimitives.Subtract(parameters, _startParameters, s);
        TensorPrimitives.Subtract(gradient, y, y);
        double sy = TensorPrimitives.Dot(s, y);
        if (!(sy > 1e-10 * TensorPrimitives.Norm(s) * TensorPrimitives.Norm(y))) return;

        int slot = Next(_newest);
        s.CopyTo(_s[slot]);
        y.CopyTo(_y[slot]);
        _rho[slot] = 1 / sy;
        _newest = slot;
        _count = Math.Min(_count + 1, HistorySize);
    }

    private int Next(int i) => (i + 1) % HistorySize;

    private int Previous(int i) => (i + HistorySize - 1) % HistorySize;

    private int Oldest() => (_newest - _count + 1 + HistorySize) % HistorySize;

    internal override void WriteState(BinaryWriter writer)
    {
        writer.Write(_count);
        writer.Write(_newest);
        Checkpoint.WriteDoubles(writer, _rho);
        for (int i = 0; i < HistorySize; i++)
        {
            Checkpoint.WriteDoubles(writer, _s[i]);
            Checkpoint.WriteDoubles(writer, _y[i]);
        }
    }

    internal override void ReadState(BinaryReader reader)
    {
        int count = reader.ReadInt32(), newest = reader.ReadInt32();
        if (count < 0 || count > HistorySize || newest < -1 || newest >= HistorySize)
            throw new InvalidDataException("L-BFGS history indices out of range.");
        _count = count;
        _newest = newest;
        Checkpoint.ReadDoubles(reader, _rho);
        for (int i = 0; i < HistorySize; i++)
        {
            Checkpoint.ReadDoubles(reader, _s[i]);
            Checkpoint.ReadDoubles(reader, _y[i]);
        }
    }
}
