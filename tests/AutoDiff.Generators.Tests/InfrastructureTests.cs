using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoDiff.Generators.Tests.Infrastructure;
using AutoDiff.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Xunit.Sdk;

namespace AutoDiff.Generators.Tests;

/// <summary>The test helpers themselves: each must be able to fail.</summary>
public class InfrastructureTests
{
    // ---- GeneratorHarness ----

    [Fact]
    public void HarnessCompilesAndRunsCodeWithoutTheGenerator()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            public static class Plain
            {
                public static double Sum(double[] x, double[] scale)
                {
                    double s = 0;
                    foreach (double v in x) s += v;
                    scale[0] = s;
                    return System.Math.Sqrt(s);
                }
            }
            """);
        run.AssertNoGeneratorException();
        Assert.Empty(run.CompileDiagnostics);
        Assert.Empty(run.GeneratedSources);

        using LoadedAssembly assembly = run.Emit();
        var scale = new double[1];
        Assert.Equal(3.0, assembly.InvokeDouble("Plain", "Sum", new[] { 4.0, 5.0 }, scale));
        Assert.Equal(9.0, scale[0]); // arrays come back through reflection
    }

    [Fact]
    public void HarnessReportsWarningsAndErrors()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            public static class Broken
            {
                public static double F(double x) { int unused = 0; return y; }
            }
            """);
        Assert.Contains(run.CompileDiagnostics, d => d.Id == "CS0103" && d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(run.CompileDiagnostics, d => d.Id == "CS0219" && d.Severity == DiagnosticSeverity.Warning);
        Assert.ThrowsAny<XunitException>(() => run.Emit());
    }

    [Fact]
    public void HarnessReferencesTheRuntimeAndUsesTheLatestLanguage()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation("""
            using AutoDiff;
            public static partial class C
            {
                [Differentiable(nameof(x))] public static double F(double x) => Ad.StopGradient(x);
                public static int G(System.ReadOnlySpan<int> s) => s is [var first, ..] ? first : 0;
            }
            """);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.Equal(LanguageVersion.Latest.MapSpecifiedToEffectiveVersion(), ((CSharpParseOptions)compilation.SyntaxTrees[0].Options).LanguageVersion);
        Assert.True(compilation.Options.AllowUnsafe);
    }

    [Fact]
    public void OptionsProviderSetsTheOptimizationProperty()
    {
        Assert.True(GeneratorHarness.OptionsProvider(disableOptimizations: true).GlobalOptions
            .TryGetValue("build_property.AutoDiff_DisableOptimizations", out string? value));
        Assert.Equal("true", value);
        Assert.False(GeneratorHarness.OptionsProvider(disableOptimizations: false).GlobalOptions
            .TryGetValue("build_property.AutoDiff_DisableOptimizations", out _));
    }

    [Fact]
    public void LoadedAssemblySharesTheRuntimeWithTheTests()
    {
        GeneratorRun run = GeneratorHarness.Run("""
            public static class Probe
            {
                public static System.Type TapeType() => typeof(AutoDiff.CompilerServices.GradientTape);
            }
            """);
        using LoadedAssembly assembly = run.Emit();
        Assert.Same(typeof(AutoDiff.CompilerServices.GradientTape), assembly.Invoke("Probe", "TapeType"));
    }

    // ---- Snapshot ----

    [Fact]
    public void SnapshotPassesOnMatchIgnoringLineEndings()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "T.A.verified.cs"), "line 1\r\nline 2\r\n");
        Snapshot.Verify("line 1\nline 2\n", dir.Path, "T.A", new Snapshot.Settings(Accept: false, InCi: true));
        Assert.False(File.Exists(Path.Combine(dir.Path, "T.A.received.cs")));
    }

    [Fact]
    public void SnapshotMismatchWritesReceivedAndShowsADiff()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "T.A.verified.cs"), "a\nb\nc\nd\n");
        var error = Assert.ThrowsAny<XunitException>(() =>
            Snapshot.Verify("a\nB\nc\nd\n", dir.Path, "T.A", new Snapshot.Settings(Accept: false, InCi: false)));

        Assert.Equal("a\nB\nc\nd\n", File.ReadAllText(Path.Combine(dir.Path, "T.A.received.cs")));
        Assert.Contains("- b\n+ B\n", error.Message);
        Assert.Contains("AUTODIFF_ACCEPT_SNAPSHOTS=1", error.Message);
    }

    [Fact]
    public void SnapshotAcceptWritesTheVerifiedFile()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(Path.Combine(dir.Path, "T.A.verified.cs"), "old\n");
        File.WriteAllText(Path.Combine(dir.Path, "T.A.received.cs"), "new\n");
        Snapshot.Verify("new\r\n", dir.Path, "T.A", new Snapshot.Settings(Accept: true, InCi: false));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(dir.Path, "T.A.verified.cs")));
        Assert.False(File.Exists(Path.Combine(dir.Path, "T.A.received.cs")));
    }

    [Fact]
    public void MissingSnapshotFailsInCiWithoutWritingAnything()
    {
        using var dir = new TempDirectory();
        var error = Assert.ThrowsAny<XunitException>(() =>
            Snapshot.Verify("x\n", dir.Path, "T.A", new Snapshot.Settings(Accept: true, InCi: true)));
        Assert.Contains("Missing snapshot", error.Message);
        Assert.Empty(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void MissingSnapshotOutsideCiWritesReceivedAndFails()
    {
        using var dir = new TempDirectory();
        var error = Assert.ThrowsAny<XunitException>(() =>
            Snapshot.Verify("x\n", dir.Path, "T.A", new Snapshot.Settings(Accept: false, InCi: false)));
        Assert.Contains("AUTODIFF_ACCEPT_SNAPSHOTS=1", error.Message);
        Assert.Equal("x\n", File.ReadAllText(Path.Combine(dir.Path, "T.A.received.cs")));
        Assert.False(File.Exists(Path.Combine(dir.Path, "T.A.verified.cs")));
    }

    [Fact]
    public void SnapshotsLiveInTheTestProjectSourceFolder()
    {
        string dir = Snapshot.SnapshotDirectory(ThisFile());
        Assert.Equal("Snapshots", Path.GetFileName(dir));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(dir)!, "AutoDiff.Generators.Tests.csproj")), dir);
    }

    [Fact]
    public void DiffShowsOnlyChangedRegionsWithContext()
    {
        string expected = string.Join("\n", Enumerable.Range(1, 30).Select(i => $"line {i}"));
        string actual = expected.Replace("line 15", "line fifteen");
        string diff = Snapshot.Diff(expected, actual);
        Assert.Contains("- line 15\n+ line fifteen\n", diff);
        Assert.Contains("  line 12\n", diff);
        Assert.DoesNotContain("line 2\n", diff);
        Assert.DoesNotContain("line 28", diff);
    }

    // ---- FiniteDifferences ----

    [Fact]
    public void FiniteDifferencesAreAccurateForSmoothFunctions()
    {
        // f = x³ sin y + exp(x y) / (1 + z²)
        static double F(double[] v) => Math.Pow(v[0], 3) * Math.Sin(v[1]) + Math.Exp(v[0] * v[1]) / (1 + v[2] * v[2]);
        foreach (double[] p in new[] { new[] { 0.3, -1.2, 2.0 }, new[] { 12.0, 0.5, -40.0 }, new[] { 1e-3, 3.0, 0.0 } })
        {
            double x = p[0], y = p[1], z = p[2], e = Math.Exp(x * y), q = 1 + z * z;
            double[] exact = { 3 * x * x * Math.Sin(y) + y * e / q, x * x * x * Math.Cos(y) + x * e / q, -2 * z * e / (q * q) };
            double[] numeric = FiniteDifferences.Gradient(F, p);
            for (int i = 0; i < 3; i++)
                Assert.True(FiniteDifferences.Distance(exact[i], numeric[i]) < 1e-9, $"[{i}] exact {exact[i]} numeric {numeric[i]}");
        }
    }

    [Fact]
    public void FiniteDifferencesLeaveThePointUnchanged()
    {
        double[] p = { 1.0, 2.0 };
        FiniteDifferences.Gradient(v => v[0] * v[1], p);
        Assert.Equal(new[] { 1.0, 2.0 }, p);
    }

    [Fact]
    public void AssertCloseReportsTheWorstCoordinate()
    {
        FiniteDifferences.AssertClose(new[] { 1.0, 1e6 }, new[] { 1.0 + 1e-7, 1e6 + 1.0 });
        var error = Assert.ThrowsAny<XunitException>(() =>
            FiniteDifferences.AssertClose(new[] { 1.0, 2.0, 3.0 }, new[] { 1.0, 2.1, 3.01 }, context: "program text"));
        Assert.Contains("at [1]", error.Message);
        Assert.Contains("analytic 2", error.Message);
        Assert.Contains("numeric 2.1", error.Message);
        Assert.Contains("program text", error.Message);
    }

    [Fact]
    public void AssertCloseFailsOnNaNAndLengthMismatch()
    {
        Assert.ThrowsAny<XunitException>(() => FiniteDifferences.AssertClose(new[] { double.NaN }, new[] { 1.0 }));
        Assert.ThrowsAny<XunitException>(() => FiniteDifferences.AssertClose(new[] { 1.0 }, new[] { 1.0, 2.0 }));
    }

    // ---- ObjectGraph ----

    [Fact]
    public void ObjectGraphFindsRoslynObjectsNestedAnywhere()
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText("class C { }");
        var model = new { Name = "ok", Items = new List<object> { 1, "two", (3, new[] { tree.GetRoot().GetLocation() }) } };
        List<string> found = ObjectGraph.FindRoslynObjects(model, "model");
        Assert.Single(found);
        Assert.Contains("Location", found[0]);

        var cyclic = new Node();
        cyclic.Next = cyclic;
        Assert.Empty(ObjectGraph.FindRoslynObjects(cyclic));
        Assert.Empty(ObjectGraph.FindRoslynObjects(new { Numbers = new[] { 1.0, 2.0 }, Text = "x", Kind = DiagnosticSeverity.Error }));
    }

    private sealed class Node
    {
        public Node? Next;
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("autodiff-snapshot-").FullName;
        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
