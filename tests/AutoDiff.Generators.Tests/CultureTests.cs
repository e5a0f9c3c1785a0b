using System;
using System.Globalization;
using AutoDiff.Generators.Tests.Infrastructure;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// Generated code is the same on every machine: numbers are written with the invariant culture,
/// whatever the culture of the build (a comma decimal separator and a Unicode minus sign here).
/// </summary>
public class CultureTests
{
    private const string Literals = """
        using System;
        using AutoDiff;

        public static partial class Literals
        {
            [Differentiable]
            public static double F(double x, double y)
            {
                double a = 0.5 * x + 1e-10 * y - 2.5;
                double b = 1.0E+20 * x * 1e-20 + -2.5 * y + 6.02214076e23 * 1e-24;
                double c = Math.Exp(-0.125 * x * x) + 3.141592653589793 * y - 0.1;
                double d = x > 0.75 ? 1.5e3 * x : -7.25e-3 * y;
                double e = Math.Pow(1.0 + x * x, 1.5) + Math.Pow(1.0 + y * y, -0.5);
                return a * b + c * d + e + 1234.5678 - 1e-300 * x;
            }

            [Differentiable]
            public static float G(float x, float y)
            {
                float a = 0.5f * x - 2.5f * y + 1e-3f;
                float b = 1.0E+10f * x * 1e-10f + -0.1f;
                return a * b + MathF.Sin(0.25f * x) * 3.5f - 1.17549435E-38f * y;
            }
        }
        """;

    /// <summary>A culture that writes 1234.5 as "1.234,5" and −2 with U+2212.</summary>
    private static CultureInfo CommaCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        culture.NumberFormat.CurrencyDecimalSeparator = ",";
        culture.NumberFormat.PercentDecimalSeparator = ",";
        culture.NumberFormat.NegativeSign = "\u2212";
        culture.NumberFormat.PositiveSign = "\u002B";
        culture.NumberFormat.NaNSymbol = "NaN\u0331";
        culture.NumberFormat.PositiveInfinitySymbol = "\u221E";
        return culture;
    }

    [Fact]
    public void TheTestCultureReallyFormatsDifferently()
    {
        Assert.Equal("\u22122,5", (-2.5).ToString(CommaCulture()));
    }

    [Fact]
    public void OutputIsIdenticalUnderInvariantAndCommaCultures()
    {
        GeneratorRun invariant = RunUnder(CultureInfo.InvariantCulture);
        GeneratorRun comma = RunUnder(CommaCulture());

        invariant.AssertSuccess();
        comma.AssertSuccess();
        Assert.Equal(invariant.GeneratedSources.Keys, comma.GeneratedSources.Keys);
        foreach (var (hint, text) in invariant.GeneratedSources)
            Assert.True(text == comma.GeneratedSources[hint],
                $"{hint} depends on the culture:\n" + Snapshot.Diff(text, comma.GeneratedSources[hint]));
    }

    [Fact]
    public void CodeGeneratedUnderACommaCultureComputesTheSameGradient()
    {
        // F(x, y) through its generated gradient, compared with finite differences of F itself.
        string wrapper = """
            public static partial class Literals
            {
                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp)
                {
                    double dx = 0, dy = 0;
                    double value = FGradient(p[0], p[1], ref dx, ref dy);
                    dp[0] = dx;
                    dp[1] = dy;
                    return value;
                }
            }
            """;
        GeneratorRun run = RunUnder(CommaCulture(), wrapper);
        run.AssertSuccess();
        using LoadedAssembly assembly = run.Emit();

        foreach (double[] point in new[] { new[] { 0.3, -1.2 }, new[] { 1.1, 0.7 } })
        {
            var analytic = new double[2];
            assembly.InvokeDouble("Literals", "Grad", point, analytic);
            double[] numeric = AutoDiff.Testing.FiniteDifferences.Gradient(p => assembly.InvokeDouble("Literals", "Value", p), point);
            AutoDiff.Testing.FiniteDifferences.AssertClose(analytic, numeric);
        }
    }

    private static GeneratorRun RunUnder(CultureInfo culture, string? extraSource = null)
    {
        CultureInfo culture0 = CultureInfo.CurrentCulture, uiCulture0 = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            return extraSource is null ? GeneratorHarness.Run(Literals) : GeneratorHarness.Run(Literals, extraSource);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture0;
            CultureInfo.CurrentUICulture = uiCulture0;
        }
    }
}
