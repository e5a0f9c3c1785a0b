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

    public static IEnumerable<object[]> Rules() =>
        MathRules.All
            .Where(r => r.Kind != MathRuleKind.Zero || r.Arity == 1) // Round(x, digits) and friends take ints
            .Select(r => new object[] { r.Name, r.Arity });

    [Theory]
    [MemberData(nameof(Rules))]
    public void RuleMatchesFiniteDifferences(string name, int arity)
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
                public static double F({{parameters}}) => Math.{{name}}({{arguments}});

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
        FiniteDifferences.AssertClose(gradient, numeric, context: $"Math.{name} at ({string.Join(", ", point)})");
    }
}
