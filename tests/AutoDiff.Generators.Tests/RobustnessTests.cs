using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// The generator runs on every keystroke in the IDE, so it sees half-typed and wrong code all the
/// time. It must never throw (CS8785 / AD0001), and what it emits must not add errors of its own:
/// the user sees the compiler's error on their code, or an ADIFF diagnostic, not a broken generated file.
/// Most cases are broken code; a few are valid but unusual (deep nesting, recursion, aliases).
/// </summary>
public class RobustnessTests
{
    private const string Usings = "using System;\nusing AutoDiff;\n\n";

    public static readonly Dictionary<string, string> Cases = new()
    {
        ["missing semicolon"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) { double y = x * x return y; }
            }
            """,
        ["half-typed expression"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x, double y) { return x * ; }
            }
            """,
        ["unknown identifiers"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * z + Math.Frobnicate(x) + Undefined.Call(x);
            }
            """,
        ["unfinished for loop"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x, double[] w)
                {
                    double s = 0;
                    for (int i = 0; i < w.Length;
            """,
        ["unclosed type at end of file"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) { return Math.Sin(x);
            """,
        ["method without body"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x);
            }
            """,
        ["partial method without implementation"] = """
            public static partial class C
            {
                [Differentiable] public static partial double F(double x);
            }
            """,
        ["extern method"] = """
            public static partial class C
            {
                [Differentiable] public static extern double F(double x);
            }
            """,
        ["attribute on a property"] = """
            public static partial class C
            {
                [Differentiable] public static double P => 1.0;
            }
            """,
        ["instance method"] = """
            public partial class C
            {
                private double _k = 2;
                [Differentiable] public double F(double x) => _k * x;
            }
            """,
        ["generic method"] = """
            public static partial class C
            {
                [Differentiable] public static T F<T>(T x) where T : System.Numerics.INumber<T> => x * x;
            }
            """,
        ["generic partial type"] = """
            public static partial class C<T>
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            """,
        ["return type missing"] = """
            public static partial class C
            {
                [Differentiable] public static Missing F(double x) => x;
            }
            """,
        ["parameter type missing"] = """
            public static partial class C
            {
                [Differentiable] public static double F(Missing m, double x) => x;
            }
            """,
        ["returns void"] = """
            public static partial class C
            {
                [Differentiable] public static void F(double x) { }
            }
            """,
        ["no return statement"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) { double y = x; }
            }
            """,
        ["type not partial"] = """
            public static class C
            {
                [Differentiable] public static double F(double x) => x * x;
            }
            """,
        ["attribute with wrong arguments"] = """
            public static partial class C
            {
                [Differentiable(42)] public static double F(double x) => x;
                [Differentiable("nope")] public static double G(double x) => x;
                [Differentiable(null)] public static double H(double x) => x;
                [Differentiable(nameof(x), nameof(x))] public static double K(double x) => x;
            }
            """,
        ["ref, out, in and params parameters"] = """
            public static partial class C
            {
                [Differentiable] public static double F(ref double x, in double y, out double z, params double[] w) { z = 0; return x * y; }
            }
            """,
        ["duplicate method"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
                [Differentiable] public static double F(double x) => x + x;
            }
            """,
        ["user already declares FGradient"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
                public static double FGradient(double x, ref double dx) => 0;
            }
            """,
        ["local function"] = """
            public static partial class C
            {
                public static double Outer(double x)
                {
                    [Differentiable] static double Inner(double y) => y * y;
                    return Inner(x);
                }
            }
            """,
        ["lambda"] = """
            public static partial class C
            {
                public static Func<double, double> Make() => [Differentiable] (double x) => x * x;
            }
            """,
        ["interface static abstract"] = """
            public partial interface I
            {
                [Differentiable] static abstract double F(double x);
            }
            """,
        ["unbounded recursion and mutual recursion"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => F(x) + G(x);
                public static double G(double x) => F(x * 0.5);
            }
            """,
        ["unsupported constructs"] = """
            public static partial class C
            {
                [Differentiable] public static unsafe double F(double x, double[] w)
                {
                    double* p = &x;
                    object o = x;
                    dynamic d = x;
                    goto end;
                    end:
                    try { x = checked(x * 2); } catch { }
                    switch ((int)x) { case 1: return *p; }
                    var list = new System.Collections.Generic.List<double> { x };
                    return (double)o + list[0] + w.Sum();
                }
            }
            """,
        ["writes to a parameter array"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double[] w) { w[0] = 3; return w[0] * w[1]; }
            }
            """,
        ["deeply nested expression"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => DEEP;
            }
            """.Replace("DEEP", string.Concat(Enumerable.Repeat("Math.Sin(x * (1.0 + ", 50)) + "x" + new string(')', 100)),
        ["long chain"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => CHAIN;
            }
            """.Replace("CHAIN", string.Join(" + ", Enumerable.Repeat("x * x", 800))),
        ["nested type in a non-partial type"] = """
            public static class Outer
            {
                public static partial class Inner
                {
                    [Differentiable] public static double F(double x) => x * x;
                }
            }
            """,
        ["attribute through an alias and a fake attribute"] = """
            using D = AutoDiff.DifferentiableAttribute;
            namespace Fake { public sealed class DifferentiableAttribute : System.Attribute { } }
            public static partial class C
            {
                [D] public static double F(double x) => x * x;
                [Fake.Differentiable] public static double G(double x) => x * x;
            }
            """,
        ["top-level statements"] = """
            Console.WriteLine(Local(2));
            [Differentiable] static double Local(double x) => x * x;
            """,
        ["garbage"] = """
            [Differentiable] } } { public static partial double ( ) => [ ;
            """,
        ["empty file"] = "",
        ["carved buffers of odd shapes"] = """
            public static partial class C
            {
                [Differentiable] public static double F(double x, int n)
                {
                    Span<double> a = stackalloc double[2 * n], b = stackalloc double[n];
                    Span<double> p = a.Slice(0, n), q = a.Slice(n);
                    Span<int> ints = stackalloc int[4];
                    Span<int> i0 = ints.Slice(0, 2);
                    Span<int> i1 = ints[2..];
                    Span<float> f = stackalloc float[n * n / 2];
                    Span<float> f0 = f.Slice(0, n * n / 2);
                    Span<double> huge = stackalloc double[n * 3037000499 * 3037000499];
                    Span<double> h0 = huge.Slice(0, n);
                    Span<double> neg = stackalloc double[-n];
                    Span<double> n0 = neg.Slice(-n);
                    Span<double> w = stackalloc double[checked(n + 1)];
                    Span<double> w0 = w[..(n + 1)];
                    p[0] = x; q[0] = x * p[0]; i0[0] = 1; i1[0] = 2; f0[0] = (float)x; b[0] = q[0];
                    return b[0] + h0[0] + n0[0] + w0[0];
                }
            }
            """,
    };

    public static IEnumerable<object[]> CaseNames => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GeneratorDoesNotThrow(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + Cases[name]);
        run.AssertNoGeneratorException();
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void GeneratedCodeAddsNoErrors(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(Usings + Cases[name]);
        run.AssertNoGeneratorException();
        var errors = run.GeneratedCodeDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "Errors in generated code:\n" + GeneratorRun.Format(errors) + "\n" + run.Describe());
    }
}
