using System;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generators.Tests.Diagnostics;

/// <summary>
/// Things a user might write, in and outside the supported language. For each the generator must
/// either produce code that compiles without warnings or report an ADIFF error; it must never throw
/// and never emit code that does not compile. Rows marked Skip are known generator problems, each
/// with the reason (reported to the generator's owner); remove the Skip when the problem is fixed.
/// A snippet is the body of <c>public static partial class C</c> unless it starts with <c>//file</c>.
/// </summary>
public class DiagnosticHuntTests
{
    private const string Prelude = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing AutoDiff;\n\n";

    internal static string Source(string snippet) =>
        snippet.StartsWith("//file", StringComparison.Ordinal)
            ? snippet
            : Prelude + "public static partial class C\n{\n" + snippet + "\n}\n";

    /// <summary>No crash; and either at least one ADIFF error, or an output compilation with no errors and no warnings in generated code.</summary>
    [Theory]
    [InlineData("abstract_iface", """
        //file
        using System;
        using AutoDiff;

        public partial interface I
        {
            [Differentiable] static abstract double F(double x);
        }

        """)]
    [InlineData("alias", """
            [Differentiable] public static double F(double[] x) { var b = x; return b[0]; }
        """)]
    [InlineData("alias_local", """
            [Differentiable] public static double F(double x) { var a = new double[2]; var b = a; b[0] = x; return a[0] * x; }
        """)]
    [InlineData("arr_in_loop_call", """
            static int N() => 3;
            [Differentiable] public static double F(double[] x) { double s = 0; for (int i = 1; i < 3; i++) { var a = new double[N()]; a[0] = x[0]; s += a[0]; } return s; }
        """)]
    [InlineData("arr_in_loop_counter", """
            [Differentiable] public static double F(double[] x) { double s = 0; for (int i = 1; i < 3; i++) { var a = new double[i]; a[0] = x[0]; s += a[0]; } return s; }
        """)]
    [InlineData("arr_in_loop_len", """
            [Differentiable] public static double F(double[] x) { double s = 0; for (int i = 0; i < 2; i++) { var a = new double[x.Length]; a[0] = x[0]; s += a[0]; } return s; }
        """)]
    [InlineData("array2d", """
            [Differentiable] public static double F(double x) { var a = new double[2, 2]; a[0, 0] = x; return a[0, 0] * x; }
        """)]
    [InlineData("array2dparam", """
            [Differentiable] public static double F(double[,] x) { return x[0, 0]; }
        """)]
    [InlineData("arraycollexpr", """
            [Differentiable] public static double F(double x) { double[] a = [x, 2 * x]; return a[0] * a[1]; }
        """)]
    [InlineData("arrayinit_nonew", """
            [Differentiable] public static double F(double x) { double[] a = { x, 2 * x }; return a[0] * a[1]; }
        """)]
    [InlineData("arraylength_assign", """
            [Differentiable] public static double F(double[] x) { int n = x.Length; double s = 0; for (int i = 0; i < n; i++) s += x[i] * x[i]; return s; }
        """)]
    [InlineData("arraynoinit", """
            [Differentiable] public static double F(double x) { double[] a; a = new double[2]; a[0] = x; return a[0]; }
        """)]
    [InlineData("arraynull", """
            [Differentiable] public static double F(double x) { double[]? a = null; return x; }
        """)]
    [InlineData("async1", """
            [Differentiable] public static async System.Threading.Tasks.Task<double> F(double x) { await System.Threading.Tasks.Task.Yield(); return x; }
        """)]
    [InlineData("bitdouble", """
            [Differentiable] public static double F(double x) { int k = 3; return x * (k & 1) ; }
        """)]
    [InlineData("bitint", """
            [Differentiable] public static double F(double x, int n) { return x * (n & 3 | n ^ 1) * ~n; }
        """)]
    [InlineData("boolarray", """
            [Differentiable] public static double F(double x) { var b = new bool[2]; b[0] = x > 0; return b[0] ? x : -x; }
        """)]
    [InlineData("boolops", """
            [Differentiable] public static double F(double x, bool b) { bool c = b & true | false ^ b; return c ? x : -x; }
        """)]
    [InlineData("callbadrule", """
            static double G(double x) => Math.Exp(x);
            [DerivativeOf(nameof(G))] static void GRule(double x, double dResult, double dx) { }
            [Differentiable] public static double F(double x) { return G(x) * x; }
        """)]
    [InlineData("callbool", """
            static bool G(double x) => x > 0;
            [Differentiable] public static double F(double x) { return G(x) ? x : -x; }
        """)]
    [InlineData("calldiscard", """
            static double G(double x) => x * 2;
            [Differentiable] public static double F(double x) { _ = G(x); return x * x; }
        """)]
    [InlineData("callgeneric_method", """
            static double G<T>(double x) => x * 2;
            [Differentiable] public static double F(double x) { return G<int>(x); }
        """)]
    [InlineData("callgeneric_type", """
            [Differentiable] public static double F(double x) { return G<int>.M(x); }
        }
        public static class G<T> { public static double M(double v) => v * 2; }
        public static partial class E {
        """)]
    [InlineData("callinst_other", """
            sealed class K { public double M(double v) => v * 2; }
            [Differentiable] public static double F(double x) { return new K().M(x); }
        """)]
    [InlineData("callint", """
            static int G(double x) => (int)x;
            [Differentiable] public static double F(double x) { return x * G(x); }
        """)]
    [InlineData("callnamed", """
            static double G(double x, double s) => x - s;
            [Differentiable] public static double F(double x, double y) { return G(s: y, x: Math.Sin(x)); }
        """)]
    [InlineData("calloptional", """
            static double G(double x, double s = 2) => x * s;
            [Differentiable] public static double F(double x) { return G(x); }
        """)]
    [InlineData("callparams", """
            static double G(params double[] v) => v[0] * v[1];
            [Differentiable] public static double F(double x, double y) { return G(x, y); }
        """)]
    [InlineData("callprivate_other", """
            [Differentiable] public static double F(double x) { return D.M(x); }
        }
        public static class D { internal static double M(double v) => v * 2; }
        public static partial class E {
        """)]
    [InlineData("callspan", """
            static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) s += v[i]; return s; }
            [Differentiable] public static double F(double[] x) { return Sum(x) * x[0]; }
        """)]
    [InlineData("callspanlocal", """
            static double Sum(ReadOnlySpan<double> v) { double s = 0; for (int i = 0; i < v.Length; i++) s += v[i]; return s; }
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc double[3]; a[0] = x; a[1] = x * x; return Sum(a); }
        """)]
    [InlineData("callstatic_other", """
            static class K { public static double M(double v) => v * 2; }
            [Differentiable] public static double F(double x) { return K.M(x); }
        """)]
    [InlineData("callvoid", """
            static void G(double x) { }
            [Differentiable] public static double F(double x) { G(x); return x * x; }
        """)]
    [InlineData("callwritesarr", """
            static double W(double[] v) { v[0] = 1; return v[0]; }
            [Differentiable] public static double F(double[] x) { return W(x) * x[0]; }
        """)]
    [InlineData("callwriteslocal", """
            static double W(Span<double> v) { v[0] = v[0] * 2; return v[0]; }
            [Differentiable] public static double F(double x) { var a = new double[1]; a[0] = x; double r = W(a); return r * a[0]; }
        """)]
    [InlineData("chainassign", """
            [Differentiable] public static double F(double x) { double a, b; a = b = x * 2; return a * b; }
        """)]
    [InlineData("checked1", """
            [Differentiable] public static double F(double x, int n) { int m = checked(n * 2); return x * m; }
        """)]
    [InlineData("checked2", """
            [Differentiable] public static double F(double x) { checked { x = x * 2; } return x; }
        """)]
    [InlineData("compound_bool", """
            [Differentiable] public static double F(double x) { bool b = x > 0; b &= x < 1; b |= x > 5; return b ? x : 0; }
        """)]
    [InlineData("compound_floatdouble", """
            [Differentiable] public static float F(float x, double y) { x += (float)y; x *= 2; return x; }
        """)]
    [InlineData("compound_int_double", """
            [Differentiable] public static double F(double x) { int k = 1; k += (int)x; return x * k; }
        """)]
    [InlineData("const_read", """
            const double Scale = 2;
            [Differentiable] public static double F(double x) { return Scale * x; }
        """)]
    [InlineData("decimal1", """
            [Differentiable] public static double F(double x) { decimal d = 2m; return (double)d * x; }
        """)]
    [InlineData("defaultlit", """
            [Differentiable] public static double F(double x) { double y = default; return x + y; }
        """)]
    [InlineData("discardlocal", """
            [Differentiable] public static double F(double x) { _ = x * 2; return x * x; }
        """)]
    [InlineData("doubleidx", """
            [Differentiable] public static double F(double[] x) { return x[(int)x[0]]; }
        """)]
    [InlineData("doubleisnan", """
            [Differentiable] public static double F(double x) { return double.IsNaN(x) ? 0 : x * x; }
        """)]
    [InlineData("dyn", """
            [Differentiable] public static double F(double x) { dynamic d = x; return (double)(d * x); }
        """)]
    [InlineData("explicit_iface", """
        //file
        using System;
        using AutoDiff;

        public partial class C
        {
            [Differentiable] public static double F(double x) => x * x;
            [Differentiable] public static double G(double x) { double t = 0; for (int i = 0; i < 3; i++) { t = t + x; } return t; }
        }

        """)]
    [InlineData("exprbody_throw", """
            [Differentiable] public static double F(double x) => throw new NotImplementedException();
        """)]
    [InlineData("fixed1", """
            [Differentiable] public static unsafe double F(double[] x) { fixed (double* p = x) { return p[0] * x[0]; } }
        """)]
    [InlineData("float1", """
            [Differentiable] public static float F(float x) { return MathF.Sin(x) * x; }
        """)]
    [InlineData("float_literal_mixed", """
            [Differentiable] public static float F(float x) { return x * 0.5f + (float)Math.Sin(x); }
        """)]
    [InlineData("floatarr_double", """
            [Differentiable] public static double F(float[] x, double y) { return x[0] * y; }
        """)]
    [InlineData("foreachlist", """
            [Differentiable] public static double F(List<double> x) { double s = 0; foreach (var v in x) s += v * v; return s; }
        """)]
    [InlineData("foreachlocal", """
            [Differentiable] public static double F(double x) { double s = 0; var a = new double[] { x, 2 * x }; foreach (var v in a) s += v * v; return s; }
        """)]
    [InlineData("fornocond", """
            [Differentiable] public static double F(double x) { for (;;) { x = x * 0.5; if (x < 1) return x; } }
        """)]
    [InlineData("generic", """
            [Differentiable] public static double F<T>(double x) { return x * x; }
        """)]
    [InlineData("generic_type", """
        //file
        using System;
        using AutoDiff;

        public static partial class C<T>
        {
            [Differentiable] public static double F(double x) => x * x;
        }

        """)]
    [InlineData("goto1", """
            [Differentiable] public static double F(double x) { int i = 0; top: x = x * 0.5; i++; if (i < 3) goto top; return x; }
        """)]
    [InlineData("iface_static", """
        //file
        using System;
        using AutoDiff;

        public partial interface I
        {
            [Differentiable] static double F(double x) => x * x;
        }

        """)]
    [InlineData("incarrayelem", """
            [Differentiable] public static double F(double x) { var a = new double[2]; a[0] = x; a[0]++; a[1] += a[0] * x; return a[1]; }
        """)]
    [InlineData("incdouble", """
            [Differentiable] public static double F(double x) { x++; x--; ++x; return x * x; }
        """)]
    [InlineData("incindex", """
            [Differentiable] public static double F(double[] x) { int i = 0; double s = x[i++]; return s * x[i]; }
        """)]
    [InlineData("index_hat", """
            [Differentiable] public static double F(double[] x) { return x[^1] * x[0]; }
        """)]
    [InlineData("inparam", """
            [Differentiable] public static double F(in double x) { return x * x; }
        """)]
    [InlineData("instance_m", """
        //file
        using AutoDiff;
        public partial class C
        {
            [Differentiable] public double F(double x) { return x * x; }
        }
        """)]
    [InlineData("instancecall", """
            [Differentiable] public static double F(double x) { return x.CompareTo(1.0) * x; }
        """)]
    [InlineData("instancecall2", """
            [Differentiable] public static double F(double x) { var r = new Random(1); return x * r.NextDouble(); }
        """)]
    [InlineData("intarray_local", """
            [Differentiable] public static double F(double[] x) { var idx = new int[2]; idx[1] = 1; return x[idx[0]] * x[idx[1]]; }
        """)]
    [InlineData("intarray_param", """
            [Differentiable(nameof(x))] public static double F(double[] x, int[] idx) { return x[idx[0]] * x[idx[1]]; }
        """)]
    [InlineData("intcast", """
            [Differentiable] public static double F(double x) { return x * (int)x; }
        """)]
    [InlineData("intdivide", """
            [Differentiable] public static double F(double x, int n) { return x * (n / 2); }
        """)]
    [InlineData("intmod", """
            [Differentiable] public static double F(double x, int n) { return x * (n % 2); }
        """)]
    [InlineData("intparamassign", """
            [Differentiable] public static double F(double x, int n) { n = n * 2; var a = new double[n]; a[0] = x; return a[0] * x; }
        """)]
    [InlineData("intparamassign_loop", """
            [Differentiable] public static double F(double x, int n) { double s = 0; for (int i = 0; i < 2; i++) { var a = new double[n]; a[0] = x; s += a[0]; } n = 1; return s * n; }
        """)]
    [InlineData("intret", """
            [Differentiable] public static int F(double x) { return 1; }
        """)]
    [InlineData("is_pattern", """
            [Differentiable] public static double F(double x) { object o = x; if (o is double d) return d * x; return x; }
        """)]
    [InlineData("is_pattern2", """
            [Differentiable] public static double F(double x) { return x is > 0 and < 1 ? x * x : x; }
        """)]
    [InlineData("iterator", """
            [Differentiable] public static IEnumerable<double> F(double x) { yield return x; }
        """)]
    [InlineData("jagged", """
            [Differentiable] public static double F(double[][] x) { return x[0][0]; }
        """)]
    [InlineData("jaggedlocal", """
            [Differentiable] public static double F(double x) { var a = new double[2][]; a[0] = new double[1]; a[0][0] = x; return a[0][0]; }
        """)]
    [InlineData("keywordnames", """
        //file
        using System;
        using AutoDiff;

        public static partial class @class
        {
            [Differentiable] public static double @double(double @in, double dResult, double @ref) => @in * dResult * @ref;
        }

        """)]
    [InlineData("lambda", """
            [Differentiable] public static double F(double x) { Func<double,double> f = v => v * v; return f(x); }
        """)]
    [InlineData("lambda2", """
            [Differentiable] public static double F(double x) { return ((Func<double,double>)(v => v * v))(x); }
        """)]
    [InlineData("linq", """
            [Differentiable] public static double F(double[] x) { return x.Sum(); }
        """)]
    [InlineData("linq2", """
            [Differentiable] public static double F(double[] x) { return x.Select(v => v * v).Sum(); }
        """)]
    [InlineData("list", """
            [Differentiable] public static double F(List<double> x) { return x[0] * x[0]; }
        """)]
    [InlineData("listlocal", """
            [Differentiable] public static double F(double x) { var l = new List<double>(); l.Add(x); return l[0]; }
        """)]
    [InlineData("localconst", """
            [Differentiable] public static double F(double x) { const double k = 2; const int n = 3; return x * k * n; }
        """)]
    [InlineData("localfunc", """
            [Differentiable] public static double F(double x) { double Sq(double v) => v * v; return Sq(x); }
        """)]
    [InlineData("localfunc_static", """
            [Differentiable] public static double F(double x) { return Sq(x); static double Sq(double v) => v * v; }
        """)]
    [InlineData("lock1", """
            static readonly object s_gate = new object();
            [Differentiable] public static double F(double x) { lock (s_gate) { x = x * x; } return x; }
        """)]
    [InlineData("longcast", """
            [Differentiable] public static double F(double x) { return x * (long)x; }
        """)]
    [InlineData("longlocal", """
            [Differentiable] public static double F(double x) { long n = 3; return x * n; }
        """)]
    [InlineData("mathE", """
            [Differentiable] public static double F(double x) { return Math.E * x + Math.Tau; }
        """)]
    [InlineData("mathabsint", """
            [Differentiable] public static double F(double x, int n) { return x * Math.Abs(n); }
        """)]
    [InlineData("mathlog2arg", """
            [Differentiable] public static double F(double x) { return Math.Log(x, 2); }
        """)]
    [InlineData("mathmaxint", """
            [Differentiable] public static double F(double x, int n) { return x * Math.Max(n, 2); }
        """)]
    [InlineData("mathround2", """
            [Differentiable] public static double F(double x) { return Math.Round(x, 2); }
        """)]
    [InlineData("mathroundmode", """
            [Differentiable] public static double F(double x) { return Math.Round(x, MidpointRounding.AwayFromZero); }
        """)]
    [InlineData("mathsigndouble", """
            [Differentiable] public static double F(double x) { return x * Math.Sign(x); }
        """)]
    [InlineData("mathunsupported", """
            [Differentiable] public static double F(double x) { return Math.IEEERemainder(x, 2); }
        """)]
    [InlineData("mixedfloat", """
            [Differentiable] public static double F(float x, double y) { return x * y; }
        """)]
    [InlineData("moddouble", """
            [Differentiable] public static double F(double x) { return x % 2.0; }
        """)]
    [InlineData("moddoublecompound", """
            [Differentiable] public static double F(double x) { x %= 2.0; return x; }
        """)]
    [InlineData("mutual", """
            static double G(double x, int n) => n <= 0 ? x : F(x * 0.5, n - 1);
            [Differentiable] public static double F(double x, int n) { return G(Math.Sin(x), n) * x; }
        """)]
    [InlineData("nameclash", """
        //file
        using System;
        using AutoDiff;

        public static partial class C
        {
            [Differentiable] public static double F(double x) => x * x;
            public static int FGradient;
        }

        """)]
    [InlineData("nameof1", """
            [Differentiable] public static double F(double x) { return x * nameof(x).Length; }
        """)]
    [InlineData("nanconst", """
            [Differentiable] public static double F(double x) { return x > double.MaxValue ? double.NaN : x * Math.PI; }
        """)]
    [InlineData("nested_nonpartial", """
        //file
        using System;
        using AutoDiff;

        public static class Outer
        {
            public static partial class C
            {
                [Differentiable] public static double F(double x) { return x * x; }
            }
        }

        """)]
    [InlineData("nestedbreak", """
            [Differentiable] public static double F(double x, int n) { for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) { if (j > i) break; x = x * 1.1; } } return x; }
        """)]
    [InlineData("nobody_extern", """
            [System.Runtime.InteropServices.DllImport("m")] static extern double cos(double x);
            [Differentiable] public static double F(double x) { return cos(x) * x; }
        """)]
    [InlineData("nonpartial", """
        //file
        using System;
        using AutoDiff;

        public static class C
        {
            [Differentiable] public static double F(double x) { return x * x; }
        }

        """)]
    [InlineData("ns_filescoped", """
        //file
        using System;
        using AutoDiff;
        namespace A.B;

        internal static partial class C
        {
            [Differentiable] private static double F(double x) => x * x;
            public static double Use(double x) { double dx = 0; FGradient(x, ref dx); return dx; }
        }

        """)]
    [InlineData("nullable", """
            [Differentiable] public static double F(double x) { double? y = x; return y.Value * x; }
        """)]
    [InlineData("nullconditional", """
            [Differentiable] public static double F(double[] x) { return (x?.Length ?? 0) * x[0]; }
        """)]
    [InlineData("opaque_ext", """
            [Differentiable] public static double F(double x) { return double.Parse("1") * x; }
        """)]
    [InlineData("opaque_rec", """
            [Differentiable] public static double F(double x, int n) { if (n == 0) return x; return Math.BitIncrement(F(x * 0.5, n - 1)); }
        """)]
    [InlineData("outcall", """
            static void G(double a, out double b) { b = a * 2; }
            [Differentiable] public static double F(double x) { G(x, out double y); return y; }
        """)]
    [InlineData("outlocal", """
            [Differentiable] public static double F(double x) { double y; bool ok = double.TryParse("1", out y); return x * y; }
        """)]
    [InlineData("outparam", """
            [Differentiable] public static double F(double x, out double y) { y = x; return x * x; }
        """)]
    [InlineData("overloads", """
        //file
        using System;
        using AutoDiff;

        public static partial class C
        {
            [Differentiable] public static double F(double x) => x * x;
            [Differentiable] public static float F(float x) => x * x;
        }

        """)]
    [InlineData("paramsarr", """
            [Differentiable] public static double F(params double[] x) { return x[0] * x[0]; }
        """)]
    [InlineData("paramsint", """
            [Differentiable(nameof(x))] public static double F(double x, params int[] k) { return x * k.Length; }
        """)]
    [InlineData("property", """
            static double Scale => 2.0;
            [Differentiable] public static double F(double x) { return Scale * x; }
        """)]
    [InlineData("property2", """
            static double Scale { get; set; } = 2.0;
            [Differentiable] public static double F(double x) { Scale = x; return Scale * x; }
        """)]
    [InlineData("range", """
            [Differentiable] public static double F(double[] x) { var s = x[1..]; return s[0] * x[0]; }
        """)]
    [InlineData("readonlyspan_local", """
            [Differentiable] public static double F(double[] x) { ReadOnlySpan<double> s = x; return s[0] * x[0]; }
        """)]
    [InlineData("reassign_local", """
            [Differentiable] public static double F(double x) { var a = new double[2]; a = new double[3]; a[0] = x; return a[0]; }
        """)]
    [InlineData("recursion", """
            [Differentiable] public static double F(double x, int n) { if (n <= 0) return x; return F(x * x, n - 1) + x; }
        """)]
    [InlineData("refparam", """
            [Differentiable] public static double F(ref double x) { return x * x; }
        """)]
    [InlineData("returnvoid_inloop", """
            [Differentiable] public static double F(double x) { do { x = x * 0.5; } while (x > 1); return x; }
        """)]
    [InlineData("rule_arrayparam", """
            static double G(double[] x) => x[0];
            [DerivativeOf(nameof(G))] static void R(double[] x, double dResult, Span<double> dx) { dx[0] += dResult; }
            [Differentiable] public static double F(double[] x) => G(x);
        """)]
    [InlineData("rule_ext", """
            [DerivativeOf(typeof(double), nameof(double.Parse))] static void PRule(string s, double dResult) { }
            [Differentiable] public static double F(double x) { return x; }
        """)]
    [InlineData("rule_instance_target", """
        //file
        using AutoDiff;
        public partial class C
        {
            double H(double x) => x;
            [DerivativeOf(nameof(H))] static void R(double x, double dResult, ref double dx) { }
        }
        """)]
    [InlineData("rule_intparam", """
            static double G(double x, int n) => x * n;
            [DerivativeOf(nameof(G))] static void R(double x, int n, double dResult, ref double dx) { dx += dResult * n; }
            [Differentiable] public static double F(double x) => G(x, 3);
        """)]
    [InlineData("rule_nonstatic", """
        //file
        using AutoDiff;
        public partial class C
        {
            static double G(double x) => x;
            [DerivativeOf(nameof(G))] void R(double x, double dResult, ref double dx) { }
        }
        """)]
    [InlineData("rule_overload", """
            static double G(double x) => x;
            static double G(double x, double y) => x * y;
            [DerivativeOf(nameof(G))] static void R(double x, double y, double dResult, ref double dx, ref double dy) { dx += dResult * y; dy += dResult * x; }
            [Differentiable] public static double F(double x) => G(x, x) + G(x);
        """)]
    [InlineData("rule_unknown", """
            [DerivativeOf("Nope")] static void R(double x, double dResult, ref double dx) { }
        """)]
    [InlineData("rulegood", """
            static double G(double x) => Math.Exp(x);
            [DerivativeOf(nameof(G))] static void GRule(double x, double dResult, ref double dx) { dx += dResult * Math.Exp(x); }
            [Differentiable] public static double F(double x) { return G(x) * x; }
        """)]
    [InlineData("shift", """
            [Differentiable] public static double F(double x, int n) { return x * (n << 2) * (n >> 1); }
        """)]
    [InlineData("sizelocal", """
            [Differentiable] public static double F(double x, int n) { double s = 0; int m = n; for (int i = 0; i < 3; i++) { m = m + 1; var a = new double[m]; a[0] = x; s += a[0]; } return s; }
        """)]
    [InlineData("sizelocal_outside", """
            [Differentiable] public static double F(double x, int n) { int m = n; m++; var a = new double[m]; a[0] = x; return a[0] * x; }
        """)]
    [InlineData("sizeof1", """
            [Differentiable] public static double F(double x) { return x * sizeof(double); }
        """)]
    [InlineData("slice", """
            [Differentiable] public static double F(ReadOnlySpan<double> x) { var s = x.Slice(1); return s[0] * x[0]; }
        """)]
    [InlineData("slice2", """
            [Differentiable] public static double F(ReadOnlySpan<double> x) { return x.Slice(1)[0] * x[0]; }
        """)]
    [InlineData("spanparam_to_local", """
            [Differentiable] public static double F(Span<double> x) { Span<double> s = x; return s[0]; }
        """)]
    [InlineData("stackalloc_inloop", """
            [Differentiable] public static double F(double[] x) { double s = 0; for (int i = 0; i < 2; i++) { Span<double> a = stackalloc double[2]; a[0] = x[0]; s += a[0]; } return s; }
        """)]
    [InlineData("staticfield_assign", """
            static double s_last;
            [Differentiable] public static double F(double x) { s_last = x; return x * x; }
        """)]
    [InlineData("staticfield_read", """
            static double s_scale = 2;
            [Differentiable] public static double F(double x) { return s_scale * x; }
        """)]
    [InlineData("staticreadonlyarr", """
            static readonly double[] s_w = { 1, 2 };
            [Differentiable] public static double F(double x) { return x * s_w[0]; }
        """)]
    [InlineData("string1", """
            [Differentiable] public static double F(double x) { string s = x.ToString(); return x * s.Length; }
        """)]
    [InlineData("string2", """
            [Differentiable] public static double F(double x) { return x * "abc".Length; }
        """)]
    [InlineData("stringinterp", """
            [Differentiable] public static double F(double x) { var s = $"{x}"; return x; }
        """)]
    [InlineData("struct_record", """
        //file
        using System;
        using AutoDiff;

        public partial record struct R
        {
            [Differentiable] public static double F(double x) => x * x;
        }
        public partial record Q
        {
            [Differentiable] public static double F(double x) => x * x;
        }

        """)]
    [InlineData("switchdouble", """
            [Differentiable] public static double F(double x) { switch (x) { case 1.0: return 2; default: return x * x; } }
        """)]
    [InlineData("switchexpr", """
            [Differentiable] public static double F(double x, int k) { return k switch { 0 => x, 1 => x * x, _ => 0 }; }
        """)]
    [InlineData("switchfallreturn", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case 0: return x; case 1: { x = x * 2; break; } } return x * x; }
        """)]
    [InlineData("switchgoto", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case 0: x = x * 2; goto case 1; case 1: return x; default: return x * x; } }
        """)]
    [InlineData("switchpattern", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case > 3: return x; default: return x * x; } }
        """)]
    [InlineData("ternary_int", """
            [Differentiable] public static double F(double x, int n) { int k = n > 0 ? n : -n; return x * k; }
        """)]
    [InlineData("throw1", """
            [Differentiable] public static double F(double x) { if (x < 0) throw new ArgumentException("neg"); return Math.Sqrt(x); }
        """)]
    [InlineData("throwexpr", """
            [Differentiable] public static double F(double x) { double y = x > 0 ? x : throw new ArgumentException(); return y * y; }
        """)]
    [InlineData("trycatch", """
            [Differentiable] public static double F(double x) { try { return x * x; } catch { return 0; } }
        """)]
    [InlineData("tuple", """
            [Differentiable] public static double F(double x) { var t = (x, x * 2); return t.Item1 * t.Item2; }
        """)]
    [InlineData("tupleswap", """
            [Differentiable] public static double F(double x, double y) { (x, y) = (y, x * y); return x + y; }
        """)]
    [InlineData("uninit_assign", """
            [Differentiable] public static double F(double x) { double y; if (x > 0) y = x; else y = -x; return y * y; }
        """)]
    [InlineData("unsafe1", """
        //file
        using System;
        using AutoDiff;

        public static unsafe partial class C
        {
            [Differentiable] public static double F(double x) { double* p = &x; return *p * x; }
        }

        """)]
    [InlineData("unusedlocal", """
            [Differentiable] public static double F(double x) { double unused; return x * x; }
        """)]
    [InlineData("usingdecl", """
            [Differentiable] public static double F(double x) { using var d = new System.IO.MemoryStream(); return x * x; }
        """)]
    [InlineData("voidret", """
            [Differentiable] public static void F(double x) { }
        """)]
    [InlineData("whiletrue", """
            [Differentiable] public static double F(double x) { while (true) { x = x * 0.5; if (x < 1) break; } return x; }
        """)]
    [InlineData("writeparamarr", """
            [Differentiable] public static double F(double[] x) { x[0] = 1; return x[0] * x[1]; }
        """)]
    [InlineData("writeparamspan", """
            [Differentiable] public static double F(Span<double> x) { x[0] = 1; return x[0] * x[1]; }
        """)]
    [InlineData("wrt_dup", """
            [Differentiable(nameof(x), nameof(x))] public static double F(double x) { return x * x; }
        """)]
    [InlineData("wrt_empty_arr", """
            [Differentiable(new string[0])] public static double F(double x) { return x * x; }
        """)]
    [InlineData("wrt_int", """
            [Differentiable(nameof(n))] public static double F(double x, int n) { return x * n; }
        """)]
    [InlineData("wrt_nope", """
            [Differentiable("nope")] public static double F(double x) { return x * x; }
        """)]
    [InlineData("wrt_null", """
            [Differentiable((string)null!)] public static double F(double x) { return x * x; }
        """)]
    [InlineData("yield1", """
            [Differentiable] public static double F(double x) { foreach (var v in new[] { 1.0, 2.0 }) x = x * v; return x; }
        """)]
    [InlineData("array_param_pass_elem", """
            static double G(double a, double b) => a * b;
            [Differentiable] public static double F(double[] x) { var a = new double[2]; a[0] = x[0]; a[1] = G(a[0], x[1]); return G(a[1], a[0]); }
        """)]
    [InlineData("attr_on_param", """
            [Differentiable] public static double F([System.Diagnostics.CodeAnalysis.NotNull] double[] x) => x[0] * x[1];
        """)]
    [InlineData("bool_ternary_int", """
            [Differentiable] public static double F(double x, bool b) { int k = b ? 1 : 0; return x * k + (b == true ? x : 0); }
        """)]
    [InlineData("callee_private_const", """
            [Differentiable] public static double F(double x) { return D.M(x); }
        }
        public static class D { private const double K = 3; internal static double M(double v) => v * K; }
        public static partial class E {
        """)]
    [InlineData("callee_private_field", """
            [Differentiable] public static double F(double x) { return D.M(x); }
        }
        public static class D { private static readonly double s_k = 3; internal static double M(double v) => v * s_k; }
        public static partial class E {
        """)]
    [InlineData("callee_private_nested_type", """
            [Differentiable] public static double F(double x) { return D.Inner.M(x); }
        }
        public static class D { internal static class Inner { internal static double M(double v) => v * Hidden.K; } private static class Hidden { internal static readonly double K = 3; } }
        public static partial class E {
        """)]
    [InlineData("callee_protected", """
            [Differentiable] public static double F(double x) { return x; }
        }
        public class B { protected static double M(double v) => v * 2; }
        public partial class D : B { [Differentiable] public static double G(double x) => M(x) * x; }
        public static partial class E {
        """)]
    [InlineData("char_const", """
            [Differentiable] public static double F(double x) { return x * 'a'; }
        """)]
    [InlineData("class_in_generic_method_param", """
        //file
        using AutoDiff;
        public partial class C<T>
        {
            [Differentiable(nameof(x))] public static double F(double x, T tag) => x * x;
            [Differentiable(nameof(x))] public static double G(double x, T[] tags, System.Collections.Generic.List<T> more) => x * tags.Length;
        }

        """)]
    [InlineData("const_return", """
            [Differentiable] public static double F(double x) => 1.0;
        """)]
    [InlineData("consts_float", """
            [Differentiable] public static float F(float x) { return x * 0.1f + float.Epsilon + float.MaxValue * (x > 0 ? float.PositiveInfinity : 1e-45f) + 16777217; }
        """)]
    [InlineData("consts_int", """
            [Differentiable] public static double F(double x) { return x * int.MaxValue + x * int.MinValue - unchecked(int.MaxValue + 1) - (-2147483648); }
        """)]
    [InlineData("consts_misc", """
            [Differentiable] public static double F(double x) { return x * (byte)3 + x * 3L + x * 2u + x * 1e308 + 1e-300 * x + 123456789.123456789; }
        """)]
    [InlineData("consts_special", """
            [Differentiable] public static double F(double x) { return x * double.Epsilon + x * double.MaxValue - double.MinValue + (x > 0 ? double.PositiveInfinity : double.NegativeInfinity) + (x > 1 ? double.NaN : -0.0); }
        """)]
    [InlineData("default_param", """
            [Differentiable] public static double F(double x, int n = 3, double scale = 2.5) => x * n * scale;
        """)]
    [InlineData("dowhile_continue", """
            [Differentiable] public static double F(double x) { int i = 0; do { i++; if (i == 2) continue; x = x * 1.5; } while (i < 5); return x; }
        """)]
    [InlineData("empty_stmts", """
            [Differentiable] public static double F(double x) { ; { } { { ; } } if (x > 0) ; else { } return x * x; }
        """)]
    [InlineData("extension", """
            [Differentiable] public static double F(double x) { return x.Square() + 1; }
        }
        public static class Ext { public static double Square(this double v) => v * v; }
        public static partial class E {
        """)]
    [InlineData("file_class", """
        //file
        using AutoDiff;
        file static partial class C
        {
            [Differentiable] public static double F(double x) => x * x;
        }

        """)]
    [InlineData("float_ret_double_expr", """
            [Differentiable] public static float F(float x, double y) => (float)(x * y);
        """)]
    [InlineData("float_span", """
            [Differentiable] public static float F(Span<float> x, ReadOnlySpan<float> y, float[] z) { float s = 0; for (int i = 0; i < x.Length; i++) s += x[i] * y[i] * z[i]; return s; }
        """)]
    [InlineData("for_multi", """
            [Differentiable] public static double F(double x, int n) { double s = 0; for (int i = 0, j = n; i < j; i++, j--) s += x * i * j; return s; }
        """)]
    [InlineData("for_noinit", """
            [Differentiable] public static double F(double x, int n) { int i; double s = 0; for (i = 0; i < n; i++) s += x; return s * i; }
        """)]
    [InlineData("generic_constrained", """
        //file
        using AutoDiff;
        public static partial class C<T> where T : struct, System.IComparable<T>
        {
            [Differentiable] public static double F(double x) => x * x;
        }
        public partial class D<T, U> where T : class, new()
        {
            public partial class Inner<V>
            {
                [Differentiable] public static double F(double x, double[] y) => x * y[0];
            }
        }

        """)]
    [InlineData("hint_collision", """
        //file
        using AutoDiff;
        namespace N1 { public static partial class C { [Differentiable] public static double F(double x) => x * x; } }
        namespace N2 { public static partial class C { [Differentiable] public static double F(double x) => x * x * x; } }

        """)]
    [InlineData("identity", """
            [Differentiable] public static double F(double x) => x;
        """)]
    [InlineData("local_dx", """
            [Differentiable] public static double F(double x) { double dx = x * 2; double dResult = dx * x; return dResult + dx; }
        """)]
    [InlineData("local_internal_names", """
            [Differentiable] public static double F(double x) { double _value = x; double _d_x = _value * x; double _t0 = _d_x * 2; double _tape = _t0; return _tape * _value; }
        """)]
    [InlineData("local_internal_names2", """
            [Differentiable] public static double F(double x, int n) { double _result = 0; bool _returned = false; int _i = 0; int _switch = 1; for (int i = 0; i < n; i++) { if (x > 3) return x; _result += x; } return _result + _i + _switch + (_returned ? 1 : 0); }
        """)]
    [InlineData("local_suffix_names", """
            [Differentiable] public static double F(double x) { double t = x; double t_1 = t * x; { double u = t_1; t = u; } { double u = t * 2; t_1 = u; } return t * t_1; }
        """)]
    [InlineData("losses_call", """
        //file
        using System;
        using AutoDiff;
        public static partial class C
        {
            [Differentiable(nameof(w))] public static double F(ReadOnlySpan<double> w, double y) => Losses.SquaredError(w[0] * w[1], y) + Losses.Huber(w[0], y, 1.0) + Losses.SoftmaxCrossEntropy(w, 1);
            [Differentiable] public static double G(double p, double t) => Losses.SquaredError(p, t);
        }

        """)]
    [InlineData("math_clamp", """
            [Differentiable] public static double F(double x, int n) { return Math.Clamp(x, 0, 1) * Math.Clamp(n, 0, 10); }
        """)]
    [InlineData("math_divrem", """
            [Differentiable] public static double F(double x, int n) { int q = Math.DivRem(n, 3, out int r); return x * q * r; }
        """)]
    [InlineData("math_divrem2", """
            [Differentiable] public static double F(double x, int n) { int r; int q = Math.DivRem(n, 3, out r); return x * q * r; }
        """)]
    [InlineData("math_float_on_double", """
            [Differentiable] public static float F(float x) { return (float)Math.Sin(x) + MathF.Sin(x) + MathF.Max(x, 1) + MathF.Abs(x); }
        """)]
    [InlineData("math_fma", """
            [Differentiable] public static double F(double x, double y) { return Math.FusedMultiplyAdd(x, y, x) + Math.Atan2(x, y) + Math.Pow(x, y) + Math.Log(x, y) + Math.Cbrt(x) + Math.Log2(y); }
        """)]
    [InlineData("math_ilogb", """
            [Differentiable] public static double F(double x) { return x * Math.ILogB(x); }
        """)]
    [InlineData("neg_neg", """
            [Differentiable] public static double F(double x) { return -(-x) - (-x) + -(-(-x)); }
        """)]
    [InlineData("new_span_from_array", """
            [Differentiable] public static double F(double x) { Span<double> a = new double[3]; a[0] = x; return a[0] * x; }
        """)]
    [InlineData("no_float_params", """
            [Differentiable] public static double F(int n) => n * 2.0;
        """)]
    [InlineData("nullable_array_param", """
            [Differentiable] public static double F(double[]? x) => x![0] * 2;
        """)]
    [InlineData("nullable_array_param2", """
            [Differentiable] public static double F(double[]? x, double y) => y * y;
        """)]
    [InlineData("param_names", """
            [Differentiable] public static double F(double _value, double dResult, double d_value, double _d__value, double tape) { return _value * dResult * d_value * _d__value * tape; }
        """)]
    [InlineData("partial_attr_on_impl", """
            public static partial double F(double x);
            [Differentiable] public static partial double F(double x) => x * x;
        """)]
    [InlineData("readonly_struct", """
        //file
        using AutoDiff;
        public readonly partial struct S
        {
            [Differentiable] public static double F(double x) => x * x;
        }
        public readonly partial record struct R
        {
            [Differentiable] public static double F(double x) => x * x;
        }

        """)]
    [InlineData("recursive_void", """
        //file
        using AutoDiff;
        public static partial class C
        {
            [Differentiable] public static double F(double x, int n) => n <= 0 ? x : G(x, n);
            static double G(double x, int n) => F(x * x, n - 1) + H(x);
            static double H(double x) => x > 0 ? F(x, 0) : x;
        }

        """)]
    [InlineData("ref_readonly_local", """
            [Differentiable] public static double F(double[] x) { ref readonly double r = ref x[0]; return r * r; }
        """)]
    [InlineData("ref_return", """
            static ref double At(double[] a, int i) => ref a[i];
            [Differentiable] public static double F(double[] x) { return At(x, 0) * 2; }
        """)]
    [InlineData("ref_struct", """
        //file
        using AutoDiff;
        public ref partial struct S
        {
            [Differentiable] public static double F(double x) => x * x;
        }

        """)]
    [InlineData("same_array_twice", """
            static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) { double s = 0; for (int i = 0; i < a.Length; i++) s += a[i] * b[i]; return s; }
            [Differentiable] public static double F(double[] x) => Dot(x, x);
        """)]
    [InlineData("scoped_param", """
            [Differentiable] public static double F(scoped ReadOnlySpan<double> x) => x[0] * x[1];
        """)]
    [InlineData("shadow_loops", """
            [Differentiable] public static double F(double x, int n) { double s = 0; for (int i = 0; i < n; i++) { double t = x * i; s += t; } for (int i = 0; i < n; i++) { double t = s * i; s += t; } return s; }
        """)]
    [InlineData("stackalloc_init2", """
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc double[] { x, 2 * x }; return a[0] * a[1]; }
        """)]
    [InlineData("stackalloc_init3", """
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc[] { x, 2 * x }; return a[0] * a[1]; }
        """)]
    [InlineData("stackalloc_ros", """
            [Differentiable] public static double F(double x) { ReadOnlySpan<double> a = stackalloc double[2]; return a[0] * x; }
        """)]
    [InlineData("stopgrad", """
            [Differentiable] public static double F(double x, float y) => Ad.StopGradient(x) * x + Ad.StopGradient(y) * y;
        """)]
    [InlineData("string_param", """
            [Differentiable] public static double F(double x, string label) => x * x;
        """)]
    [InlineData("string_param_used", """
            [Differentiable] public static double F(double x, string label) => x * label.Length;
        """)]
    [InlineData("switch_continue", """
            [Differentiable] public static double F(double x, int n) { double s = 0; for (int i = 0; i < n; i++) { switch (i % 3) { case 0: continue; case 1: s += x; break; default: s *= x; break; } s += 1; } return s; }
        """)]
    [InlineData("switch_return_in_loop", """
            [Differentiable] public static double F(double x, int n) { double s = x; for (int i = 0; i < n; i++) { switch (i) { case 2: return s; default: s = s * x; break; } } return s; }
        """)]
    [InlineData("unreachable", """
            [Differentiable] public static double F(double x) { return x * x; x = 2; }
        """)]
    [InlineData("user_math", """
        //file
        using AutoDiff;
        namespace N
        {
            public static class Math { public static double Sin(double v) => 0; }
            public static class MathF { }
            public static class Ad { }
            public static partial class C
            {
                [Differentiable] public static double F(double x) => System.Math.Sin(x) * System.Math.Exp(x) + AutoDiff.Ad.StopGradient(x);
            }
            public static class System { }
        }

        """)]
    [InlineData("alias_attr", """
        //file
        using D = AutoDiff.DifferentiableAttribute;
        public static partial class C
        {
            [D] public static double F(double x) => x * x;
        }

        """)]
    [InlineData("arr_arg_slice", """
            static double G(ReadOnlySpan<double> v) => v[0] * v[0];
            [Differentiable] public static double F(double[] x) => G(x[1..]);
        """)]
    [InlineData("array_fill", """
            [Differentiable] public static double F(double x) { var a = new double[2]; Array.Fill(a, x); return a[0]; }
        """)]
    [InlineData("array_static_method", """
            [Differentiable] public static double F(double[] x) { var a = new double[2]; Array.Copy(x, a, 2); return a[0]; }
        """)]
    [InlineData("asspan_arg", """
            static double G(ReadOnlySpan<double> v) => v[0] * v[0];
            [Differentiable] public static double F(double[] x) => G(x.AsSpan(1));
        """)]
    [InlineData("case_const_expr", """
            const int K = 3;
            [Differentiable] public static double F(double x, int k) { switch (k) { case K: return x; case K + 1: return x * x; default: return 0; } }
        """)]
    [InlineData("compound_arr_param_elem", """
            [Differentiable] public static double F(double[] x) { x[0] += 1; return x[0]; }
        """)]
    [InlineData("compound_div_int", """
            [Differentiable] public static double F(double x, int n) { double s = x; s /= n; s -= n; n *= 2; return s * n; }
        """)]
    [InlineData("ctor_call", """
            [Differentiable] public static double F(double x) { var r = new System.Numerics.Complex(x, 0); return r.Real; }
        """)]
    [InlineData("delegate_param", """
            [Differentiable(nameof(x))] public static double F(double x, Func<double, double> f) => f(x);
        """)]
    [InlineData("float_double_compound_arr", """
            [Differentiable] public static double F(double x) { var a = new float[2]; a[0] += (float)x; a[1] = a[0] * 2; return a[1] * x; }
        """)]
    [InlineData("huber_inactive", """
            [Differentiable] public static double F(double x, double y) => Losses.Huber(x, y, x * 0.5);
        """)]
    [InlineData("if_return_else_chain", """
            [Differentiable] public static double F(double x) { if (x > 2) return x; else if (x > 1) return x * x; if (x < -1) { x = -x; return x * 3; } return x * x * x; }
        """)]
    [InlineData("inc_param_arr_elem", """
            [Differentiable] public static double F(double[] x) { x[0]++; return x[0]; }
        """)]
    [InlineData("indexer_ros_of_array", """
            [Differentiable] public static double F(double[] x) { ReadOnlySpan<double> s = x.AsSpan(); return s[0]; }
        """)]
    [InlineData("int_local_from_double", """
            [Differentiable] public static double F(double x) { int k = (int)Math.Floor(x); var a = new double[3]; a[k % 3] = x; return a[0] + a[1] + a[2]; }
        """)]
    [InlineData("int_overflow_div", """
            [Differentiable] public static double F(double x, int n) { int k = n / 0; return x * k; }
        """)]
    [InlineData("is_nan_pattern", """
            [Differentiable] public static double F(double x) { if (x is double.NaN) return 0; return x * x; }
        """)]
    [InlineData("length_long", """
            [Differentiable] public static double F(double[] x) => x.LongLength * x[0];
        """)]
    [InlineData("loop_return_nested", """
            [Differentiable] public static double F(double x, int n) { for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) { x = x * 0.9; if (x < 0.1) return x; } } return x; }
        """)]
    [InlineData("nested_file", """
        //file
        using AutoDiff;
        file static class Outer
        {
            public static partial class C
            {
                [Differentiable] public static double F(double x) => x * x;
            }
        }

        """)]
    [InlineData("null_coalesce_assign", """
            [Differentiable] public static double F(double x) { double[]? a = null; a ??= new double[1]; return x; }
        """)]
    [InlineData("relational_pattern_switch", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case 1 or 2: return x; case int m when m > 5: return x * m; default: return 0; } }
        """)]
    [InlineData("rule_arraytype", """
            [DerivativeOf(typeof(int[]), "X")] static void R(double x, double dResult, ref double dx) { }
        """)]
    [InlineData("rule_float_target", """
            static float G(float x) => x * x;
            [DerivativeOf(nameof(G))] static void R(float x, float dResult, ref float dx) { dx += 2 * x * dResult; }
            [Differentiable] public static float F(float x) => G(x);
        """)]
    [InlineData("rule_for_differentiable", """
            [Differentiable] public static double G(double x) => x * x;
            [DerivativeOf(nameof(G))] static void R(double x, double dResult, ref double dx) { dx += 2 * x * dResult; }
            [Differentiable] public static double F(double x) => G(x) + x;
        """)]
    [InlineData("rule_generic", """
            static double G(double x) => Math.Exp(x);
            [DerivativeOf(nameof(G))] static void R<T>(double x, double dResult, ref double dx) { dx += dResult * Math.Exp(x); }
            [Differentiable] public static double F(double x) => G(x) * x;
        """)]
    [InlineData("rule_generic_target", """
            static double G<T>(double x) => x;
            [DerivativeOf(nameof(G))] static void R(double x, double dResult, ref double dx) { dx += dResult; }
        """)]
    [InlineData("rule_null", """
            [DerivativeOf(null!)] static void R(double x, double dResult, ref double dx) { }
        """)]
    [InlineData("rule_on_ext_inaccessible", """
            [DerivativeOf(typeof(Math), "Nope")] static void R(double x, double dResult, ref double dx) { }
        """)]
    [InlineData("rule_open_generic", """
            [DerivativeOf(typeof(List<>), "X")] static void R(double x, double dResult, ref double dx) { }
        """)]
    [InlineData("rule_out", """
            static double G(double x) => x;
            [DerivativeOf(nameof(G))] static void R(double x, double dResult, out double dx) { dx = dResult; }
        """)]
    [InlineData("rule_private_class", """
            [Differentiable] public static double F(double x) => D.G(x) * x;
        }
        public static class D
        {
            internal static double G(double x) => Math.Exp(x);
            private static class Rules { [DerivativeOf(typeof(D), nameof(D.G))] internal static void R(double x, double dResult, ref double dx) { dx += dResult * Math.Exp(x); } }
        }
        public static partial class E {
        """)]
    [InlineData("rule_private_other", """
            [Differentiable] public static double F(double x) => D.G(x) * x;
        }
        public static class D
        {
            internal static double G(double x) => Math.Exp(x);
            [DerivativeOf(nameof(G))] private static void R(double x, double dResult, ref double dx) { dx += dResult * Math.Exp(x); }
        }
        public static partial class E {
        """)]
    [InlineData("rule_ref_missing", """
            static double G(double x, double y) => x * y;
            [DerivativeOf(nameof(G))] static void R(double x, double y, double dResult, ref double dx) { }
        """)]
    [InlineData("rule_returns_double", """
            static double G(double x) => x;
            [DerivativeOf(nameof(G))] static double R(double x, double dResult, ref double dx) { dx += dResult; return 0; }
        """)]
    [InlineData("rule_span_ro", """
            static double G(double[] x) => x[0];
            [DerivativeOf(nameof(G))] static void R(double[] x, double dResult, ReadOnlySpan<double> dx) { }
        """)]
    [InlineData("self_assign", """
            [Differentiable] public static double F(double x) { x = x; double y = x; y = y; return y * y; }
        """)]
    [InlineData("span_clear", """
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc double[2]; a[0] = x; a.Clear(); return a[0] + x; }
        """)]
    [InlineData("span_copyto", """
            [Differentiable] public static double F(ReadOnlySpan<double> x) { Span<double> a = stackalloc double[2]; x.CopyTo(a); return a[0] * a[1]; }
        """)]
    [InlineData("span_fill", """
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc double[2]; a.Fill(x); return a[0] * a[1]; }
        """)]
    [InlineData("static_lambda_field", """
            static readonly Func<double, double> s_f = v => v;
            [Differentiable] public static double F(double x) => s_f(x);
        """)]
    [InlineData("swap_locals", """
            [Differentiable] public static double F(double x, double y) { double t = x; x = y; y = t; return x * x * y; }
        """)]
    [InlineData("switch_bool", """
            [Differentiable] public static double F(double x, bool b) { switch (b) { case true: return x; default: return -x; } }
        """)]
    [InlineData("switch_nested_loop_break", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case 0: for (int i = 0; i < 3; i++) { if (i == 1) break; x = x * 2; } break; } return x; }
        """)]
    [InlineData("switch_no_default_fall", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case 0: x = x * 2; break; case 1: case 2: x = x * 3; break; } return x; }
        """)]
    [InlineData("switch_return_mid", """
            [Differentiable] public static double F(double x, int k) { switch (k) { case 0: if (x > 1) return x; x = x * 2; break; } return x * x; }
        """)]
    [InlineData("unicode_names", """
        //file
        using AutoDiff;
        public static partial class Größe
        {
            [Differentiable] public static double Fé(double ω) => ω * ω;
        }

        """)]
    [InlineData("user_math_2", """
        //file
        using AutoDiff;
        namespace N
        {
            public static class Math { public static double Sin(double v) => 0; }
            public static class MathF { }
            public static class Ad { }
            public static class Double { }
            public static partial class C
            {
                [Differentiable] public static double F(double x) => System.Math.Sin(x) * System.Math.Exp(x) + AutoDiff.Ad.StopGradient(x) + (double.IsNaN(x) ? 0 : 1) + System.Math.Max(x, 1);
            }
        }

        """)]
    [InlineData("while_assign_cond", """
            [Differentiable] public static double F(double x) { int i = 0; while ((i = i + 1) < 3) x = x * 2; return x; }
        """)]
    [InlineData("write_param_arr_in_callee_via_span", """
            static double W(Span<double> s, double v) { return s[0] * v; }
            [Differentiable] public static double F(double[] x) => W(x, x[1]);
        """)]
    [InlineData("wrt_array_ctor", """
            [Differentiable(new[] { "x" })] public static double F(double x, double y) => x * y;
        """)]
    [InlineData("wrt_null_in_list", """
            [Differentiable(nameof(x), null!)] public static double F(double x, double y) => x * y;
        """)]
    public void NeverThrowsAndNeverEmitsBrokenCode(string name, string snippet)
    {
        GeneratorRun run = DiagnosticRunner.Run(Source(snippet));
        Assert.True(!run.InputDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error && d.Id is not ("CS0103" or "CS0117")),
            name + ": the snippet itself must be valid C# apart from the generated members it calls:\n" + string.Join("\n", run.InputDiagnostics));
        DiagnosticAssert.NoCrash(run);
        Assert.All(run.GeneratorDiagnostics, d => Assert.True(d.Location != Location.None || !d.Id.StartsWith("ADIFF", StringComparison.Ordinal),
            name + ": " + d.Id + " has no location"));
        if (run.AdiffErrors.Any())
        {
            // Every error points into the user's file.
            Assert.All(run.AdiffErrors, d => Assert.Equal(DiagnosticRunner.FilePath, d.Location.GetLineSpan().Path));
            return;
        }
        // Code the compiler rejects (user_math's System.Math resolves to a class of its own) gets only the compiler's errors.
        if (run.GeneratedSources.IsEmpty && run.InputDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error)) return;
        Assert.True(!run.OutputErrors.Any(), name + ": accepted, but the output does not compile:\n" + run.Describe());
        Assert.True(!run.OutputWarnings.Any(w => w.Location.SourceTree?.FilePath != DiagnosticRunner.FilePath),
            name + ": the generated code has warnings:\n" + run.Describe());
    }

    /// <summary>Accepted today although the gradient (or even the value) is wrong, or the attribute is ignored: these must be ADIFF errors.</summary>
    [Theory]
    [InlineData("reflocal", """
            [Differentiable] public static double F(double x) { double y = x; ref double r = ref y; r = r * 2; return y; }
        """)]
    [InlineData("reflocalarr", """
            [Differentiable] public static double F(double x) { double[] a = new double[2]; ref double r = ref a[0]; r = x; return a[0] * a[1]; }
        """)]
    [InlineData("rule_twice", """
            static double G(double x) => x;
            [DerivativeOf(nameof(G))] static void R1(double x, double dResult, ref double dx) { dx += dResult; }
            [DerivativeOf(nameof(G))] static void R2(double x, double dResult, ref double dx) { dx += dResult; }
            [Differentiable] public static double F(double x) => G(x) * x;
        """)]
    [InlineData("accessor_attr", """
            static double P { [Differentiable] get => 1; }
        """)]
    [InlineData("foreach_ref", """
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc double[3]; foreach (ref double v in a) v = x; return a[0] * a[1] + a[2]; }
        """)]
    [InlineData("local_function_attr", """
            public static double H(double x) { [Differentiable] static double F(double v) => v * v; return F(x); }
        """)]
    [InlineData("ref_local_param", """
            [Differentiable] public static double F(double x) { ref double r = ref x; r = r * 3; return x; }
        """)]
    [InlineData("conditional_ref", """
            [Differentiable] public static double F(double x, double y) { double a = x, b = y; ref double r = ref (x > y ? ref a : ref b); r = 0; return a + b; }
        """)]
    public void MustBeRejected(string name, string snippet)
    {
        GeneratorRun run = DiagnosticRunner.Run(Source(snippet));
        DiagnosticAssert.NoCrash(run);
        Assert.True(run.AdiffErrors.Any(), name + ": silently accepted:\n" + run.Describe());
    }

    /// <summary>Valid code that must be accepted and generate code that compiles without warnings.</summary>
    [Theory]
    [InlineData("stackalloc_init", """
            [Differentiable] public static double F(double x) { Span<double> a = stackalloc double[2] { x, 2 * x }; return a[0] * a[1]; }
        """)]
    [InlineData("rule_mathexp", """
            [DerivativeOf(typeof(Math), nameof(Math.Exp))] static void R(double x, double dResult, ref double dx) { dx += dResult * Math.Exp(x); }
            [Differentiable] public static double F(double x) => Math.Exp(x);
        """)]
    [InlineData("partial_callee", """
            private static partial double G(double x);
            private static partial double G(double x) => x * x;
            [Differentiable] public static double F(double x) => G(x) * x;
        """)]
    [InlineData("index_hat", """
            [Differentiable] public static double F(double[] x, ReadOnlySpan<double> y) { return x[^1] * x[0] + y[^2]; }
        """)]
    [InlineData("partial_with_impl", """
            [Differentiable] public static partial double F(double x);
            public static partial double F(double x) => x * x;
        """)]
    public void MustBeAccepted(string name, string snippet)
    {
        GeneratorRun run = DiagnosticAssert.Clean(Source(snippet));
        Assert.True(!run.GeneratedSources.IsEmpty, name + ": nothing generated");
    }

    /// <summary>Code the compiler rejects gets the compiler's error only, not an ADIFF error on top that calls it unsupported, and nothing is generated.</summary>
    [Fact]
    public void CompilerErrorsAreNotRepeated()
    {
        GeneratorRun run = DiagnosticRunner.Run(Source("""
            static void Sub(ReadOnlySpan<double> a, Span<double> output) { for (int i = 0; i < output.Length; i++) output[i] = a[i] * 2; }
            [Differentiable] public static double F(double[] x) { double[] y = new double[2]; Sub(x.Slice(0, 2), y); return y[0] * y[1]; }
        """));
        DiagnosticAssert.NoCrash(run);
        Assert.Contains(run.InputDiagnostics, d => d.Id == "CS1061");
        Assert.True(!run.AdiffErrors.Any(), "ADIFF errors stacked on a compile error:\n" + run.Describe());
        Assert.True(run.GeneratedSources.IsEmpty, "generated code for a method that does not compile:\n" + run.Describe());
    }

    /// <summary>One problem, one diagnostic: no id is reported twice at the same span, and no error is stacked on another at the same span.</summary>
    [Theory]
    [InlineData("moddouble", "[Differentiable] public static double F(double x) { return x % 2.0; }")]
    [InlineData("chainassign", "[Differentiable] public static double F(double x) { double a, b; a = b = x * 2; return a * b; }")]
    [InlineData("alias", "[Differentiable] public static double F(double[] x) { double[] b = x; b = new double[1]; return x[0]; }")]
    [InlineData("staticfield_assign", "static double s_last; [Differentiable] public static double F(double x) { s_last = x; return x * x; }")]
    [InlineData("calldiscard", "static double G(double x) => x * 2; [Differentiable] public static double F(double x) { _ = G(x); return x * x; }")]
    [InlineData("is_pattern_computed", "[Differentiable] public static double F(double x) { return x * 2 is > 0 and < 1 ? x * x : x; }")]
    [InlineData("incindex", "[Differentiable] public static double F(double[] x) { int i = 0; double s = x[i++] * x[i]; return s; }")]
    [InlineData("range_arg", "static double G(ReadOnlySpan<double> v) => v[0] * v[0]; [Differentiable] public static double F(double[] x) => G(x[1..]);")]
    public void ReportsEachProblemOnce(string name, string snippet)
    {
        GeneratorRun run = DiagnosticRunner.Run(Source(snippet));
        DiagnosticAssert.NoCrash(run);
        Assert.True(run.AdiffErrors.Any(), name + ": no error");
        var stacked = run.AdiffErrors.GroupBy(d => d.Location.SourceSpan).Where(g => g.Count() > 1).ToList();
        Assert.True(stacked.Count == 0, name + ": several errors at one span:\n" + run.Describe());
    }
}
