using System;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;

namespace AutoDiff.GradientBenchmarks;

/// <summary>Full runs: BenchmarkDotNet's defaults (use <c>--job short</c> on a busy machine).</summary>
public static class RatioConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
        .HideColumns(Column.Error, Column.StdDev, Column.RatioSD);
}

/// <summary>
/// <c>--quick</c>: the smallest size of every benchmark, 1 warm-up and 3 iterations of 100 ms.
/// Sets <see cref="Sizes.QuickVariable"/> so the [ParamsSource] members return only their first size.
/// </summary>
public static class QuickConfig
{
    public static IConfig Create()
    {
        Environment.SetEnvironmentVariable(Sizes.QuickVariable, "1");
        return DefaultConfig.Instance
            .AddJob(Job.Default.WithId("Quick").WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(100)))
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Value))
            .HideColumns(Column.Error, Column.StdDev, Column.RatioSD);
    }
}

public static class Sizes
{
    public const string QuickVariable = "AUTODIFF_BENCH_QUICK";

    public static bool Quick => Environment.GetEnvironmentVariable(QuickVariable) == "1";

    /// <summary>All of <paramref name="sizes"/>, or only the first in quick mode.</summary>
    public static T[] Pick<T>(params T[] sizes) => Quick ? [sizes[0]] : sizes;
}
