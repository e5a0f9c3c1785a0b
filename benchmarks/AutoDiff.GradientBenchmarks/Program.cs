using System;
using BenchmarkDotNet.Running;

namespace AutoDiff.GradientBenchmarks;

public static class Program
{
    // dotnet run -c Release --project benchmarks/AutoDiff.GradientBenchmarks -- --filter '*' --job short
    // Add --quick for the one-minute run (small sizes, few iterations; see docs/benchmarks.md).
    public static void Main(string[] args)
    {
        bool quick = Array.IndexOf(args, "--quick") >= 0;
        if (quick) args = Array.FindAll(args, a => a != "--quick");
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, quick ? QuickConfig.Create() : RatioConfig.Create());
    }
}
