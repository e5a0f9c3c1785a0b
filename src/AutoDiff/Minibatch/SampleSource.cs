using System;
using System.Runtime.CompilerServices;

namespace AutoDiff;

/// <summary>A batch given as a span of user samples.</summary>
internal readonly unsafe struct SampleSource<TSample> : IChunkSource
{
    private readonly SampleGradient<TSample> _sampleGradient;
    private readonly double* _parameters;
    private readonly int _parameterCount;
    private readonly void* _samples;

    /// <summary>All pointers must stay pinned while the source is in use.</summary>
    public SampleSource(SampleGradient<TSample> sampleGradient, double* parameters, int parameterCount, void* samples)
    {
        _sampleGradient = sampleGradient;
        _parameters = parameters;
        _parameterCount = parameterCount;
        _samples = samples;
    }

    public double Accumulate(int start, int length, Span<double> gradient)
    {
        var parameters = new ReadOnlySpan<double>(_parameters, _parameterCount);
        ref TSample first = ref Unsafe.AsRef<TSample>(_samples);
        double loss = 0;
        for (int i = start; i < start + length; i++)
        {
            loss += _sampleGradient(parameters, in Unsafe.Add(ref first, i), gradient);
        }
        return loss;
    }
}
