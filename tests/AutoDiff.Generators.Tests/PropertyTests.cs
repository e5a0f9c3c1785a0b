using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Tests.Infrastructure;
using AutoDiff.Testing;
using CsCheck;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// Random programs (<see cref="RandomPrograms"/>) compiled through the generator: every gradient matches
/// finite differences, and the generator never throws, even on programs with random edits.
/// </summary>
/// <remarks>
/// For speed, one CsCheck sample is a batch of programs compiled together (one class each, P0..Pn).
/// A failure lists each failing program's source and point; CsCheck adds the seed to reproduce the
/// whole batch (<c>CsCheck_Seed=... dotnet test</c>). More programs: <c>AUTODIFF_PROPERTY_PROGRAMS=500</c>.
/// </remarks>
public class PropertyTests
{
    private static int BatchSize =>
        int.TryParse(Environment.GetEnvironmentVariable("AUTODIFF_PROPERTY_PROGRAMS"), out int n) && n > 0 ? n : 40;

    [Fact]
    public void RandomProgramsHaveCorrectGradients()
    {
        RandomPrograms.Program.Array[BatchSize].Sample(programs => { CheckBatch(programs); }, iter: 1, threads: 1,
            print: programs => $"{programs.Length} programs; the failing ones are listed in the exception.");
    }

    /// <summary>Programs with a span refilled in every iteration of a loop: checked as above, and some must get tape rows.</summary>
    [Fact]
    public void RandomProgramsWithRefilledArraysHaveCorrectGradients()
    {
        RandomPrograms.ProgramWithRefilledArray.Array[Math.Max(10, BatchSize / 4)].Sample(programs =>
        {
            GeneratorRun optimized = CheckBatch(programs);
            Assert.Contains(optimized.GeneratedSources.Values, source => source.Contains("ReserveRows", StringComparison.Ordinal));
        }, iter: 1, threads: 1, print: programs => $"{programs.Length} programs; the failing ones are listed in the exception.");
    }

    [Fact]
    public void GeneratorNeverThrowsOnEditedPrograms()
    {
        Gen<string> edited = Gen.Select(RandomPrograms.Program, Gen.Double.Unit, Gen.Int[0, 20], Gen.OneOf(EditTokens),
            (program, at, length, token) =>
            {
                string source = program.Source("P");
                int start = (int)(at * source.Length);
                return source[..start] + token + source[Math.Min(source.Length, start + length)..];
            });

        edited.Array[BatchSize].Sample(sources =>
        {
            GeneratorRun run = GeneratorHarness.Run(sources.Select((s, i) => s.Replace("class P", "class P" + i)).ToArray());
            if (run.Exception is null && !run.DriverDiagnostics.Any(d => d.Id is "CS8785" or "AD0001")) return;

            // Find the programs that crash on their own.
            var crashing = sources.Where(s => GeneratorHarness.Run(s) is var r && (r.Exception is not null || r.DriverDiagnostics.Any(d => d.Id is "CS8785" or "AD0001")));
            Assert.Fail($"The generator threw: {run.Exception}\n\nPrograms that crash it:\n\n" + string.Join("\n\n// ----\n\n", crashing));
        }, iter: 1, threads: 1, print: sources => $"{sources.Length} edited programs; the crashing ones are listed in the exception.");
    }

    private static readonly string[] EditTokens =
    {
        "", ";", "{", "}", "(", ")", "[", "]", ",", ".", "=", "+=", "?", ":", "\"", "'", "//", "/*", "#if X\n", "@",
        "for (", "if (", "while (true) ", "return ", "double ", "int ", "w[", "Math.", "Math.Foo(", "null", "new ", "x => x",
        "ref ", "static ", "default", "1e", "0x", "$\"", "\n[Differentiable]\n", "stackalloc double[3]", "goto L;", "L:",
    };

    /// <summary>Checks every program of the batch; returns the optimized generator run.</summary>
    private static GeneratorRun CheckBatch(RandomProgram[] programs)
    {
        string[] sources = programs.Select((p, i) => p.Source("P" + i)).ToArray();
        var compilation = GeneratorHarness.CreateCompilation(sources);
        GeneratorRun optimized = GeneratorHarness.Run(compilation);
        GeneratorRun plain = GeneratorHarness.Run(compilation, disableOptimizations: true);

        var failures = new SortedDictionary<int, List<string>>();
        void Fail(int program, string message)
        {
            if (!failures.TryGetValue(program, out var list)) failures[program] = list = new List<string>();
            list.Add(message);
        }

        foreach (GeneratorRun run in new[] { optimized, plain })
        {
            run.AssertNoGeneratorException();
            foreach (Diagnostic d in run.GeneratorDiagnostics.Concat(run.CompileDiagnostics))
                Fail(ProgramOf(d, run), "diagnostic: " + GeneratorRun.Format(new[] { d }).Trim());
        }

        if (failures.Count == 0)
        {
            using LoadedAssembly fast = optimized.Emit();
            using LoadedAssembly slow = plain.Emit();
            for (int i = 0; i < programs.Length; i++)
                foreach (double[] point in programs[i].Points)
                {
                    try
                    {
                        CheckPoint(fast, slow, "P" + i, point);
                    }
                    catch (Exception e)
                    {
                        Fail(i, $"at ({string.Join(", ", point.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}): {e.Message}");
                    }
                }
        }

        if (failures.Count == 0) return optimized;
        string report = string.Join("\n\n", failures.Select(f =>
            $"==== {f.Value.Count} failure(s) in P{f.Key}:\n{string.Join("\n", f.Value.Take(5))}\n\n{sources[f.Key]}\n{GeneratedFor(optimized, f.Key)}"));
        throw new Xunit.Sdk.XunitException($"{failures.Count} of {programs.Length} random programs fail.\n\n{report}");
    }

    /// <summary>Value, gradient against finite differences, accumulation, pullback, and the unoptimized code.</summary>
    private static void CheckPoint(LoadedAssembly fast, LoadedAssembly slow, string type, double[] x)
    {
        double value = fast.InvokeDouble(type, "Value", x);
        var gradient = new double[x.Length];
        double returned = fast.InvokeDouble(type, "Grad", x, gradient);
        FiniteDifferences.AssertClose(returned, value, 1e-12, "FGradient's return value", ("FGradient", "F"));

        double[] numeric = FiniteDifferences.Gradient(p => fast.InvokeDouble(type, "Value", p), x);
        if (gradient.Where((g, i) => FiniteDifferences.Distance(g, numeric[i]) > 1e-6).Any())
        {
            // Random programs can be steep (cos of a value that grew through a loop): the default step's
            // truncation error then exceeds the tolerance, and a ten times smaller step is the fair estimate.
            double[] finer = FiniteDifferences.Gradient(p => fast.InvokeDouble(type, "Value", p), x, FiniteDifferences.DefaultRelativeStep / 10);
            numeric = numeric.Select((n, i) => FiniteDifferences.Distance(gradient[i], finer[i]) < FiniteDifferences.Distance(gradient[i], n) ? finer[i] : n).ToArray();
        }
        FiniteDifferences.AssertClose(gradient, numeric);

        double[] accumulated = Enumerable.Repeat(1.0, x.Length).ToArray();
        fast.InvokeDouble(type, "Grad", x, accumulated);
        FiniteDifferences.AssertClose(accumulated, gradient.Select(g => 1.0 + g).ToArray(), 1e-12, "adjoints must accumulate", ("1 + FGradient", "1 + g"));

        var pulled = new double[x.Length];
        fast.Invoke(type, "Pull", x, 2.5, pulled);
        FiniteDifferences.AssertClose(pulled, gradient.Select(g => 2.5 * g).ToArray(), 1e-12, "FPullback(dResult: 2.5)", ("FPullback", "2.5 g"));

        var unoptimized = new double[x.Length];
        slow.InvokeDouble(type, "Grad", x, unoptimized);
        FiniteDifferences.AssertClose(unoptimized, gradient, 1e-12, "AutoDiff_DisableOptimizations=true", ("unoptimized", "optimized"));
    }

    /// <summary>The program a diagnostic belongs to: its source file Source{i}.cs or generated file P{i}.*.</summary>
    private static int ProgramOf(Diagnostic d, GeneratorRun run)
    {
        string path = d.Location.GetLineSpan().Path ?? "";
        string file = System.IO.Path.GetFileName(path);
        if (file.StartsWith("Source", StringComparison.Ordinal) && int.TryParse(file[6..^3], out int source)) return source;
        if (file.StartsWith('P') && int.TryParse(file[1..file.IndexOf('.')], out int generated)) return generated;
        return -1;
    }

    private static string GeneratedFor(GeneratorRun run, int program) =>
        string.Join("\n", run.GeneratedSources.Where(s => s.Key.StartsWith($"P{program}.", StringComparison.Ordinal))
            .Select(s => $"// generated {s.Key}:\n{s.Value}"));
}
