using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Tests.Infrastructure;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// The generated gradients of <see cref="GradientCases"/> compute the derivative: compared with finite
/// differences, with and without the optimization passes. Kept apart from the snapshot tests, which
/// check the text.
/// </summary>
public class ExecutionTests
{
    public static IEnumerable<object[]> CasesWithPoints =>
        GradientCases.All.Where(c => c.Points.Length > 0).Select(c => new object[] { c.Name });

    [Theory]
    [MemberData(nameof(CasesWithPoints))]
    public void GradientMatchesFiniteDifferences(string name)
    {
        GradientCase c = GradientCases.Get(name);
        using LoadedAssembly assembly = Load(c, disableOptimizations: false);
        foreach (double[] point in c.Points)
        {
            var analytic = new double[point.Length];
            double value = assembly.InvokeDouble(c.Type, "Grad", point.Clone(), analytic);
            double[] numeric = FiniteDifferences.Gradient(x => assembly.InvokeDouble(c.Type, "Value", x), point);

            string context = $"{name} at ({string.Join(", ", point)})";
            Assert.True(value == assembly.InvokeDouble(c.Type, "Value", point), $"The gradient returns another value than the function: {context}");
            FiniteDifferences.AssertClose(analytic, numeric, context: context);
        }
    }

    [Theory]
    [MemberData(nameof(CasesWithPoints))]
    public void DisablingOptimizationsGivesTheSameGradient(string name)
    {
        GradientCase c = GradientCases.Get(name);
        using LoadedAssembly optimized = Load(c, disableOptimizations: false);
        using LoadedAssembly plain = Load(c, disableOptimizations: true);
        foreach (double[] point in c.Points)
        {
            double[] a = new double[point.Length], b = new double[point.Length];
            optimized.InvokeDouble(c.Type, "Grad", point.Clone(), a);
            plain.InvokeDouble(c.Type, "Grad", point.Clone(), b);
            FiniteDifferences.AssertClose(a, b, tolerance: 1e-12, context: $"{name} at ({string.Join(", ", point)})",
                names: ("optimized", "AutoDiff_DisableOptimizations=true"));
        }
    }

    [Fact]
    public void GradientAddsIntoTheAdjoints()
    {
        GradientCase c = GradientCases.Get("LoopAccumulation");
        using LoadedAssembly assembly = Load(c, disableOptimizations: false);
        double[] point = c.Points[0];
        var once = new double[point.Length];
        assembly.InvokeDouble(c.Type, "Grad", point, once);

        var twice = Enumerable.Repeat(1.0, point.Length).ToArray();
        assembly.InvokeDouble(c.Type, "Grad", point, twice);
        assembly.InvokeDouble(c.Type, "Grad", point, twice);

        FiniteDifferences.AssertClose(twice, once.Select(g => 1.0 + 2.0 * g).ToArray(), tolerance: 1e-14, names: ("1 + g + g", "1 + 2g"));
    }

    [Fact]
    public void AdjointSpanOfTheWrongLengthThrows()
    {
        GradientCase c = GradientCases.Get("WrtSubsetOverSpans");
        using LoadedAssembly assembly = Load(c, disableOptimizations: false);
        var error = Assert.Throws<ArgumentException>(() => assembly.Invoke(c.Type, "Grad", new[] { 1.0, 2.0, 3.0 }, new double[2]));
        Assert.Equal("dw", error.ParamName);
    }

    [Fact]
    public void StopGradientTreatsItsArgumentAsAConstant()
    {
        // F(x, y) = StopGradient(x * y) * y + x: with c = x * y held constant, dF/dx = 1 and dF/dy = c.
        GradientCase c = GradientCases.Get("StopGradient");
        using LoadedAssembly assembly = Load(c, disableOptimizations: false);
        var gradient = new double[2];
        assembly.InvokeDouble(c.Type, "Grad", new[] { 1.5, -2.0 }, gradient);
        Assert.Equal(new[] { 1.0, -3.0 }, gradient);
    }

    [Fact]
    public void FloatGradientMatchesTheDoubleFormula()
    {
        // F(x, w) = x * Σ 0.5 sin(x wᵢ): dF/dx = Σ 0.5 sin(x wᵢ) + x Σ 0.5 wᵢ cos(x wᵢ), dF/dwᵢ = 0.5 x² cos(x wᵢ).
        GradientCase c = GradientCases.Get("FloatMethod");
        using LoadedAssembly assembly = Load(c, disableOptimizations: false);
        double x = 0.75;
        double[] w = { 0.5, -1.25, 2.0 };
        var gradient = new double[4];
        assembly.InvokeDouble(c.Type, "Grad", new[] { x }.Concat(w).ToArray(), gradient);

        double dx = w.Sum(wi => 0.5 * Math.Sin(x * wi) + x * 0.5 * wi * Math.Cos(x * wi));
        double[] expected = new[] { dx }.Concat(w.Select(wi => 0.5 * x * x * Math.Cos(x * wi))).ToArray();
        FiniteDifferences.AssertClose(gradient, expected, tolerance: 1e-5, names: ("float gradient", "double formula")); // float precision
    }

    internal static LoadedAssembly Load(GradientCase c, bool disableOptimizations)
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(c.Source), disableOptimizations);
        run.AssertSuccess();
        return run.Emit();
    }
}
