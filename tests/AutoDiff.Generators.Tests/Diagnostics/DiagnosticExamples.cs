using System.Collections.Generic;

namespace AutoDiff.Generators.Tests.Diagnostics;

/// <summary>
/// For every ADIFF id: the minimal source that triggers it (the span it must point at marked with
/// [| |]) and the corrected source. docs/diagnostics/ADIFFnnnn.md shows the same two snippets, so
/// the tests keep the documentation honest.
/// </summary>
internal static class DiagnosticExamples
{
    public const string Usings = "using System;\nusing AutoDiff;\n\n";

    /// <summary>A trigger with its fix; <paramref name="AlsoReported"/> lists the ids of further marked spans, in source order.</summary>
    public sealed record Example(string Trigger, string Fix, params string[] AlsoReported)
    {
        public static implicit operator Example((string Trigger, string Fix) pair) => new(pair.Trigger, pair.Fix);
    }

    public static readonly IReadOnlyDictionary<string, Example> ById = new Dictionary<string, Example>
    {
        ["ADIFF0001"] = (
            """
            public static class [|Model|]
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """),

        ["ADIFF0002"] = (
            """
            public partial class Model
            {
                private double _scale = 2;

                [Differentiable]
                public double [|Scaled|](double x) => _scale * x;
            }
            """,
            """
            public partial class Model
            {
                [Differentiable(nameof(x))]
                public static double Scaled(double x, double scale) => scale * x;
            }
            """),

        ["ADIFF0003"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static [|int|] Round(double x) => (int)x;
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Round(double x) => Math.Round(x);
            }
            """),

        ["ADIFF0004"] = (
            """
            public static partial class Model
            {
                [Differentiable([|"weight"|])]
                public static double Loss(double w, double x) => (w * x - 1) * (w * x - 1);
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable(nameof(w))]
                public static double Loss(double w, double x) => (w * x - 1) * (w * x - 1);
            }
            """),

        ["ADIFF0005"] = (
            """
            public static partial class Model
            {
                [Differentiable(nameof(x), [|nameof(n)|])]
                public static double Power(double x, int n) => Math.Pow(x, n);
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable(nameof(x))]
                public static double Power(double x, int n) => Math.Pow(x, n);
            }
            """),

        ["ADIFF0006"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Square(ref double [|x|]) => x * x;
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """),

        ["ADIFF0007"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double [|Square|]<T>(double x) => x * x;
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """),

        ["ADIFF0008"] = (
            """
            public static partial class Model
            {
                [|[Differentiable]
                [System.Runtime.InteropServices.DllImport("libm", EntryPoint = "cos")]
                public static extern double Cos(double x);|]
            }
            """,
            """
            public static partial class Model
            {
                [System.Runtime.InteropServices.DllImport("libm", EntryPoint = "cos")]
                public static extern double Cos(double x);

                // A rule supplies the derivative of the method without a body.
                [DerivativeOf(nameof(Cos))]
                private static void CosPullback(double x, double dResult, ref double dx) => dx += -Math.Sin(x) * dResult;

                [Differentiable]
                public static double Wave(double x) => Cos(x) * x;
            }
            """),

        ["ADIFF0009"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double [|Loss|](double x) => x * x;

                public static double LossGradient(double x) => 2 * x;
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Loss(double x) => x * x;

                public static double LossSlope(double x) => 2 * x;
            }
            """),

        ["ADIFF0010"] = (
            """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [[|DerivativeOf(nameof(Softplus))|]]
                private static void SoftplusPullback(double x, double dResult, double dx) { }
            }
            """,
            """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [DerivativeOf(nameof(Softplus))]
                private static void SoftplusPullback(double x, double dResult, ref double dx) =>
                    dx += dResult / (1 + Math.Exp(-x));
            }
            """),

        ["ADIFF0011"] = (
            """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [[|DerivativeOf("SoftPlus")|]]
                private static void SoftplusPullback(double x, double dResult, ref double dx) =>
                    dx += dResult / (1 + Math.Exp(-x));
            }
            """,
            """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [DerivativeOf(nameof(Softplus))]
                private static void SoftplusPullback(double x, double dResult, ref double dx) =>
                    dx += dResult / (1 + Math.Exp(-x));
            }
            """),

        ["ADIFF0012"] = (
            """
            file static partial class [|Model|]
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """,
            """
            static partial class Model
            {
                [Differentiable]
                public static double Square(double x) => x * x;
            }
            """),

        ["ADIFF0013"] = (
            """
            public static partial class Model
            {
                public static double Twice(double x)
                {
                    [[|Differentiable|]]
                    static double Square(double v) => v * v;
                    return 2 * Square(x);
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Square(double v) => v * v;

                public static double Twice(double x) => 2 * Square(x);
            }
            """),

        ["ADIFF0014"] = (
            """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [DerivativeOf(nameof(Softplus))]
                private static void SoftplusPullback(double x, double dResult, ref double dx) =>
                    dx += dResult / (1 + Math.Exp(-x));

                [[|DerivativeOf(nameof(Softplus))|]]
                private static void SoftplusPullbackAgain(double x, double dResult, ref double dx) =>
                    dx += dResult / (1 + Math.Exp(-x));
            }
            """,
            """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [DerivativeOf(nameof(Softplus))]
                private static void SoftplusPullback(double x, double dResult, ref double dx) =>
                    dx += dResult / (1 + Math.Exp(-x));
            }
            """),

        ["ADIFF0100"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double SafeLog(double x)
                {
                    [|try
                    {
                        return Math.Log(x);
                    }
                    catch (ArithmeticException)
                    {
                        return 0;
                    }|]
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double SafeLog(double x)
                {
                    if (x <= 0) return 0;
                    return Math.Log(x);
                }
            }
            """),

        ["ADIFF0101"] = (
            """
            public static partial class Model
            {
                private static double Scale { get; } = 2;

                [Differentiable]
                public static double Scaled(double x) => [|Scale|] * x;
            }
            """,
            """
            public static partial class Model
            {
                private const double Scale = 2;

                [Differentiable]
                public static double Scaled(double x) => Scale * x;
            }
            """),

        ["ADIFF0102"] = new(
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Scaled(double x)
                {
                    decimal [|rate = 0.5m|];
                    return x * [|(double)rate|];
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Scaled(double x)
                {
                    double rate = 0.5;
                    return x * rate;
                }
            }
            """,
            "ADIFF0101"),

        ["ADIFF0103"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Normalized(double[] v)
                {
                    [|v[0] = v[0] / v.Length|];
                    return v[0] * v[0];
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Normalized(double[] v)
                {
                    double[] w = new double[v.Length];
                    w[0] = v[0] / v.Length;
                    return w[0] * w[0];
                }
            }
            """),

        ["ADIFF0104"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Grow(double x)
                {
                    double[] buffer = new double[2];
                    [|buffer = new double[4]|];
                    buffer[3] = x;
                    return buffer[3] * x;
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Grow(double x)
                {
                    double[] buffer = new double[4];
                    buffer[3] = x;
                    return buffer[3] * x;
                }
            }
            """),

        ["ADIFF0105"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Triangle(double x, int n)
                {
                    double sum = 0;
                    for (int i = 1; i <= n; i++)
                    {
                        double[] [|row = new double[i]|];
                        row[i - 1] = x * i;
                        sum += row[i - 1];
                    }
                    return sum;
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Triangle(double x, int n)
                {
                    double sum = 0;
                    for (int i = 1; i <= n; i++)
                    {
                        double[] row = new double[n];
                        row[i - 1] = x * i;
                        sum += row[i - 1];
                    }
                    return sum;
                }
            }
            """),

        ["ADIFF0106"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Twice(double x)
                {
                    double a, b;
                    a = [|b = x * 2|];
                    return a * b;
                }
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Twice(double x)
                {
                    double b = x * 2;
                    double a = b;
                    return a * b;
                }
            }
            """),

        ["ADIFF0107"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Wrap(double x) => [|x % 1.0|];
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Wrap(double x) => x - 1.0 * Math.Truncate(x / 1.0);
            }
            """),

        ["ADIFF0200"] = (
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Remainder(double x) => [|Math.IEEERemainder(x, 2)|];
            }
            """,
            """
            public static partial class Model
            {
                [Differentiable]
                public static double Remainder(double x) => x - 2 * Math.Round(x / 2);
            }
            """),
    };

    /// <summary>The full source of a snippet: the usings, then the snippet.</summary>
    public static string Source(string snippet) => Usings + snippet + "\n";
}
