using System;
using AutoDiff.Generators.Tests.Infrastructure;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// A [DerivativeOf] rule replaces every other way of differentiating its method, even the built-in
/// rules of System.Math. Compiled in memory, because such a rule applies to its whole compilation.
/// </summary>
public class RuleOverrideTests
{
    [Fact]
    public void ARuleForAMathFunctionReplacesTheBuiltInRule()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation("""
            using System;
            using AutoDiff;

            public static partial class M
            {
                // Deliberately three times the true derivative, so the test sees which rule ran.
                [DerivativeOf(typeof(Math), nameof(Math.Exp))]
                public static void ExpRule(double x, double dResult, ref double dx) => dx += 3 * dResult * Math.Exp(x);

                [Differentiable]
                public static double F(double x) => Math.Exp(x);

                public static double Grad(double[] x, double[] dx) => FGradient(x[0], ref dx[0]);
            }
            """));
        run.AssertSuccess();
        using LoadedAssembly assembly = run.Emit();
        var gradient = new double[1];
        assembly.InvokeDouble("M", "Grad", new[] { 0.5 }, gradient);
        Assert.Equal(3 * Math.Exp(0.5), gradient[0], 12);
    }
}
