using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using AutoDiff.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// The pipeline caches: an edit that does not touch differentiable code re-runs no step with a new
/// result, and no step output holds Roslyn objects (which would defeat caching and pin compilations).
/// The program has two accepted methods (Source0.cs), an unrelated file (Source1.cs) and a rejected
/// method (Source2.cs), so every step, the diagnostics one included, has outputs.
/// </summary>
public class IncrementalTests
{
    private static readonly string[] Files = { Sources.Model, Sources.Unrelated, Sources.Rejected };

    /// <summary>Every constant of <see cref="TrackingNames"/>: a new step is covered as soon as it is named.</summary>
    public static readonly string[] StepNames = typeof(TrackingNames)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void FirstRun_ReportsEveryTrackedStep()
    {
        GeneratorRun run = GeneratorHarness.Run(Files);
        AssertExpectedOutput(run);

        Assert.Subset(StepNames.ToHashSet(), new HashSet<string> { "Diagnostics", "Differentiate", "Emit", "Extract", "Options" });
        foreach (string name in StepNames)
        {
            Assert.True(run.Result.TrackedSteps.ContainsKey(name),
                $"Step '{name}' did not run; tracked: [{string.Join(", ", run.Result.TrackedSteps.Keys)}]");
            Assert.All(Outputs(run, name), o => Assert.Equal(IncrementalStepRunReason.New, o.Reason));
        }
    }

    [Fact]
    public void AddingAnUnrelatedFile_KeepsEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Files);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        AssertExpectedOutput(first);

        GeneratorRun second = GeneratorHarness.Rerun(first,
            compilation.AddSyntaxTrees(GeneratorHarness.Parse(Sources.Unrelated.Replace("Helpers", "MoreHelpers"), "Added.cs")));

        AssertAllStepsCached(second);
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
        Assert.Equal(GeneratorRun.Format(first.GeneratorDiagnostics), GeneratorRun.Format(second.GeneratorDiagnostics));
    }

    [Fact]
    public void EditingACommentInAnotherFile_KeepsEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Files);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        AssertExpectedOutput(first);

        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath(1));
        SyntaxTree edited = GeneratorHarness.Parse(Sources.Unrelated.Replace("An unrelated helper.", "Doubles its argument."), old.FilePath);
        GeneratorRun second = GeneratorHarness.Rerun(first, compilation.ReplaceSyntaxTree(old, edited));

        AssertAllStepsCached(second);
        Assert.Equal(first.GeneratedSources, second.GeneratedSources);
        Assert.Equal(GeneratorRun.Format(first.GeneratorDiagnostics), GeneratorRun.Format(second.GeneratorDiagnostics));
    }

    [Fact]
    public void EditingAnUnrelatedMethodInTheSameFile_KeepsEveryStepCached()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Files);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        AssertExpectedOutput(first);

        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath(0));
        string text = Sources.Model.Replace("Loss(x[0], x[1], x[2..]);", "Loss(x[0], x[1], x[2..]) + 0.0;");
        Assert.NotEqual(Sources.Model, text);
        GeneratorRun second = GeneratorHarness.Rerun(first, compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(text, old.FilePath)));

        AssertAllStepsCached(second);
    }

    /// <summary>The control for the tests above: a real edit must get through the cache.</summary>
    [Fact]
    public void EditingADifferentiableBody_ReachesExtractAndEmit()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Files);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        AssertExpectedOutput(first);

        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == GeneratorHarness.SourcePath(0));
        string text = Sources.Model.Replace("Math.Exp(-a * a)", "Math.Exp(-a * b)");
        Assert.NotEqual(Sources.Model, text);
        GeneratorRun second = GeneratorHarness.Rerun(first, compilation.ReplaceSyntaxTree(old, GeneratorHarness.Parse(text, old.FilePath)));
        AssertExpectedOutput(second);

        Assert.Contains(Outputs(second, TrackingNames.Extract), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.Contains(Outputs(second, TrackingNames.Emit), o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New);
        // The other method's model is untouched.
        Assert.Contains(Outputs(second, TrackingNames.Extract), o => o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged);
        Assert.NotEqual(first.GeneratedSource("Model.Loss."), second.GeneratedSource("Model.Loss."));
        Assert.Equal(first.GeneratedSource("Model.Squared."), second.GeneratedSource("Model.Squared."));
    }

    /// <summary>The Options step really reads AutoDiff_DisableOptimizations, so a change is seen.</summary>
    [Fact]
    public void ChangingTheOptimizationProperty_ReachesOptions()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Files);
        GeneratorRun first = GeneratorHarness.Run(compilation);
        AssertExpectedOutput(first);

        GeneratorRun second = GeneratorHarness.Rerun(first, compilation, disableOptimizations: true);
        AssertExpectedOutput(second);

        Assert.Contains(Outputs(second, TrackingNames.Options), o => o.Reason == IncrementalStepRunReason.Modified);
    }

    [Fact]
    public void StepOutputs_HoldNoRoslynObjects()
    {
        GeneratorRun run = GeneratorHarness.Run(Files);
        AssertExpectedOutput(run);

        var found = new List<string>();
        int walked = 0;
        foreach (string name in StepNames)
            foreach (var (output, i) in Outputs(run, name).Select((o, i) => (o, i)))
            {
                walked++;
                found.AddRange(ObjectGraph.FindRoslynObjects(output.Value, $"{name}[{i}]"));
            }

        Assert.True(walked >= StepNames.Length, $"Only {walked} step outputs to check.");
        Assert.True(found.Count == 0, "Step outputs hold Roslyn objects:\n  " + string.Join("\n  ", found.Take(50)));
    }

    /// <summary>The two accepted methods generate code that compiles cleanly; the rejected one is reported.</summary>
    private static void AssertExpectedOutput(GeneratorRun run)
    {
        run.AssertNoGeneratorException();
        Assert.True(run.GeneratorDiagnostics.Select(d => d.Id).SequenceEqual(new[] { "ADIFF0101" }),
            "Expected exactly ADIFF0101 for Rejected.Opaque.\n" + run.Describe());
        Assert.Equal(new[] { "Model.Loss", "Model.Squared" }, run.GeneratedSources.Keys.Select(k => string.Join('.', k.Split('.').Take(2))));
        Assert.True(run.CompileDiagnostics.IsEmpty, "The output does not compile cleanly:\n" + run.Describe());
    }

    private static IEnumerable<(object Value, IncrementalStepRunReason Reason)> Outputs(GeneratorRun run, string step)
    {
        Assert.True(run.Result.TrackedSteps.TryGetValue(step, out var steps),
            $"Step '{step}' did not run; tracked: [{string.Join(", ", run.Result.TrackedSteps.Keys)}]");
        return steps.SelectMany(s => s.Outputs);
    }

    private static void AssertAllStepsCached(GeneratorRun run)
    {
        run.AssertNoGeneratorException();
        var recomputed = new List<string>();
        foreach (string name in StepNames)
            foreach (var (value, reason) in Outputs(run, name))
                if (reason is not (IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged))
                    recomputed.Add($"{name}: {reason} {Describe(value)}");
        Assert.True(recomputed.Count == 0, "Steps were recomputed by an unrelated edit:\n  " + string.Join("\n  ", recomputed));
    }

    private static string Describe(object value)
    {
        string text = value?.ToString() ?? "null";
        return text.Length > 200 ? text[..200] + "..." : text;
    }
}
