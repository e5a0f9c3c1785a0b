using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Reverse;
using AutoDiff.Generators.Tests.Infrastructure;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// Every entry of the derivative table (Reverse/MathRules.cs), compiled in memory as
/// <c>F(a0, ...) => Math.Name(a0, ...)</c> and checked against finite differences, away from kinks.
/// </summary>
public class MathRuleTests
{
    // Inside every function's domain, no ties, x strictly inside Clamp's bounds.
    private static readonly double[][] Points = { new[] { 0.37 }, new[] { 0.61, 1.7 }, new[] { 1.3, 0.4, 2.2 } };

    // Each rule as Math.Name where System.Math has it, and as double.Name (.NET's generic-math statics, Exp2 and
    // Hypot only there). Round(x, digits) and friends, and ScaleB, take ints: tested in the corpus.
    public static IEnumerable<object[]> Rules() =>
        MathRules.All
            .Where(r => (r.Kind != MathRuleKind.Zero || r.Arity == 1) && r.Name != "ScaleB")
            .SelectMany(r => new[] { "Math", "double" }
                .Where(type => (type == "Math" ? typeof(Math) : typeof(double)).GetMethod(r.Name, Enumerable.Repeat(typeof(double), r.Arity).ToArray()) is not null)
                .Select(type => new object[] { type, r.Name, r.Arity }));

    [Fact]
    public void EveryRuleIsTested() =>
        Assert.All(MathRules.All.Where(r => (r.Kind != MathRuleKind.Zero || r.Arity == 1) && r.Name != "ScaleB"),
            r => Assert.Contains(Rules(), row => (string)row[1] == r.Name && (int)row[2] == r.Arity));

    [Theory]
    [MemberData(nameof(Rules))]
    public void RuleMatchesFiniteDifferences(string type, string name, int arity)
    {
        string parameters = string.Join(", ", Enumerable.Range(0, arity).Select(k => "double a" + k));
        string arguments = string.Join(", ", Enumerable.Range(0, arity).Select(k => "a" + k));
        string adjoints = string.Join(", ", Enumerable.Range(0, arity).Select(k => "ref d[" + k + "]"));
        string values = string.Join(", ", Enumerable.Range(0, arity).Select(k => "x[" + k + "]"));
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation($$"""
            using System;
            using AutoDiff;

            public static partial class M
            {
                [Differentiable]
                public static double F({{parameters}}) => {{type}}.{{name}}({{arguments}});

                public static double Value(double[] x) => F({{values}});
                public static double Grad(double[] x, double[] d) => FGradient({{values}}, {{adjoints}});
            }
            """));
        run.AssertSuccess();
        using LoadedAssembly assembly = run.Emit();
        double[] point = Points[arity - 1];
        var gradient = new double[arity];
        assembly.InvokeDouble("M", "Grad", point.Clone(), gradient);
        double[] numeric = FiniteDifferences.Gradient(x => assembly.InvokeDouble("M", "Value", x), point);
        FiniteDifferences.AssertClose(gradient, numeric, context: $"{type}.{name} at ({string.Join(", ", point)})");
    }

    // The same rules in float (MathF.Name, or float.Name where MathF has none): the generated code compiles with
    // float literals and the gradient matches the double rule's at the same point.
    public static IEnumerable<object[]> FloatRules() =>
        MathRules.All
            .Where(r => (r.Kind != MathRuleKind.Zero || r.Arity == 1) && r.Name != "ScaleB")
            .Select(r => new object[] { typeof(MathF).GetMethod(r.Name, Enumerable.Repeat(typeof(float), r.Arity).ToArray()) is not null ? "MathF" : "float", r.Name, r.Arity })
            .Where(row => ((string)row[0] == "MathF" ? typeof(MathF) : typeof(float)).GetMethod((string)row[1], Enumerable.Repeat(typeof(float), (int)row[2]).ToArray()) is not null);

    [Theory]
    [MemberData(nameof(FloatRules))]
    public void RuleInFloatMatchesDouble(string type, string name, int arity)
    {
        string Signature(string t) => string.Join(", ", Enumerable.Range(0, arity).Select(k => t + " a" + k));
        string arguments = string.Join(", ", Enumerable.Range(0, arity).Select(k => "a" + k));
        string adjoints = string.Join(", ", Enumerable.Range(0, arity).Select(k => "ref d[" + k + "]"));
        string values = string.Join(", ", Enumerable.Range(0, arity).Select(k => "x[" + k + "]"));
        string floats = string.Join(", ", Enumerable.Range(0, arity).Select(k => "(float)x[" + k + "]"));
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation($$"""
            using System;
            using AutoDiff;

            public static partial class M
            {
                [Differentiable] public static double F({{Signature("double")}}) => double.{{name}}({{arguments}});
                [Differentiable] public static float G({{Signature("float")}}) => {{type}}.{{name}}({{arguments}});

                public static double Grad(double[] x, double[] d) => FGradient({{values}}, {{adjoints}});
                public static double GradF(double[] x, double[] d)
                {
                    var f = new float[d.Length];
                    float value = GGradient({{floats}}, {{string.Join(", ", Enumerable.Range(0, arity).Select(k => "ref f[" + k + "]"))}});
                    for (int k = 0; k < d.Length; k++) d[k] = f[k];
                    return value;
                }
            }
            """));
        run.AssertSuccess();
        using LoadedAssembly assembly = run.Emit();
        double[] point = Points[arity - 1];
        var expected = new double[arity];
        var actual = new double[arity];
        assembly.InvokeDouble("M", "Grad", point.Clone(), expected);
        assembly.InvokeDouble("M", "GradF", point.Clone(), actual);
        for (int k = 0; k < arity; k++)
            Assert.True(Math.Abs(actual[k] - expected[k]) / Math.Max(1, Math.Abs(actual[k]) + Math.Abs(expected[k])) <= 1e-5,
                $"{type}.{name}: d{k} {actual[k]} in float, {expected[k]} in double");
    }
}
