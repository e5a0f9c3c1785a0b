using System;

namespace AutoDiff;

/// <summary>A batch given as a row-major feature matrix and one target per row.</summary>
internal readonly unsafe struct MatrixSource : IChunkSource
{
    private readonly SampleGradient _sampleGradient;
    private readonly double* _parameters;
    private readonly int _parameterCount;
    private readonly double* _features;
    private readonly int _columns;
    private readonly double* _targets;

    /// <summary>All pointers must stay pinned while the source is in use.</summary>
    public MatrixSource(
        SampleGradient sampleGradient, double* parameters, int parameterCount, double* features, int columns, double* targets)
    {
        _sampleGradient = sampleGradient;
        _parameters = parameters;
        _parameterCount = parameterCount;
        _features = features;
        _columns = columns;
        _targets = targets;
    }

    public double Accumulate(int start, int length, Span<double> gradient)
    {
        var parameters = new ReadOnlySpan<double>(_parameters, _parameterCount);
        double loss = 0;
        for (int row = start; row < start + length; row++)
        {
            var features = new ReadOnlySpan<double>(_features + (nint)row * _columns, _columns);
            loss += _sampleGradient(parameters, features, _targets[row], gradient);
        }
        return loss;
    }
}
