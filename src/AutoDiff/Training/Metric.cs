using System;

namespace AutoDiff.Training;

/// <summary>A score of the parameters on a dataset, e.g. accuracy; reported once per epoch.</summary>
public delegate double Metric(ReadOnlySpan<double> parameters, Dataset data);
