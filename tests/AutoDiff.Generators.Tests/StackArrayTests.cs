using AutoDiff.Generators.Tests.Infrastructure;
using AutoDiff.Testing;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// Local arrays of a small constant size are stackalloc'ed in the generated code, unless the memory would not be
/// zeroed ([SkipLocalsInit]) or the language has no <c>scoped</c> locals (before C# 11): then they are rented
/// from the tape as larger ones are. Each way, the gradient is the same.
/// </summary>
public class StackArrayTests
{
    private const string Body = """
        public static partial class M
        {
            [Differentiable]
            public static double F(double x, double y)
            {
                double[] v = new double[3];
                v[0] = x * y; v[1] = v[0] * x; v[2] = v[1] - y;
                double[] large = new double[65];
                for (int i = 0; i < 65; i++) large[i] = v[i % 3] * i;
                double s = 0;
                for (int i = 0; i < 65; i++) s += large[i] * large[i];
                return s;
            }
        }
        """;

    private const string Usings = "using System;\nusing AutoDiff;\n";

    [Fact]
    public void SmallConstantArraysAreStackallocatedAndLargeOnesRented()
    {
        string code = Generate(Usings + Body, LanguageVersion.Latest);
        Assert.Contains("v = stackalloc double[3];", code);
        Assert.Contains("_d_v = stackalloc double[3];", code);
        Assert.Contains("scoped global::System.Span<double> v = default;", code);
        Assert.Contains("large = _tape.RentDoubles(65);", code);
    }

    [Fact]
    public void SkipLocalsInitKeepsThemOnTheTape()
    {
        string code = Generate(Usings + "[module: System.Runtime.CompilerServices.SkipLocalsInit]\n" + Body, LanguageVersion.Latest);
        Assert.DoesNotContain("stackalloc", code);
        Assert.Contains("v = _tape.RentDoubles(3);", code);
    }

    [Fact]
    public void SkipLocalsInitOnTheTypeKeepsThemOnTheTape()
    {
        string source = Usings + Body.Replace("public static partial class M", "[System.Runtime.CompilerServices.SkipLocalsInit]\npublic static partial class M");
        Assert.DoesNotContain("stackalloc", Generate(source, LanguageVersion.Latest));
    }

    [Fact]
    public void CSharp10KeepsThemOnTheTape()
    {
        string code = Generate(Usings + Body, LanguageVersion.CSharp10);
        Assert.DoesNotContain("stackalloc", code);
        Assert.DoesNotContain("scoped", code);
    }

    /// <summary>The generated file of M.F; the output compiles cleanly and its gradient matches finite differences.</summary>
    private static string Generate(string source, LanguageVersion version)
    {
        var options = GeneratorHarness.ParseOptions.WithLanguageVersion(version);
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation();
        compilation = compilation.AddSyntaxTrees(CSharpSyntaxTree.ParseText(source, options, GeneratorHarness.SourcePath(0)));
        GeneratorRun run = GeneratorHarness.Run(compilation, parseOptions: options);
        run.AssertSuccess();
        using (LoadedAssembly assembly = run.Emit())
        {
            double[] point = { 0.7, -1.3 };
            object?[] args = { point[0], point[1], 0.0, 0.0 }; // x, y, ref dx, ref dy
            assembly.Invoke("M", "FGradient", args);
            double[] numeric = FiniteDifferences.Gradient(p => (double)assembly.Invoke("M", "F", p[0], p[1])!, point);
            FiniteDifferences.AssertClose(new[] { (double)args[2]!, (double)args[3]! }, numeric, context: $"C# {version}");
        }
        return run.GeneratedSource("M.F.");
    }
}
