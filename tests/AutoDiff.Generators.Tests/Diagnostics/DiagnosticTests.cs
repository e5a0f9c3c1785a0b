using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;
using static AutoDiff.Generators.Tests.Diagnostics.DiagnosticAssert;

namespace AutoDiff.Generators.Tests.Diagnostics;

/// <summary>
/// One or more tests per ADIFF id: id, severity, exact location, no crash, nothing generated for the
/// erroneous method, no cascade in the output compilation. Plus the table itself (help links, release
/// tracking, docs) and valid code that must produce no diagnostic at all.
/// </summary>
public class DiagnosticTests
{
    private const string Usings = DiagnosticExamples.Usings;

    public static TheoryData<string> ExampleIds()
    {
        var data = new TheoryData<string>();
        foreach (string id in DiagnosticExamples.ById.Keys.OrderBy(k => k, StringComparer.Ordinal)) data.Add(id);
        return data;
    }

    // ---- The table ---------------------------------------------------------------------------

    [Fact]
    public void EveryIdExceptInternalErrorHasADocumentedExample()
    {
        var ids = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => id != "ADIFF0900").OrderBy(id => id, StringComparer.Ordinal);
        Assert.Equal(ids, DiagnosticExamples.ById.Keys.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Fact]
    public void DescriptorsAreErrorsWithIdsInTheirRangesAndHelpLinks()
    {
        List<DiagnosticDescriptor> all = DiagnosticDescriptors.All.ToList();
        Assert.Equal(24, all.Count);
        Assert.Equal(all.Count, all.Select(d => d.Id).Distinct().Count());
        foreach (DiagnosticDescriptor d in all)
        {
            Assert.Matches(@"^ADIFF(00(0[1-9]|[1-9]\d)|01\d\d|02\d\d|09\d\d)$", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal("AutoDiff", d.Category);
            Assert.Equal("https://github.com/autodiff-dotnet/autodiff/blob/main/docs/diagnostics/" + d.Id + ".md", d.HelpLinkUri);
            Assert.False(string.IsNullOrWhiteSpace(d.Title.ToString(CultureInfo.InvariantCulture)));
            Assert.False(string.IsNullOrWhiteSpace(d.Description.ToString(CultureInfo.InvariantCulture)));
            Assert.Same(d, DiagnosticDescriptors.ById(d.Id));
        }
    }

    [Fact]
    public void MessagesFormatWithTheirArgumentCount()
    {
        foreach (DiagnosticDescriptor d in DiagnosticDescriptors.All)
        {
            string format = d.MessageFormat.ToString(CultureInfo.InvariantCulture);
            int count = Regex.Matches(format, @"\{(\d+)\}").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1).DefaultIfEmpty(0).Max();
            Assert.True(count >= 1, d.Id + " names no code in its message");
            object[] arguments = Enumerable.Range(0, count).Select(k => (object)("arg" + k)).ToArray();
            string message = Diagnostic.Create(d, Location.None, arguments).GetMessage(CultureInfo.InvariantCulture);
            for (int k = 0; k < count; k++) Assert.Contains("arg" + k, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void UnshippedReleaseFileListsExactlyTheTable()
    {
        string path = Path.Combine(RepositoryRoot(), "generators", "AutoDiff.Generators", "AnalyzerReleases.Unshipped.md");
        var rows = File.ReadAllLines(path)
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length == 4 && c[0].StartsWith("ADIFF", StringComparison.Ordinal))
            .ToList();
        Assert.Equal(DiagnosticDescriptors.All.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal), rows.Select(r => r[0]));
        foreach (string[] row in rows)
        {
            DiagnosticDescriptor d = DiagnosticDescriptors.ById(row[0]);
            Assert.Equal("AutoDiff", row[1]);
            Assert.Equal("Error", row[2]);
            Assert.Equal(d.Title.ToString(CultureInfo.InvariantCulture), row[3]);
        }
    }

    [Fact]
    public void EveryIdHasADocsPageAndTheIndexListsThemAll()
    {
        string folder = Path.Combine(RepositoryRoot(), "docs", "diagnostics");
        string index = File.ReadAllText(Path.Combine(folder, "README.md"));
        foreach (DiagnosticDescriptor d in DiagnosticDescriptors.All)
        {
            string page = File.ReadAllText(Path.Combine(folder, d.Id + ".md"));
            Assert.StartsWith("# " + d.Id + ": " + d.Title.ToString(CultureInfo.InvariantCulture), page, StringComparison.Ordinal);
            Assert.Contains("Error", page, StringComparison.Ordinal);
            Assert.Contains("[" + d.Id + "](" + d.Id + ".md)", index, StringComparison.Ordinal);
            if (DiagnosticExamples.ById.TryGetValue(d.Id, out DiagnosticExamples.Example? example))
            {
                // The page shows the tested trigger and fix verbatim.
                Assert.Contains(DiagnosticRunner.StripMarkers(example.Trigger).Source, Normalize(page), StringComparison.Ordinal);
                Assert.Contains(example.Fix, Normalize(page), StringComparison.Ordinal);
            }
        }
        Assert.Equal(DiagnosticDescriptors.All.Count(), Directory.GetFiles(folder, "ADIFF*.md").Length);
    }

    // ---- One documented example per id ------------------------------------------------------

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void DocumentedTriggerReportsTheIdAtTheMarkedSpan(string id)
    {
        (string trigger, _, string[] alsoReported) = DiagnosticExamples.ById[id];
        string source = DiagnosticExamples.Source(trigger);
        // The id's own span comes first in the source; cascading diagnostics (if any) follow it.
        Reports(source, new[] { id }.Concat(alsoReported).ToArray());
    }

    [Theory]
    [MemberData(nameof(ExampleIds))]
    public void DocumentedFixIsClean(string id) =>
        Clean(DiagnosticExamples.Source(DiagnosticExamples.ById[id].Fix));

    // ---- ADIFF0001-0011: declarations -------------------------------------------------------

    [Fact]
    public void ADIFF0001_OuterTypeNotPartial() => Reports(Usings + """
        public static class [|Outer|]
        {
            public static partial class Inner
            {
                [Differentiable] public static double F(double x) => x * x;
            }
        }
        """, "ADIFF0001");

    [Fact]
    public void ADIFF0001_EveryNonPartialTypeIsReported() => Reports(Usings + """
        public static class [|Outer|]
        {
            public static class [|Inner|]
            {
                [Differentiable] public static double F(double x) => x * x;
            }
        }
        """, "ADIFF0001", "ADIFF0001");

    [Fact]
    public void ADIFF0001_And0002_AllDeclarationErrorsAtOnce() => Reports(Usings + """
        public class [|C|]
        {
            [Differentiable] public double [|F|](double x) => x * x;
        }
        """, "ADIFF0001", "ADIFF0002");

    [Fact]
    public void ADIFF0003_VoidReturn() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static [|void|] F(double x) { }
        }
        """, "ADIFF0003");

    [Fact]
    public void ADIFF0003_TaskReturn() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static [|System.Threading.Tasks.Task<double>|] F(double x) => System.Threading.Tasks.Task.FromResult(x);
        }
        """, "ADIFF0003");

    [Fact]
    public void ADIFF0003_DecimalReturn() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static [|decimal|] F(double x) => (decimal)x;
        }
        """, "ADIFF0003");

    [Fact]
    public void ADIFF0004_NullName()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable(nameof(x), [|null!|])] public static double F(double x, double y) => x * y;
            }
            """, "ADIFF0004");
        Assert.Contains("'null'", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0005_BoolParameter() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable([|nameof(flag)|])] public static double F(double x, bool flag) => flag ? x : -x;
        }
        """, "ADIFF0005");

    [Fact]
    public void ADIFF0006_OutInAndParamsIntParameters() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable(nameof(x))] public static double F(in double [|x|], out double [|y|], params int[] [|k|]) { y = 0; return x; }
        }
        """, "ADIFF0006", "ADIFF0006", "ADIFF0006");

    [Fact]
    public void ADIFF0007_GenericWithConstraint() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double [|F|]<T>(double x) where T : struct => x * x;
        }
        """, "ADIFF0007");

    [Fact]
    public void ADIFF0008_StaticAbstractInterfaceMember() => Reports(Usings + """
        public partial interface IModel
        {
            [|[Differentiable] static abstract double F(double x);|]
        }
        """, "ADIFF0008");

    [Fact]
    public void ADIFF0009_PullbackNameTaken() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double [|F|](double x) => x * x;
            public static int FPullback;
        }
        """, "ADIFF0009");

    [Fact]
    public void ADIFF0009_BothNamesTaken() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double [|[|F|]|](double x) => x * x;
            public static int FPullback;
            public sealed class FGradient { }
        }
        """, "ADIFF0009", "ADIFF0009");

    [Fact]
    public void ADIFF0010_InstanceRule() => Reports(Usings + """
        public partial class C
        {
            public static double G(double x) => x;
            [[|DerivativeOf(nameof(G))|]] public void R(double x, double dResult, ref double dx) => dx += dResult;
        }
        """, "ADIFF0010");

    [Fact]
    public void ADIFF0010_OutAdjoint() => Reports(Usings + """
        public static partial class C
        {
            public static double G(double x) => x;
            [[|DerivativeOf(nameof(G))|]] static void R(double x, double dResult, out double dx) => dx = dResult;
        }
        """, "ADIFF0010");

    [Fact]
    public void ADIFF0010_MissingAdjointForSecondParameter()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                public static double G(double x, double y) => x * y;
                [[|DerivativeOf(nameof(G))|]] static void R(double x, double y, double dResult, ref double dx) => dx += dResult * y;
            }
            """, "ADIFF0010");
        Assert.Contains("static void R(double, double, double, ref double, ref double)",
            run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0010_ReadOnlySpanAdjoint() => Reports(Usings + """
        public static partial class C
        {
            public static double G(double[] x) => x[0];
            [[|DerivativeOf(nameof(G))|]] static void R(double[] x, double dResult, ReadOnlySpan<double> dx) { }
        }
        """, "ADIFF0010");

    [Fact]
    public void ADIFF0010_RuleWithBadSignatureIsReportedEvenWhenTheTargetIsCalled()
    {
        // The call falls back to differentiating G's body, so F itself still gets its gradient.
        GeneratorRun run = DiagnosticRunner.Run(Usings + """
            public static partial class C
            {
                static double G(double x) => Math.Exp(x);
                [[|DerivativeOf(nameof(G))|]] static void GRule(double x, double dResult, double dx) { }
                [Differentiable] public static double F(double x) => G(x) * x;
            }
            """);
        NoCrash(run);
        Diagnostic d = Assert.Single(run.AdiffDiagnostics);
        Assert.Equal("ADIFF0010", d.Id);
        Assert.Equal(run.Spans.Single(), d.Location.SourceSpan);
        Assert.Empty(run.OutputErrors);
    }

    [Fact]
    public void ADIFF0011_UnknownMethodOfAnotherType() => Reports(Usings + """
        public static partial class C
        {
            [[|DerivativeOf(typeof(Math), "Nope")|]] static void R(double x, double dResult, ref double dx) { }
        }
        """, "ADIFF0011");

    [Fact]
    public void ADIFF0011_InstanceTarget() => Reports(Usings + """
        public partial class C
        {
            public double H(double x) => x;
            [[|DerivativeOf(nameof(H))|]] static void R(double x, double dResult, ref double dx) { }
        }
        """, "ADIFF0011");

    [Fact]
    public void ADIFF0011_TargetReturningInt() => Reports(Usings + """
        public static partial class C
        {
            public static int H(double x) => (int)x;
            [[|DerivativeOf(nameof(H))|]] static void R(double x, int dResult, ref double dx) { }
        }
        """, "ADIFF0011");

    [Fact]
    public void ADIFF0011_ArrayType() => Reports(Usings + """
        public static partial class C
        {
            [[|DerivativeOf(typeof(double[]), "Length")|]] static void R(double x, double dResult, ref double dx) { }
        }
        """, "ADIFF0011");

    // ---- ADIFF0100-0107: body constructs ----------------------------------------------------

    [Fact]
    public void ADIFF0100_GotoAndLabel() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                int i = 0;
                [|top: x = x * 0.5;|]
                i++;
                if (i < 3) [|goto top;|]
                return x;
            }
        }
        """, "ADIFF0100", "ADIFF0100");

    [Fact]
    public void ADIFF0100_Lock() => Reports(Usings + """
        public static partial class C
        {
            private static readonly object s_gate = new();
            [Differentiable] public static double F(double x)
            {
                [|lock (s_gate) { x = x * x; }|]
                return x;
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_RecursiveWriter()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static void Halve(Span<double> v, int n)
                {
                    v[n] = v[n] * 0.5;
                    if (n > 0) [|Halve(v, n - 1)|];
                }
                [Differentiable] public static double F(double x)
                {
                    var a = new double[3];
                    a[2] = x;
                    Halve(a, 2);
                    return a[2];
                }
            }
            """, "ADIFF0100");
        Assert.Contains("cannot call itself", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0100_VoidHelperWithoutEffect()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static void Log(double v) { double w = v * 2; }
                [Differentiable] public static double F(double x)
                {
                    [|Log(x)|];
                    return x * x;
                }
            }
            """, "ADIFF0100");
        Assert.Contains("writes into none of its array or span arguments", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0100_VoidLibraryCall()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x)
                {
                    var a = new double[2];
                    a[0] = x;
                    [|Array.Reverse(a)|];
                    return a[1] * x;
                }
            }
            """, "ADIFF0100");
        Assert.Contains("write the loop out", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0100_Throw() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                if (x < 0) [|throw new ArgumentOutOfRangeException(nameof(x));|]
                return Math.Sqrt(x);
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_UsingDeclaration() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                [|using var stream = new System.IO.MemoryStream();|]
                return x * x;
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_DiscardedVoidCall() => Reports(Usings + """
        public static partial class C
        {
            static void Log(double v) { }
            [Differentiable] public static double F(double x)
            {
                [|Log(x)|];
                return x * x;
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_RefArgument()
    {
        // One error at the call; the locals it declares are not reported again where they are read.
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static void Project(double x, ref double z, out double u) { u = x / z; z = z * z; }
                [Differentiable] public static double F(double x, double z)
                {
                    double y = z;
                    [|Project(x, ref y, out double u)|];
                    return u * y;
                }
            }
            """, "ADIFF0100");
        Assert.Contains("ref arguments are not supported", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_OutArgumentIntoAnElement()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static void Square(double x, out double y) { y = x * x; }
                [Differentiable] public static double F(double x)
                {
                    var a = new double[2];
                    Square(x, out [|a[1]|]);
                    return a[1] * x;
                }
            }
            """, "ADIFF0101");
        Assert.Contains("an out argument must be a local variable", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0100_DeconstructedLibraryTuple()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x, int n)
                {
                    [|var (q, r) = Math.DivRem(n, 3)|];
                    return x * q + r;
                }
            }
            """, "ADIFF0100");
        Assert.Contains("or the tuple a static method of this compilation returns", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0100_HelperReturnsATupleItDidNotBuild()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static (double, double) Twice(double x) => (x, 2 * x);
                static (double, double) Pass(double x) { [|return Twice(x);|] }
                [Differentiable] public static double F(double x)
                {
                    var (a, b) = Pass(x);
                    return a * b;
                }
            }
            """, "ADIFF0100");
        Assert.Contains("return a tuple of values", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0102_TupleElementOfUnsupportedType() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                (string [|s|], double d) = ("a", x * x);
                return d;
            }
        }
        """, "ADIFF0102");

    [Fact]
    public void ADIFF0100_SwitchOnDouble() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                [|switch (x)
                {
                    case 1.0: return 2;
                    default: return x * x;
                }|]
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_PatternCaseLabel() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int k)
            {
                switch (k)
                {
                    [|case > 3:|] return x;
                    default: return x * x;
                }
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_GotoCase() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int k)
            {
                switch (k)
                {
                    case 0: x = x * 2; [|goto case 1;|]
                    case 1: return x;
                    default: return x * x;
                }
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0100_StaticLocalFunction()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x)
                {
                    return Square(x);
                    [|static double Square(double v) => v * v;|]
                }
            }
            """, "ADIFF0100");
        Assert.Contains("move it out of the method as a static method of the class", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_ElementOfAReturnedTuple()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static (double U, double V) Pair(double x) => (x, x * x);
                [Differentiable] public static double F(double x) => [|Pair(x).U|] * x;
            }
            """, "ADIFF0101");
        Assert.Contains("deconstruct the tuple into locals instead", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_JaggedParameter()
    {
        // One error, at the first use (its .Length), saying to flatten it; not again at rows[i][0].
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double[][] rows, double x)
                {
                    double s = x;
                    for (int i = 0; i < [|rows|].Length; i++) s += rows[i][0] * x;
                    return s;
                }
            }
            """, "ADIFF0101");
        Assert.Contains("flatten a jagged", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0102_TupleLocal()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static (double, double) Pair(double x) => (x, x * x);
                [Differentiable] public static double F(double x)
                {
                    var [|p = Pair(x)|];
                    return x;
                }
            }
            """, "ADIFF0102");
        Assert.Contains("deconstruct the tuple into locals instead", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0100_Fixed() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static unsafe double F(double[] x)
            {
                [|fixed (double* p = x) { return p[0] * x[0]; }|]
            }
        }
        """, "ADIFF0100");

    [Fact]
    public void ADIFF0103_CopyToAParameter() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x, double[] y)
            {
                [|x.AsSpan().CopyTo(y)|];
                return y[0];
            }
        }
        """, "ADIFF0103");

    [Fact]
    public void ADIFF0100_CopyWithinOneArray()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x)
                {
                    var a = new double[3];
                    a[0] = x;
                    [|a.AsSpan(0, 2).CopyTo(a.AsSpan(1))|];
                    return a[2];
                }
            }
            """, "ADIFF0100");
        Assert.Contains("two different arrays", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_WriterInsideAnExpression()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static double Normalize(Span<double> v) { double n = v[0] * v[0] + v[1] * v[1]; v[0] = v[0] / n; v[1] = v[1] / n; return n; }
                [Differentiable] public static double F(double x)
                {
                    var a = new double[2];
                    a[0] = x;
                    a[1] = 1;
                    return 2 * [|Normalize(a)|] + a[0];
                }
            }
            """, "ADIFF0101");
        Assert.Contains("call it as a statement", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_MutableStaticField() => Reports(Usings + """
        public static partial class C
        {
            public static double Scale = 2;
            [Differentiable] public static double F(double x) => [|Scale|] * x;
        }
        """, "ADIFF0101");

    [Fact]
    public void ADIFF0101_StringLength() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => x * [|"abc".Length|];
        }
        """, "ADIFF0101");

    [Fact]
    public void ADIFF0101_ThrowExpression() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => [|throw new NotImplementedException()|];
        }
        """, "ADIFF0101");

    [Fact]
    public void ADIFF0101_LongConversion() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => x * [|(long)x|];
        }
        """, "ADIFF0101");

    [Fact]
    public void ADIFF0101_MultiDimensionalParameterArray() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x, double[,] m) => x * [|m[0, 0]|];
        }
        """, "ADIFF0101");

    [Fact]
    public void ADIFF0102_ListLocal() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                var [|list = new System.Collections.Generic.List<double>()|];
                return x * x;
            }
        }
        """, "ADIFF0102");

    [Fact]
    public void ADIFF0102_MultiDimensionalLocalArray() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                var [|grid = new double[2, 2]|];
                return x * x;
            }
        }
        """, "ADIFF0102");

    [Fact]
    public void ADIFF0102_ReadOnlySpanLocal() => Reports(Usings + """
        public static partial class C
        {
            static double[] Make() => new double[2];

            [Differentiable] public static double F(double[] x)
            {
                ReadOnlySpan<double> [|view = Make()|];
                return x[0] * x[0];
            }
        }
        """, "ADIFF0102");

    [Fact]
    public void ADIFF0102_ViewChosenBetweenArrays()
    {
        // lstm.h's pointer switch ported as one declaration: the type is right, the initializer is not one view.
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double[] x, double[] s, int i)
                {
                    ReadOnlySpan<double> [|xp = i == 0 ? x : s.AsSpan(i, 2)|];
                    return xp[0] * xp[1];
                }
            }
            """, "ADIFF0102");
        string message = run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture);
        Assert.Contains("one view of one array", message, StringComparison.Ordinal);
        Assert.DoesNotContain("use double, float, int or bool", message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_SwitchExpressionWithoutDiscard()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x, int row) => [|row switch { 0 => x, int => x * x }|];
            }
            """, "ADIFF0101");
        Assert.Contains("discard arm", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_SwitchExpressionOnAComputedValue()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x, int row) => ([|row % 2|]) switch { 0 => x, _ => x * x };
            }
            """, "ADIFF0101");
        Assert.Contains("assign the value to one first", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0103_SpanParameter() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(Span<double> x)
            {
                [|x[0] = 1|];
                return x[0] * x[1];
            }
        }
        """, "ADIFF0103");

    [Fact]
    public void ADIFF0103_CompoundAndIncrement() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x)
            {
                [|x[0] += 1|];
                [|x[1]++|];
                return x[0] * x[1];
            }
        }
        """, "ADIFF0103", "ADIFF0103");

    [Fact]
    public void ADIFF0103_InACalledHelper()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static void Scale(Span<double> v) { v[0] = v[0] * 2; }
                [Differentiable] public static double F(double[] x)
                {
                    [|Scale(x)|];
                    return x[0];
                }
            }
            """, "ADIFF0103");
        Assert.Contains("'x'", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0104_AliasOfParameterArray() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x)
            {
                double[] copy = x;
                [|copy = new double[2]|];
                return x[0] * copy[0];
            }
        }
        """, "ADIFF0104");

    [Fact]
    public void ADIFF0104_AliasOfSpanParameter() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(Span<double> x, Span<double> y)
            {
                Span<double> view = x;
                [|view = y|];
                return x[0] * view[0];
            }
        }
        """, "ADIFF0104");

    [Fact]
    public void ADIFF0104_Range() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x)
            {
                double[] [|tail = x[1..]|];
                return x[0];
            }
        }
        """, "ADIFF0104");

    [Fact]
    public void ADIFF0105_SizeFromACall() => Reports(Usings + """
        public static partial class C
        {
            static int Size() { int n = 3; return n; } // two statements: a call, not an expression put in its place
            [Differentiable] public static double F(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < n; i++)
                {
                    double[] [|a = new double[Size()]|];
                    a[0] = x;
                    s += a[0];
                }
                return s;
            }
        }
        """, "ADIFF0105");

    [Fact]
    public void ADIFF0105_SizeFromAParameterAssignedLater() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int n)
            {
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    double[] [|a = new double[n]|];
                    a[0] = x;
                    s += a[0];
                }
                n = 1;
                return s * n;
            }
        }
        """, "ADIFF0105");

    [Fact]
    public void ADIFF0105_SizeFromALocalAssignedTwice() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x, int n)
            {
                int m = n + 1;
                double s = 0;
                for (int i = 0; i < 2; i++)
                {
                    double[] [|a = new double[m]|];
                    a[0] = x;
                    s += a[0];
                    m = m + 1;
                }
                return s;
            }
        }
        """, "ADIFF0105");

    [Fact]
    public void ADIFF0101_StaticTableWritten()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static readonly double[] Table = { 1, 2 };
                [Differentiable] public static double F(double x)
                {
                    [|Table[0]|] = x;
                    return x * Table[1];
                }
            }
            """, "ADIFF0101");
        Assert.Contains("read-only", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_StaticTablePassedOn()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static readonly double[] Table = { 1, 2 };
                static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b) => a[0] * b[0] + a[1] * b[1];
                [Differentiable] public static double F(double[] w) => Dot([|Table|], w);
            }
            """, "ADIFF0101");
        Assert.Contains("element by element", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_Linq()
    {
        GeneratorRun run = Reports("using System;\nusing System.Linq;\nusing AutoDiff;\n\n" + """
            public static partial class C
            {
                [Differentiable] public static double F(double[] w) => [|w.Sum()|] * w[0];
            }
            """, "ADIFF0101");
        Assert.Contains("write the loop out", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0101_ParamsValuesInABranch()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                static double Largest(params ReadOnlySpan<double> v) => Math.Max(v[0], v[1]);
                [Differentiable] public static double F(double x, double y) => x > 0 ? [|Largest(x, y)|] : y;
            }
            """, "ADIFF0101");
        Assert.Contains("new[] { a, b }", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0106_AssignmentInACondition() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                int i = 0;
                while (([|i = i + 1|]) < 3) x = x * 2;
                return x;
            }
        }
        """, "ADIFF0106");

    [Fact]
    public void ADIFF0106_AssignmentInAnArgument() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x)
            {
                double y = 0;
                double z = Math.Sin([|y = x|]);
                return y * z;
            }
        }
        """, "ADIFF0106");

    [Fact]
    public void ADIFF0106_StepOfAVariableTheStatementAlsoReads() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x)
            {
                int i = 0;
                double s = x[[|i++|]] * x[i];
                return s;
            }
        }
        """, "ADIFF0106");

    [Fact]
    public void ADIFF0106_StepOfAnArrayElement() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x, int[] n)
            {
                double s = x[[|n[0]++|]];
                return s;
            }
        }
        """, "ADIFF0106");

    [Fact]
    public void ADIFF0106_StepThatMayNotRun() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x, bool b)
            {
                int i = 0, j = 0;
                double s = b ? x[[|i++|]] : 0;
                if (b && x[[|j++|]] > 0) s += x[0];
                return s;
            }
        }
        """, "ADIFF0106", "ADIFF0106");

    [Fact]
    public void ADIFF0106_StepInALoopCondition() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double[] x)
            {
                int i = 0;
                double s = 0;
                while (x[[|i++|]] > 0) s += x[0];
                for (int j = 0; x[[|j++|]] < 1;) s *= x[0];
                return s;
            }
        }
        """, "ADIFF0106", "ADIFF0106");

    [Fact]
    public void ADIFF0107_CompoundRemainder()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x)
                {
                    [|x %= 2.0|];
                    return x;
                }
            }
            """, "ADIFF0107");
        Assert.Contains("Math.Truncate", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0107_FloatRemainder() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static float F(float x) => [|x % 2f|];
        }
        """, "ADIFF0107");

    [Fact]
    public void ADIFF0200_InstanceMethod() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable] public static double F(double x) => [|x.CompareTo(1.0)|] * x;
        }
        """, "ADIFF0200");

    [Fact]
    public void ADIFF0200_Delegate() => Reports(Usings + """
        public static partial class C
        {
            [Differentiable(nameof(x))] public static double F(double x, Func<double, double> f) => [|f(x)|];
        }
        """, "ADIFF0200");

    [Fact]
    public void ADIFF0200_GenericMethod() => Reports(Usings + """
        public static partial class C
        {
            static double G<T>(double x) => x * 2;
            [Differentiable] public static double F(double x) => [|G<int>(x)|];
        }
        """, "ADIFF0200");

    [Fact]
    public void ADIFF0200_InaccessibleMethodOfAnotherType()
    {
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x) => D.Twice(x);
            }
            public static class D
            {
                public static double Twice(double v) => [|Helper(v)|];
                private static double Helper(double v) => 2 * v;
            }
            """, "ADIFF0200");
        // The call that is reported is the one inside D: make the private helper internal.
        Assert.Contains("not accessible", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    [Fact]
    public void ADIFF0200_PullbackDoesNotDifferentiateAnActiveArgument()
    {
        // Losses.Huber (in the runtime) is [Differentiable(nameof(prediction), nameof(target))]: delta has no adjoint.
        GeneratorRun run = Reports(Usings + """
            public static partial class C
            {
                [Differentiable] public static double F(double x, double y) => [|Losses.Huber(x, y, x * 0.5)|];
            }
            """, "ADIFF0200");
        Assert.Contains("'delta'", run.AdiffDiagnostics.Single().GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    // ---- ADIFF0900 --------------------------------------------------------------------------

    /// <summary>
    /// ADIFF0900 is the catch-all for an exception inside the generator; no known input triggers it
    /// (the hunt found none that is caught: the crashes found escape as CS8785 instead). So the
    /// DiagnosticInfo -> Diagnostic path it goes through is tested directly, with and without a location.
    /// </summary>
    [Fact]
    public void ADIFF0900_ConvertsFromDiagnosticInfo()
    {
        const string source = "class C { static double F(double x) => x; }";
        var span = new TextSpan(source.IndexOf('F'), 1);
        var location = new LocationInfo("Input.cs", span, SourceText.From(source).Lines.GetLinePositionSpan(span));
        var info = new DiagnosticInfo("ADIFF0900", location, new[] { "F", "InvalidOperationException: boom" }.ToEquatableArray());

        Diagnostic diagnostic = info.ToDiagnostic();
        Assert.Equal("ADIFF0900", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal(span, diagnostic.Location.SourceSpan);
        Assert.Equal("Input.cs", diagnostic.Location.GetLineSpan().Path);
        Assert.Equal("The AutoDiff generator failed on 'F': InvalidOperationException: boom. Please report this with the method's code.",
            diagnostic.GetMessage(CultureInfo.InvariantCulture));

        Diagnostic unlocated = (info with { Location = null }).ToDiagnostic();
        Assert.Equal(Location.None, unlocated.Location);
        Assert.Equal(info, info with { }); // value equality, as the incremental cache needs
    }

    // ---- Valid code: no diagnostics ---------------------------------------------------------

    [Fact]
    public void ValidProgramHasNoDiagnosticsAndCompilesWithoutWarnings()
    {
        GeneratorRun run = Clean(Usings + """
            namespace Demo;

            public static partial class Model
            {
                [Differentiable(nameof(w))]
                public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
                {
                    double z = 0;
                    for (int i = 0; i < w.Length; i++) z += w[i] * x[i];
                    double p = 1 / (1 + Math.Exp(-z));
                    return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p));
                }

                [Differentiable]
                public static double Poly(double x, double y) => x * x * y + Math.Sin(x) / (1 + y * y);

                [Differentiable]
                public static float Single(float x) => MathF.Tanh(x) * x;

                [Differentiable]
                public static double Steps(double x, int n)
                {
                    double[] a = new double[3];
                    double s = 0;
                    int k = 0;
                    while (k < n)
                    {
                        switch (k % 3)
                        {
                            case 0: a[0] += x; break;
                            case 1: a[1] = a[0] * x; break;
                            default: s += Helper(a[1]); break;
                        }
                        if (s > 100) break;
                        k++;
                    }
                    foreach (double v in a) s += Ad.StopGradient(v) * v;
                    return s;
                }

                private static double Helper(double v) => v > 0 ? Math.Sqrt(v) : -v;

                public static double Use(double[] w, double[] x)
                {
                    var dw = new double[w.Length];
                    double dx = 0, dy = 0;
                    float df = 0;
                    return LossGradient(w, x, 1, dw) + PolyGradient(1, 2, ref dx, ref dy) + SingleGradient(1f, ref df) + StepsGradient(1, 5, ref dx);
                }
            }
            """);
        Assert.Equal(4, run.GeneratedSources.Length);
    }

    [Fact]
    public void ValidRuleAndCalleeHaveNoDiagnostics()
    {
        GeneratorRun run = Clean(Usings + """
            public static partial class Model
            {
                public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

                [DerivativeOf(nameof(Softplus))]
                private static void SoftplusPullback(double x, double dResult, ref double dx) => dx += dResult / (1 + Math.Exp(-x));

                [Differentiable]
                public static double F(double x, double y) => Softplus(x * y) + Losses.SquaredError(x, y);
            }
            """);
        Assert.Single(run.GeneratedSources);
    }

    [Fact]
    public void AnErroneousMethodDoesNotStopItsNeighbours()
    {
        GeneratorRun run = DiagnosticRunner.Run(Usings + """
            public static partial class C
            {
                [Differentiable] public static double Good(double x) => x * x;
                [Differentiable] public static double Bad(double x) => [|x % 2.0|];
                public static double Use(double x) { double dx = 0; return GoodGradient(x, ref dx); }
            }
            """);
        NoCrash(run);
        Diagnostic d = Assert.Single(run.AdiffDiagnostics);
        Assert.Equal("ADIFF0107", d.Id);
        Assert.Equal(run.Spans.Single(), d.Location.SourceSpan);
        (string hint, _) = Assert.Single(run.GeneratedSources);
        Assert.Contains(".Good.", hint, StringComparison.Ordinal);
        Assert.DoesNotContain(run.OutputDiagnostics, o => o.Severity >= DiagnosticSeverity.Warning);
    }

    [Fact]
    public void CallingTheGradientOfAnErroneousMethodOnlyFailsAtTheCall()
    {
        // Nothing is generated for Bad, so the user's call of BadGradient is CS0103; no other error cascades.
        GeneratorRun run = DiagnosticRunner.Run(Usings + """
            public static partial class C
            {
                [Differentiable] public static double Bad(double x) => [|x % 2.0|];
                public static double Use(double x) { double dx = 0; return BadGradient(x, ref dx); }
            }
            """);
        NoCrash(run);
        Assert.Equal("ADIFF0107", Assert.Single(run.AdiffDiagnostics).Id);
        Assert.Empty(run.GeneratedSources);
        Assert.Equal("CS0103", Assert.Single(run.OutputErrors).Id);
    }

    // ---- Helpers ----------------------------------------------------------------------------

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    internal static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "AutoDiff.sln"))) return d.FullName;
        throw new InvalidOperationException("AutoDiff.sln not found above " + AppContext.BaseDirectory);
    }
}
