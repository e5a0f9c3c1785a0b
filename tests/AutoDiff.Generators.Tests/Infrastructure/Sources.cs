namespace AutoDiff.Generators.Tests.Infrastructure;

/// <summary>Test programs shared by several test classes.</summary>
public static class Sources
{
    /// <summary>Two differentiable methods: all parameters, and a <c>wrt</c> subset over spans.</summary>
    public const string Model = """
        using System;
        using AutoDiff;

        namespace Samples;

        public static partial class Model
        {
            [Differentiable]
            public static double Loss(double a, double b, double[] w)
            {
                double acc = 0.0;
                for (int i = 0; i < w.Length; i++)
                    acc += Math.Sin(a * w[i]) * b;
                return acc * acc + Math.Exp(-a * a);
            }

            [Differentiable(nameof(w))]
            public static double Squared(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
            {
                double s = 0.0;
                for (int i = 0; i < w.Length; i++)
                    s += w[i] * x[i];
                double e = s - y;
                return 0.5 * e * e;
            }

            // Array-taking wrappers, so reflection can call the generated code (it cannot pass spans).
            public static double LossGrad(double[] x, double[] dx)
            {
                double da = dx[0], db = dx[1];
                double[] dw = dx[2..];
                double value = LossGradient(x[0], x[1], x[2..], ref da, ref db, dw);
                dx[0] = da;
                dx[1] = db;
                dw.CopyTo(dx, 2);
                return value;
            }

            public static double LossValue(double[] x) => Loss(x[0], x[1], x[2..]);
        }
        """;

    /// <summary>A file with no differentiable code, for edits that must not disturb the generator.</summary>
    public const string Unrelated = """
        namespace Samples;

        // An unrelated helper.
        public static class Helpers
        {
            public static int Twice(int x) => 2 * x;
        }
        """;

    /// <summary>A method the generator rejects (ADIFF0101), so the Diagnostics step has output.</summary>
    public const string Rejected = """
        using System;
        using AutoDiff;

        namespace Samples;

        public static partial class Rejected
        {
            [Differentiable]
            public static double Opaque(double x) => x * Environment.ProcessorCount + Math.Sin(x);
        }
        """;
}
