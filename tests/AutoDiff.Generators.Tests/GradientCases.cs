using System.Collections.Generic;
using System.Linq;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// A differentiable function as a test source. The class <see cref="Type"/> holds the
/// [Differentiable] method and two wrappers that reflection can call (it cannot pass spans or refs):
/// <c>double Value(double[] x)</c> evaluates the function, and <c>double Grad(double[] x, double[] dx)</c>
/// calls the generated gradient, ADDS it into <c>dx</c> and returns the value. <c>x</c> packs every
/// differentiated input, scalars first, then array elements.
/// </summary>
public sealed record GradientCase(string Name, string Type, string Source, double[][] Points)
{
    public override string ToString() => Name;
}

/// <summary>The functions of the snapshot and execution tests: one per construct of contract section 3.</summary>
public static class GradientCases
{
    private const string Usings = "using System;\nusing AutoDiff;\n\n";

    /// <summary>Value and Grad for <c>F(double[] w, double a)</c>: x packs a, then w.</summary>
    private static string ArrayThenScalarWrappers(string type) => $$"""


        public static partial class {{type}}
        {
            public static double Value(double[] p) => F(p[1..], p[0]);
            public static double Grad(double[] p, double[] dp)
            {
                double[] dw = dp[1..];
                double value = FGradient(p[1..], p[0], dw, ref dp[0]);
                dw.CopyTo(dp, 1);
                return value;
            }
        }
        """;

    public static readonly GradientCase[] All =
    {
        new("Polynomial", "Polynomial", Usings + """
            public static partial class Polynomial
            {
                [Differentiable]
                public static double F(double x, double y) => x * x * y + 3.0 * x - y / (1.0 + x * x);

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.5, -1.5 }, new[] { -2.0, 3.0 } }),

        new("NegatedAdjoints", "NegatedAdjoints", Usings + """
            public static partial class NegatedAdjoints
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double t = x;
                    t -= Math.Cos(t * y);
                    return -Math.Cos(t) - (-y) * Math.Sin(-x);
                }

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.9, 1.3 }, new[] { -0.6, 0.4 } }),

        new("MathFunctions", "MathFunctions", Usings + """
            public static partial class MathFunctions
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = Math.Exp(0.5 * x) * Math.Log(1.0 + y * y) + Math.Sqrt(2.0 + x * y);
                    double b = Math.Pow(1.0 + x * x, 1.5) + Math.Sin(x) * Math.Cos(y) - Math.Tan(0.3 * x);
                    double c = Math.Atan2(y, 2.0 + x) + Math.Tanh(x - y) + Math.Cbrt(3.0 + y) + Math.Log10(2.0 + x * x);
                    double d = Math.Sinh(0.5 * y) + Math.Cosh(0.25 * x) + Math.Atan(x * y) + Math.Asin(0.25 * Math.Sin(x));
                    return a * b - c + d + Math.Abs(y) + Math.Max(x, y);
                }

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.7, 1.3 }, new[] { -0.4, -0.9 } }),

        new("WrtSubsetOverSpans", "WrtSubsetOverSpans", Usings + """
            public static partial class WrtSubsetOverSpans
            {
                private static readonly double[] X = { 0.5, -1.0, 2.0 };

                [Differentiable(nameof(w))]
                public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
                {
                    double s = 0.0;
                    for (int i = 0; i < w.Length; i++)
                        s += w[i] * x[i];
                    double e = s - y;
                    return 0.5 * e * e;
                }

                public static double Value(double[] w) => Loss(w, X, 0.25);
                public static double Grad(double[] w, double[] dw) => LossGradient(w, X, 0.25, dw);
            }
            """, new[] { new[] { 0.1, 0.2, 0.3 }, new[] { -1.0, 0.5, 2.0 } }),

        new("LoopAccumulation", "LoopAccumulation", Usings + """
            public static partial class LoopAccumulation
            {
                [Differentiable]
                public static double F(double a, double b, double[] w)
                {
                    double acc = 0.0;
                    for (int i = 0; i < w.Length; i++)
                        acc += Math.Sin(a * w[i]) * b;
                    return acc * acc + Math.Exp(-a * a);
                }

                public static double Value(double[] p) => F(p[0], p[1], p[2..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dw = dp[2..];
                    double value = FGradient(p[0], p[1], p[2..], ref dp[0], ref dp[1], dw);
                    dw.CopyTo(dp, 2);
                    return value;
                }
            }
            """, new[] { new[] { 0.3, 1.2, 0.5, -1.0, 2.0 }, new[] { -1.1, 0.4, 1.5 } }),

        new("LoopOverwrite", "LoopOverwrite", Usings + """
            public static partial class LoopOverwrite
            {
                [Differentiable]
                public static double F(double a, double[] w)
                {
                    double t = a;
                    for (int i = 0; i < w.Length; i++)
                    {
                        t = t * Math.Cos(w[i]) + a * w[i];
                        t *= 0.9;
                    }
                    return t * t;
                }

                public static double Value(double[] p) => F(p[0], p[1..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dw = dp[1..];
                    double value = FGradient(p[0], p[1..], ref dp[0], dw);
                    dw.CopyTo(dp, 1);
                    return value;
                }
            }
            """, new[] { new[] { 0.8, 0.1, -0.7, 1.9, 0.3 }, new[] { -1.3, 2.2 } }),

        new("Branches", "Branches", Usings + """
            public static partial class Branches
            {
                [Differentiable]
                public static double F(double x, double y)
                {
                    double r;
                    if (x > 0.0)
                        r = x * y;
                    else
                        r = Math.Sin(y) - x;
                    double s = y > 1.0 ? r * r : r + y;
                    if (s > 100.0)
                        return 100.0 * Math.Tanh(s);
                    return s + 0.5 * x;
                }

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.5, 2.0 }, new[] { -0.5, 0.3 }, new[] { 1.5, -0.8 } }),

        new("WhileBreakContinue", "WhileBreakContinue", Usings + """
            public static partial class WhileBreakContinue
            {
                [Differentiable]
                public static double F(double x, double[] w)
                {
                    double s = 0.0;
                    int i = 0;
                    while (true)
                    {
                        if (i >= w.Length) break;
                        double v = w[i];
                        i++;
                        if (i == 2) continue;
                        s += v * Math.Sin(x + s);
                    }
                    do
                    {
                        s = 0.5 * s + x;
                        i--;
                    } while (s < 0.0 && i > 0);
                    return s;
                }

                public static double Value(double[] p) => F(p[0], p[1..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dw = dp[1..];
                    double value = FGradient(p[0], p[1..], ref dp[0], dw);
                    dw.CopyTo(dp, 1);
                    return value;
                }
            }
            """, new[] { new[] { 0.4, 1.0, -2.0, 0.5 }, new[] { -0.3, 0.2, 0.9, -1.1, 0.6 } }),

        new("LocalArray", "LocalArray", Usings + """
            public static partial class LocalArray
            {
                [Differentiable]
                public static double F(double x, ReadOnlySpan<double> w)
                {
                    double[] h = new double[w.Length];
                    for (int i = 0; i < h.Length; i++)
                        h[i] = Math.Tanh(x * w[i]);
                    double s = 0.0;
                    foreach (double v in h)
                        s += v * v;
                    h[0] = s;
                    return h[0] + h[h.Length - 1];
                }

                public static double Value(double[] p) => F(p[0], p.AsSpan(1));
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p.AsSpan(1), ref dp[0], dp.AsSpan(1));
            }
            """, new[] { new[] { 0.6, 0.5, -1.0, 1.5 }, new[] { -0.2, 2.0, 0.7 } }),

        new("FusedLoop", "FusedLoop", Usings + """
            public static partial class FusedLoop
            {
                // Iterations only add into loss: each is reversed right after it runs.
                [Differentiable(nameof(w))]
                public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x)
                {
                    int d = w.Length;
                    Span<double> h = stackalloc double[d];
                    double loss = 0.0;
                    int n = x.Length / d;
                    for (int i = 0; i < n; i++)
                    {
                        for (int j = 0; j < d; j++) h[j] = Math.Tanh(w[j] * x[i * d + j]);
                        double z = 0.0;
                        for (int j = 0; j < d; j++) z += h[j];
                        loss += z * z;
                    }
                    return 0.5 * loss / x.Length;
                }

                public static readonly double[] X = { 0.5, -1.0, 2.0, 0.25, 1.5, -0.75 };
                public static double Value(double[] p) => F(p, X);
                public static double Grad(double[] p, double[] dp) => FGradient(p, X, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2 }, new[] { -0.2, 0.3, 0.7 } }),

        new("FusedThroughLocal", "FusedThroughLocal", Usings + """
            public static partial class FusedThroughLocal
            {
                // gmm.h's ending: the sum is held in a local, a prior computed by a loop of its own, then
                // both returned. The result is still linear in loss (2 * scale / n, known before the loop),
                // and the prior does not depend on it, so the loop is still fused.
                [Differentiable(nameof(w))]
                public static double F(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double scale)
                {
                    int d = w.Length;
                    int n = x.Length / d;
                    double half = 0.5 * scale;
                    double loss = 0.0;
                    for (int i = 0; i < n; i++)
                    {
                        double z = 0.0;
                        for (int j = 0; j < d; j++) z += Math.Tanh(w[j] * x[i * d + j]);
                        loss += z * z;
                    }
                    double err = 1.0 + half * loss;
                    double prior = 0.0;
                    for (int j = 0; j < d; j++) prior += w[j] * w[j];
                    double total = 4 * err / n;
                    return total + prior;
                }

                public static readonly double[] X = { 0.5, -1.0, 2.0, 0.25, 1.5, -0.75 };
                public static double Value(double[] p) => F(p, X, 1.5);
                public static double Grad(double[] p, double[] dp) => FGradient(p, X, 1.5, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2 }, new[] { -0.2, 0.3, 0.7 } }),

        new("NestedHelpers", "NestedHelpers", Usings + """
            public static partial class NestedHelpers
            {
                // gmm.h's logsumexp calls arr_max, without StopGradient: the inner helper is inlined into
                // the outer one, and the outer one into F, so F's tape saves the exps once.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    double[] z = new double[w.Length];
                    for (int i = 0; i < z.Length; i++) z[i] = a * w[i] * w[i];
                    return LogSumExp(z) + a * ArrMax(w);
                }

                private static double ArrMax(ReadOnlySpan<double> x)
                {
                    double m = x[0];
                    for (int i = 1; i < x.Length; i++)
                        if (m < x[i]) m = x[i];
                    return m;
                }

                private static double LogSumExp(ReadOnlySpan<double> x)
                {
                    double mx = ArrMax(x);
                    double semx = 0;
                    for (int i = 0; i < x.Length; i++) semx += Math.Exp(x[i] - mx);
                    return Math.Log(semx) + mx;
                }
            }
            """ + ArrayThenScalarWrappers("NestedHelpers"), new[] { new[] { 0.8, 0.1, -0.7, 1.3 }, new[] { -1.4, 0.25, 2.0 } }),

        new("ClosedFormIndex", "ClosedFormIndex", Usings + """
            public static partial class ClosedFormIndex
            {
                // adbench.md's closed-form packed index, row by row: the reverse block needs
                // l[idx(r, c)] for xc's adjoint and updates dl[idx(r, c)], so the index is computed once.
                [Differentiable]
                public static double F(double[] l, double[] xc)
                {
                    int d = xc.Length;
                    double sq = 0;
                    for (int r = 0; r < d; r++)
                    {
                        double yr = xc[r];
                        for (int c = 0; c < r; c++)
                            yr += l[c * d - c * (c + 1) / 2 + (r - c - 1)] * xc[c];
                        sq += yr * yr;
                    }
                    return sq;
                }

                public static double Value(double[] p) => F(p[..3], p[3..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dl = dp[..3], dxc = dp[3..];
                    double value = FGradient(p[..3], p[3..], dl, dxc);
                    dl.CopyTo(dp, 0);
                    dxc.CopyTo(dp, 3);
                    return value;
                }
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8, 1.1 }, new[] { -0.2, 0.3, 0.7, 1.4, 0.25, -0.6 } }),

        new("SinCosPair", "SinCosPair", Usings + """
            public static partial class SinCosPair
            {
                // ba.h's rotation keeps cos and sin of one angle in locals: sin's reverse block reads cos and
                // cos's reads sin, instead of calling the other function again.
                [Differentiable]
                public static double F(double[] w)
                {
                    double theta = Math.Sqrt(w[0] * w[0] + w[1] * w[1]);
                    double cos = Math.Cos(theta);
                    double sin = Math.Sin(theta);
                    return w[2] * cos - w[3] * sin;
                }

                public static double Value(double[] p) => F(p);
                public static double Grad(double[] p, double[] dp) => FGradient(p, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3 }, new[] { -0.2, 1.3, 0.7, -1.4 } }),

        new("TupleSwap", "TupleSwap", Usings + """
            public static partial class TupleSwap
            {
                // b's new value reads a's old one: both values are copied before either is assigned.
                // The declaration needs no copies; the helper's tuple comes back in its own locals.
                [Differentiable]
                public static double F(double x, double y)
                {
                    double a = x, b = y;
                    for (int i = 0; i < 3; i++) (a, b) = (b, a + b * x);
                    var (u, v) = (a / b, a * b);
                    var (p, q) = Polar(u, v);
                    return u + v + p * q;
                }

                static (double Radius, double Angle) Polar(double x, double y) => (Math.Sqrt(x * x + y * y), Math.Atan2(y, x));

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.6, -0.5 }, new[] { -0.2, 1.3 } }),

        new("OutArguments", "OutArguments", Usings + """
            public static partial class OutArguments
            {
                // The helper runs inlined on locals of its own; u and v are assigned once it has run.
                static void Project(double x, double y, double z, out double u, out double v)
                {
                    u = x / z;
                    v = y / z;
                }

                [Differentiable]
                public static double F(double[] w)
                {
                    Project(w[0], w[1], w[2], out double u, out double v);
                    return u * v + u;
                }

                public static double Value(double[] p) => F(p);
                public static double Grad(double[] p, double[] dp) => FGradient(p, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2 }, new[] { -0.2, 1.3, 0.7 } }),

        new("IndexHelper", "IndexHelper", Usings + """
            public static partial class IndexHelper
            {
                // An int helper that is one expression is replaced by that expression: the reverse block computes
                // the index again (once, into an int local) instead of popping it from the tape.
                [Differentiable]
                public static double F(double[] l, double[] x)
                {
                    int d = x.Length;
                    double s = 0;
                    for (int r = 0; r < d; r++)
                    {
                        double y = x[r];
                        for (int c = 0; c < r; c++) y += l[PackedIndex(r, c, d)] * x[c];
                        s += y * y;
                    }
                    return s;
                }

                static int PackedIndex(int r, int c, int d) => c * d - c * (c + 1) / 2 + (r - c - 1);

                public static double Value(double[] p) => F(p[..3], p[3..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dl = dp[..3], dx = dp[3..];
                    double value = FGradient(p[..3], p[3..], dl, dx);
                    dl.CopyTo(dp, 0);
                    dx.CopyTo(dp, 3);
                    return value;
                }
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8, 1.1 }, new[] { -0.2, 0.3, 0.7, 1.4, 0.25, -0.6 } }),

        new("ScratchHelper", "ScratchHelper", Usings + """
            public static partial class ScratchHelper
            {
                // The helper's scratch array becomes the caller's: allocated once at the start (size x.Length, through
                // d's single definition) and cleared at each inlined call, instead of a pullback per call.
                [Differentiable]
                public static double F(double[] w, double[] x)
                {
                    int d = x.Length;
                    double s = 0;
                    for (int i = 0; i + d <= w.Length; i++) s += CenteredSquares(w.AsSpan(i, d), x, d);
                    return s;
                }

                static double CenteredSquares(ReadOnlySpan<double> v, ReadOnlySpan<double> mu, int d)
                {
                    Span<double> c = stackalloc double[d];
                    for (int j = 0; j < d; j++) c[j] = v[j] - mu[j];
                    double sq = 0;
                    for (int j = 0; j < d; j++) sq += c[j] * c[j];
                    return sq;
                }

                public static double Value(double[] p) => F(p[..4], p[4..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dw = dp[..4], dx = dp[4..];
                    double value = FGradient(p[..4], p[4..], dw, dx);
                    dw.CopyTo(dp, 0);
                    dx.CopyTo(dp, 4);
                    return value;
                }
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8, 1.1 }, new[] { -0.2, 0.3, 0.7, 1.4, 0.25, -0.6 } }),

        new("SliceBlockRows", "SliceBlockRows", Usings + """
            public static partial class SliceBlockRows
            {
                // A helper over a slice reads blocks p[k * b + i]: in the caller that is w[(start + k * b) + i], so
                // the reversed loops read each block through a row view.
                [Differentiable]
                public static double F(double[] w, int b)
                {
                    double s = 0;
                    for (int layer = 0; layer < 2; layer++) s += Gates(w.AsSpan(layer * 3 * b, 3 * b), b);
                    return s;
                }

                static double Gates(ReadOnlySpan<double> p, int b)
                {
                    double s = 0;
                    for (int i = 0; i < b; i++) s += p[i] * p[b + i] + Math.Tanh(p[2 * b + i]);
                    return s;
                }

                public static double Value(double[] p) => F(p, 2);
                public static double Grad(double[] p, double[] dp) => FGradient(p, 2, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8, 1.1, 0.2, 0.4, -0.3, 0.9, 1.5, -1.0 } }),

        new("CarvedScratch", "CarvedScratch", Usings + """
            public static partial class CarvedScratch
            {
                // One stackalloc cut into slices that tile it: each slice is an array of its own (a write to y is
                // no write to xc or z, so z's updates save nothing), and the clear before the slices is no code.
                [Differentiable]
                public static double F(double[] w, int d)
                {
                    Span<double> scratch = stackalloc double[3 * d];
                    scratch.Clear();
                    Span<double> xc = scratch.Slice(0, d);
                    Span<double> y = scratch.Slice(d, d);
                    Span<double> z = scratch[(2 * d)..];
                    double s = 0;
                    for (int k = 0; k + d <= w.Length; k++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            xc[j] = w[k + j] - w[j];
                            y[j] = Math.Exp(w[j]) * xc[j];
                        }
                        for (int j = 0; j < d; j++) z[j] += y[j] * y[j];
                    }
                    for (int j = 0; j < d; j++) s += Math.Log(1 + z[j]);
                    return s;
                }

                public static double Value(double[] p) => F(p, 2);
                public static double Grad(double[] p, double[] dp) => FGradient(p, 2, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8 }, new[] { -0.2, 0.3, 0.7, 1.1 } }),

        new("FmaUpdates", "FmaUpdates", Usings + """
            public static partial class FmaUpdates
            {
                // y[r] = Math.FusedMultiplyAdd(a, b, y[r]) and s = e + s are updates like +=: the reverse adds into
                // the factors' adjoints and leaves y[r]'s and s's as they are (no load and store of its own).
                [Differentiable]
                public static double F(double[] w, int d)
                {
                    Span<double> x = stackalloc double[d];
                    Span<double> y = stackalloc double[d];
                    for (int j = 0; j < d; j++) x[j] = w[j] * w[j];
                    for (int j = 0; j < d; j++) y[j] = Math.Exp(w[j]);
                    for (int c = 0; c < d; c++)
                        for (int r = c + 1; r < d; r++)
                            y[r] = Math.FusedMultiplyAdd(w[d + c], x[c], y[r]);
                    double s = 0;
                    for (int j = 0; j < d; j++) s = Math.Sin(y[j]) + s;
                    return s;
                }

                public static double Value(double[] p) => F(p, 3);
                public static double Grad(double[] p, double[] dp) => FGradient(p, 3, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8, 1.1 } }),

        new("IterationTemporary", "IterationTemporary", Usings + """
            public static partial class IterationTemporary
            {
                // v reads mb, a temporary of the loop around it that its reversed iteration computes again first:
                // v is computed again too ("recomputed, not saved"), so the inner loop saves only y, whole.
                [Differentiable]
                public static double F(double[] w, int d)
                {
                    int K = w.Length / d;
                    Span<double> y = stackalloc double[d];
                    double s = 1;
                    for (int k = 0; k < K; k++)
                    {
                        int mb = k * d;
                        for (int j = 0; j < d; j++)
                        {
                            double v = w[mb + j] - w[j];
                            y[j] = s * v;
                        }
                        double q = 0;
                        for (int j = 0; j < d; j++) q += y[j] * y[j];
                        s = Math.Sin(q + s);
                    }
                    return s;
                }

                public static double Value(double[] p) => F(p, 2);
                public static double Grad(double[] p, double[] dp) => FGradient(p, 2, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2, 0.3, -0.8, 1.1 } }),

        new("FixedIndexSum", "FixedIndexSum", Usings + """
            public static partial class FixedIndexSum
            {
                // _d_h[c] is summed in a local over r (scalar replacement); dw[r] is updated in place.
                [Differentiable]
                public static double F(double[] w)
                {
                    int n = w.Length;
                    double[] h = new double[n];
                    for (int c = 0; c < n; c++) h[c] = w[c] * w[c];
                    double s = 0.0;
                    for (int c = 0; c < n; c++)
                        for (int r = c + 1; r < n; r++)
                            s += h[c] * w[r];
                    return s * s;
                }

                public static double Value(double[] p) => F(p);
                public static double Grad(double[] p, double[] dp) => FGradient(p, dp);
            }
            """, new[] { new[] { 0.6, -0.5, 1.2 }, new[] { -0.2, 0.3, 0.7, 1.1 } }),

        new("InPlaceSteps", "InPlaceSteps", Usings + """
            public static partial class InPlaceSteps
            {
                // x is rewritten in place every step; no other reverse code reads x, so each reversed
                // step reads its saved copy of x instead of restoring x first.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    double[] x = new double[w.Length];
                    for (int i = 0; i < x.Length; i++) x[i] = 0.5;
                    for (int t = 0; t < 3; t++)
                        for (int i = 0; i < x.Length; i++) x[i] = a * x[i] * (1 - x[i]) + w[i];
                    double s = 0;
                    for (int i = 0; i < x.Length; i++) s += x[i] * x[i];
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("InPlaceSteps"), new[] { new[] { 2.5, 0.1, -0.2, 0.3 }, new[] { 3.1, 0.05 } }),

        new("Quotients", "Quotients", Usings + """
            public static partial class Quotients
            {
                // A quotient assigned to a variable is read back by the reverse sweep:
                // 1 / v needs no division there, u / v needs one.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++)
                    {
                        double g = 1 / (1 + Math.Exp(-a * w[i]));
                        double r = w[i] / (g + a * a);
                        s += g * r;
                    }
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("Quotients"), new[] { new[] { 0.8, 0.1, -0.7, 1.3 }, new[] { -1.4, 0.25 } }),

        new("InlinedLogSumExp", "InlinedLogSumExp", Usings + """
            public static partial class InlinedLogSumExp
            {
                // A helper with loops over a span parameter runs inline: its exps are saved by the
                // caller's tape instead of being computed again by the helper's pullback. Over a slice,
                // the helper's loops read it through a view of the slice.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    double[] z = new double[w.Length];
                    for (int i = 0; i < z.Length; i++) z[i] = a * w[i];
                    return LogSumExp(z) - z[0] + LogSumExp(w.AsSpan(w.Length - 2, 2));
                }

                private static double LogSumExp(ReadOnlySpan<double> v)
                {
                    double max = double.NegativeInfinity;
                    for (int k = 0; k < v.Length; k++) max = Math.Max(max, Ad.StopGradient(v[k]));
                    double sum = 0;
                    for (int k = 0; k < v.Length; k++) sum += Math.Exp(v[k] - max);
                    return max + Math.Log(sum);
                }
            }
            """ + ArrayThenScalarWrappers("InlinedLogSumExp"), new[] { new[] { 0.8, 0.1, -0.7, 1.3 }, new[] { -1.4, 0.25, 2.0 } }),

        new("RecomputedRow", "RecomputedRow", Usings + """
            public static partial class RecomputedRow
            {
                // a is filled every iteration from inputs the loop does not change: the reversed iteration
                // fills it again instead of saving and restoring it.
                [Differentiable]
                public static double F(double[] w, double m)
                {
                    double[] a = new double[w.Length];
                    double s = 0;
                    for (int k = 0; k < 3; k++)
                    {
                        for (int j = 0; j < a.Length; j++) a[j] = w[j] - m * k;
                        for (int j = 0; j < a.Length; j++) s += Math.Tanh(a[j] * w[j]);
                    }
                    return s * s; // not linear in s: the loop is reversed after it, not fused
                }
            }
            """ + ArrayThenScalarWrappers("RecomputedRow"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0 } }),

        new("IterationRows", "IterationRows", Usings + """
            public static partial class IterationRows
            {
                // y is filled whole first in every iteration of the loop over k and used nowhere else: each
                // iteration computes in a row of the tape of its own, which its reversed iteration reads
                // again. z is filled only in part (z[2] keeps its value), so it is saved and restored.
                [Differentiable]
                public static double F(double[] w, double m)
                {
                    Span<double> e = stackalloc double[3];
                    for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(m * w[j % w.Length]);
                    Span<double> y = stackalloc double[3];
                    Span<double> z = stackalloc double[3];
                    double s = 0;
                    for (int k = 0; k < 2; k++)
                    {
                        for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + 1) % w.Length] - k);
                        for (int j = 1; j < y.Length; j++) y[j] += m * e[j - 1];
                        for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
                    }
                    for (int k = 0; k < 2; k++)
                    {
                        for (int j = 0; j < z.Length - 1; j++) z[j] = e[j] * (w[j % w.Length] + k);
                        for (int j = 0; j < z.Length; j++) s += z[j] * (z[j] + z[2]);
                    }
                    return Math.Log(1 + s);
                }
            }
            """ + ArrayThenScalarWrappers("IterationRows"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0 } }),

        new("WritingHelpers", "WritingHelpers", Usings + """
            public static partial class WritingHelpers
            {
                // Helpers that write into their span arguments (ADBench's subtract and Qtimesx): each call
                // runs the helper's statements in its place, on the caller's arrays and slices.
                static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
                {
                    for (int i = 0; i < output.Length; i++) output[i] = x[i] - y[i];
                }

                static void Scale(double c, Span<double> v)
                {
                    for (int i = 0; i < v.Length; i++) v[i] *= c;
                }

                // Walks its slice with an index of its own: inlined, j counts in w's positions, the slice's
                // start added where j is set rather than at every read.
                static void TimesReversed(ReadOnlySpan<double> x, Span<double> v)
                {
                    int j = x.Length - 1;
                    for (int i = 0; i < v.Length; i++)
                    {
                        v[i] *= x[j];
                        j--;
                    }
                }

                [Differentiable]
                public static double F(double[] w, double m)
                {
                    int d = 2;
                    double[] diff = new double[d];
                    double s = 0;
                    for (int k = 0; k + d <= w.Length; k++)
                    {
                        Subtract(w.AsSpan(k, d), w.AsSpan(w.Length - d, d), diff);
                        Scale(m, diff);
                        TimesReversed(w.AsSpan(w.Length - k - d, d), diff);
                        s += diff[0] * diff[1];
                    }
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("WritingHelpers"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0 } }),

        new("SliceIndexHelper", "SliceIndexHelper", Usings + """
            public static partial class SliceIndexHelper
            {
                // A value helper walking its slice backwards with an index of its own (gmm.h's Lparamsidx):
                // inlined, at counts in w's positions, the slice's start added once where at is set.
                static double EveryOther(ReadOnlySpan<double> v)
                {
                    double s = 0;
                    int at = v.Length - 1;
                    for (int i = 0; i < (v.Length + 1) / 2; i++)
                    {
                        s += Math.Sin(v[at]) * (i + 1);
                        at -= 2;
                    }
                    return s;
                }

                [Differentiable]
                public static double F(double[] w, double a)
                {
                    double s = 0;
                    for (int k = 0; k + 3 <= w.Length; k++) s += a * EveryOther(w.AsSpan(k, 3));
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("SliceIndexHelper"), new[] { new[] { 0.3, 0.1, -0.7, 1.3, 0.4, -1.1 }, new[] { -0.4, 0.25, 2.0, 0.6 } }),

        new("ArrayParameters", "ArrayParameters", Usings + """
            public static partial class ArrayParameters
            {
                static double Square(double t) => t * t;

                // Not inlined (a while loop), so F passes u to it whole and u stays a double[] in F's adjoint
                // method. Its own adjoint method only indexes v and takes it as a ReadOnlySpan<double>.
                static double SumSquares(double[] v)
                {
                    double s = 0;
                    int i = 0;
                    while (i < v.Length) { s += Square(v[i]); i++; }
                    return s;
                }

                // w is only indexed: F's adjoint method takes it as a ReadOnlySpan<double>. The public methods keep double[].
                [Differentiable]
                public static double F(double[] w, double[] u)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length; i++) s += Math.Sin(w[i]) * u[i % u.Length];
                    return s * SumSquares(u);
                }

                public static double Value(double[] p) => F(p[..3], p[3..]);
                public static double Grad(double[] p, double[] dp)
                {
                    double[] dw = dp[..3], du = dp[3..];
                    double value = FGradient(p[..3], p[3..], dw, du);
                    dw.CopyTo(dp, 0);
                    du.CopyTo(dp, 3);
                    return value;
                }
            }
            """, new[] { new[] { 0.3, -0.7, 1.3, 0.4, -1.1 }, new[] { -0.4, 0.25, 2.0, 0.6, 0.9, -0.2 } }),

        new("ViewIndex", "ViewIndex", Usings + """
            public static partial class ViewIndex
            {
                // A view walked by an index of its own: l counts in w's positions, v's start added once where l is set.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    double s = 0;
                    for (int k = 0; k + 3 <= w.Length; k += 3)
                    {
                        ReadOnlySpan<double> v = w.AsSpan(k, 3);
                        int l = 0;
                        for (int i = 0; i < 3; i++)
                        {
                            s += a * Math.Sin(v[l]) * (i + 1);
                            l++;
                        }
                    }
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("ViewIndex"), new[] { new[] { 0.3, 0.1, -0.7, 1.3, 0.4, -1.1, 0.8 }, new[] { -0.4, 0.25, 2.0, 0.6 } }),

        new("StepInIndex", "StepInIndex", Usings + """
            public static partial class StepInIndex
            {
                // w[idx++]: the read uses idx, and idx++ becomes a statement of its own right after it.
                // --n steps before its statement.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    int n = w.Length;
                    double s = 0;
                    int idx = 0;
                    for (int c = 0; c < n; c++)
                        for (int r = c + 1; r < n; r++)
                            s += a * w[idx++ % n] * w[r];
                    return s * w[--n];
                }
            }
            """ + ArrayThenScalarWrappers("StepInIndex"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0, 0.5, -1.1 } }),

        new("TriangleRows", "TriangleRows", Usings + """
            public static partial class TriangleRows
            {
                // A lower triangle stored row by row in a square: for (c = 0; c <= r; c++) reads L[r * n + c]
                // through a view of r + 1 elements, forward and reversed; a row loop that may not run
                // (c <= r - 2) gets an empty view.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    int n = 3;
                    Span<double> L = stackalloc double[n * n];
                    for (int r = 0; r < n; r++)
                        for (int c = 0; c <= r; c++)
                            L[r * n + c] = w[(r + c) % w.Length] * a;
                    double s = 0;
                    for (int r = 0; r < n; r++)
                    {
                        double t = 0;
                        for (int c = 0; c <= r; c++) t += L[r * n + c] * w[c % w.Length];
                        s += t * t;
                    }
                    for (int r = 0; r < n; r++)
                        for (int c = 0; c <= r - 2; c++) s += L[r * n + c] * L[r * n + c + 1];
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("TriangleRows"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0, 0.5, -1.1 } }),

        new("ScratchReadBack", "ScratchReadBack", Usings + """
            public static partial class ScratchReadBack
            {
                // The loop over points is fused (each point's reverse right after it): its scratch array a is
                // written a[j] = ... and then only read as a[j] in the same loop, so no point sees another's a.
                [Differentiable]
                public static double F(double[] w, double a0)
                {
                    int d = w.Length;
                    double[] a = new double[d];
                    double s = 0;
                    for (int i = 0; i < 3; i++)
                    {
                        for (int j = 0; j < d; j++)
                        {
                            a[j] = w[j] * (a0 + i);
                            s += a[j] * Math.Sin(a[j]);
                        }
                    }
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("ScratchReadBack"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0, 0.5, -1.1 } }),

        new("InPlaceNeighbour", "InPlaceNeighbour", Usings + """
            public static partial class InPlaceNeighbour
            {
                // The in-place loop reads the element the previous iteration rewrote: a is saved once before it,
                // and each reversed iteration restores its own element first.
                [Differentiable]
                public static double F(double[] w, double a0)
                {
                    int n = w.Length;
                    double[] a = new double[n];
                    for (int i = 0; i < n; i++) a[i] = w[i] * a0;
                    for (int i = 1; i < n; i++) a[i] = a[i] * Math.Cos(a[i - 1]);
                    double s = 0;
                    for (int i = 0; i < n; i++) s += a[i] * a[i];
                    return s;
                }
            }
            """ + ArrayThenScalarWrappers("InPlaceNeighbour"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0, 0.5, -1.1 } }),

        new("PackedTriangle", "PackedTriangle", Usings + """
            public static partial class PackedTriangle
            {
                // idx is reset before the triangle and only stepped inside it: the reversed triangle runs in
                // forward order from the reset's value, so nothing saves idx. The same for p and q at the top level.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    int n = w.Length;
                    Span<double> x = stackalloc double[n];
                    Span<double> y = stackalloc double[n];
                    double s = 0;
                    for (int k = 0; k < 2; k++)
                    {
                        for (int j = 0; j < n; j++) x[j] = w[j] - a * k;
                        for (int j = 0; j < n; j++) y[j] = a * x[j];
                        int idx = k + 1;
                        for (int c = 0; c < n; c++)
                        {
                            for (int r = c + 1; r < n; r++)
                            {
                                y[r] += w[idx % n] * x[c];
                                idx++;
                            }
                        }
                        for (int j = 0; j < n; j++) s += y[j] * y[j];
                    }
                    int p = 0, q = 1;
                    for (int c = 0; c < n; c++)
                    {
                        for (int r = c + 1; r <= n; r += 2)
                        {
                            s += w[p % n] * w[q % n] * a;
                            p += 2;
                            q++;
                        }
                    }
                    return Math.Log(1 + s);
                }
            }
            """ + ArrayThenScalarWrappers("PackedTriangle"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0, 0.5, -1.1 } }),

        new("PackedTriangleLookAlikes", "PackedTriangleLookAlikes", Usings + """
            public static partial class PackedTriangleLookAlikes
            {
                // Triangles whose reverse must not run in forward order: each keeps its index saved or stepped back.
                [Differentiable]
                public static double F(double[] w, double a)
                {
                    int n = w.Length;
                    Span<double> y = stackalloc double[n];
                    for (int j = 0; j < n; j++) y[j] = a * w[j];
                    double s = 0.5;
                    // i is read at the top of the next iteration, before its reset: that read needs the value
                    // the previous iteration's triangle left.
                    int i = 0;
                    for (int k = 0; k < 2; k++)
                    {
                        s += w[i % n] * a;
                        i = k;
                        for (int c = 0; c < n; c++)
                        {
                            for (int r = c + 1; r < n; r++)
                            {
                                s += w[i % n] * y[c];
                                i++;
                            }
                        }
                    }
                    // The first update reads z, which the second writes: z[r]'s adjoint is complete only once
                    // the iterations with c = r are reversed, which come later in forward order.
                    Span<double> z = stackalloc double[n];
                    Span<double> h = stackalloc double[n];
                    for (int j = 0; j < n; j++) z[j] = w[j] + a;
                    int t = 0;
                    for (int c = 0; c < n; c++)
                    {
                        for (int r = c + 1; r < n; r++)
                        {
                            h[r] += z[c];
                            z[r] += w[t % n] * a;
                            t++;
                        }
                    }
                    for (int j = 0; j < n; j++) s += h[j] * w[j];
                    // u's reset reads m, which changes before the reverse sweep gets back to the triangle.
                    int m = 2;
                    int u = m;
                    for (int c = 0; c < n; c++)
                    {
                        for (int r = c + 1; r < n; r++)
                        {
                            s += w[u % n] * y[r] * a;
                            u++;
                        }
                    }
                    m = 3;
                    // q's reverse reads y as it is here: the triangle's updates of y are saved and restored.
                    double q = 0;
                    for (int j = 0; j < n; j++) q += y[j] * y[j] * w[j];
                    int v = 1;
                    for (int c = 0; c < n; c++)
                    {
                        for (int r = c + 1; r < n; r++)
                        {
                            y[r] += w[v % n] * a;
                            v++;
                        }
                    }
                    for (int j = 0; j < n; j++) s += y[j] * y[j];
                    return Math.Log(1 + s * s) + m * a + q;
                }
            }
            """ + ArrayThenScalarWrappers("PackedTriangleLookAlikes"), new[] { new[] { 0.3, 0.1, -0.7, 1.3 }, new[] { -0.4, 0.25, 2.0, 0.5, -1.1 } }),

        new("Calls", "Calls", Usings + """
            public static partial class Calls
            {
                private static double Helper(double x, double k) => k * x * x + Math.Sin(x);

                private static double Power(double x, int n) => n == 0 ? 1.0 : x * Power(x, n - 1);

                [Differentiable]
                public static double F(double x, double y) => Helper(x, 2.0) * Helper(y, x) + Power(x + y, 3);

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.9, -0.4 }, new[] { 1.7, 0.2 } }),

        new("StopGradient", "StopGradient", Usings + """
            public static partial class StopGradient
            {
                [Differentiable]
                public static double F(double x, double y) => Ad.StopGradient(x * y) * y + x;

                // The gradient treats x * y as a constant c: d/dx = 1, d/dy = c.
                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new double[][] { }),

        new("FloatMethod", "FloatMethod", Usings + """
            using System.Linq;

            public static partial class FloatMethod
            {
                [Differentiable]
                public static float F(float x, float[] w)
                {
                    float s = 0f;
                    for (int i = 0; i < w.Length; i++)
                        s += MathF.Sin(x * w[i]) * 0.5f;
                    return s * x;
                }

                public static double Value(double[] p) => F((float)p[0], p[1..].Select(v => (float)v).ToArray());
                public static double Grad(double[] p, double[] dp)
                {
                    float dx = 0f;
                    float[] dw = new float[p.Length - 1];
                    float value = FGradient((float)p[0], p[1..].Select(v => (float)v).ToArray(), ref dx, dw);
                    dp[0] += dx;
                    for (int i = 0; i < dw.Length; i++) dp[i + 1] += dw[i];
                    return value;
                }
            }
            """, new double[][] { }),

        new("NestedTypes", "Deep.Outer+Inner", Usings + """
            namespace Deep
            {
                public partial class Outer
                {
                    internal static partial class Inner
                    {
                        [Differentiable]
                        internal static double F(double x, double y) => Math.Exp(x - y) * x;

                        public static double Value(double[] p) => F(p[0], p[1]);
                        public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
                    }
                }
            }
            """, new[] { new[] { 0.3, 0.1 }, new[] { -0.5, 1.0 } }),

        new("DerivativeOf", "DerivativeOf", Usings + """
            public static partial class DerivativeOf
            {
                public static double Softplus(double x) => x > 30.0 ? x : Math.Log(1.0 + Math.Exp(x));

                [DerivativeOf(nameof(Softplus))]
                public static void SoftplusRule(double x, double dResult, ref double dx) =>
                    dx += dResult / (1.0 + Math.Exp(-x));

                [Differentiable]
                public static double F(double x, double y) => Softplus(x * y) + Softplus(-x);

                public static double Value(double[] p) => F(p[0], p[1]);
                public static double Grad(double[] p, double[] dp) => FGradient(p[0], p[1], ref dp[0], ref dp[1]);
            }
            """, new[] { new[] { 0.5, 1.5 }, new[] { -2.0, 0.25 } }),
    };

    public static IEnumerable<object[]> Names => All.Select(c => new object[] { c.Name });

    public static GradientCase Get(string name) => All.Single(c => c.Name == name);
}
