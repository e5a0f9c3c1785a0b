extern alias opt;

using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Xunit;

namespace AutoDiff.Tests.NoOpt;

/// <summary>
/// The same corpus compiled with and without the generator's optimizations must give the same numbers.
/// Every generated <c>XGradient</c> of the corpus whose parameters reflection can pass (double, float, int,
/// bool, double[], float[] and their ref adjoints; not spans) is called in both assemblies at fixed points.
/// </summary>
public class OptimizationAgreementTests
{
    static readonly Assembly Optimized = typeof(opt::AutoDiff.Tests.Corpus.Check).Assembly;
    static readonly Assembly Unoptimized = typeof(AutoDiff.Tests.Corpus.Check).Assembly;

    [Fact]
    public void TheTwoBuildsReallyDiffer()
    {
        Assert.NotEqual(Optimized, Unoptimized);
        Assert.Contains(Optimized.GetTypes(), t => t.FullName == "AutoDiff.Tests.Corpus.Arithmetic");
    }

    public static IEnumerable<object[]> GradientMethods() =>
        Unoptimized.GetTypes()
            .Where(t => t.Namespace?.StartsWith("AutoDiff.Tests.Corpus", StringComparison.Ordinal) == true || t.Namespace is null)
            .Where(t => t.Name != "ChangingCalls") // deliberately stateful: each build's calls see another counter
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Where(m => m.Name.EndsWith("Gradient", StringComparison.Ordinal) && m.GetCustomAttributes().Any(a => a.GetType().Name == "GeneratedCodeAttribute"))
                .Where(m => !t.ContainsGenericParameters && m.GetParameters().All(p => Passable(p.ParameterType)))
                .Select(m => new object[] { t.FullName!, Describe(m) }))
            .OrderBy(x => (string)x[0] + (string)x[1]);

    static bool Passable(Type t)
    {
        var e = t.IsByRef ? t.GetElementType()! : t;
        return e == typeof(double) || e == typeof(float) || e == typeof(int) || e == typeof(bool)
            || e == typeof(double[]) || e == typeof(float[]);
    }

    static string Describe(MethodInfo m) => m.Name + "(" + string.Join(",", m.GetParameters().Select(p => p.ParameterType.Name)) + ")";

    static MethodInfo Find(Assembly a, string type, string signature) =>
        a.GetType(type, throwOnError: true)!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly)
            .Single(m => Describe(m) == signature);

    [Theory]
    [MemberData(nameof(GradientMethods))]
    public void OptimizedAndUnoptimizedGradientsAgree(string type, string signature)
    {
        var slow = Find(Unoptimized, type, signature);
        var fast = Find(Optimized, type, signature);
        var rnd = new Random(signature.Length * 31 + type.Length);
        int compared = 0;
        foreach (int intArg in new[] { 1, 3 })
        {
            for (int rep = 0; rep < 2; rep++)
            {
                object?[] args = MakeArguments(slow, rnd, intArg);
                object?[] args2 = args.Select(Clone).ToArray();
                object? r1, r2;
                try { r1 = slow.Invoke(null, args); }
                catch (TargetInvocationException e1)
                {
                    var e2 = Assert.Throws<TargetInvocationException>(() => fast.Invoke(null, args2));
                    Assert.Equal(e1.InnerException!.GetType(), e2.InnerException!.GetType());
                    continue;
                }
                r2 = fast.Invoke(null, args2);
                Same(r1, r2, "value");
                for (int i = 0; i < args.Length; i++) Same(args[i], args2[i], $"argument {i}");
                compared++;
            }
        }
        Assert.True(compared > 0, "every call threw: nothing compared");
    }

    static object?[] MakeArguments(MethodInfo m, Random rnd, int intArg)
    {
        // Values in (0.2, 0.9): inside the domain of every corpus function (Log, Sqrt, Asin, ...).
        double Next() => 0.2 + 0.7 * rnd.NextDouble();
        int arrayLength = 4;
        return m.GetParameters().Select(p =>
        {
            var t = p.ParameterType.IsByRef ? p.ParameterType.GetElementType()! : p.ParameterType;
            bool adjoint = p.ParameterType.IsByRef || p.Name!.StartsWith('d');
            if (t == typeof(double)) return adjoint && p.ParameterType.IsByRef ? (object)0.0 : Next();
            if (t == typeof(float)) return adjoint && p.ParameterType.IsByRef ? (object)0f : (float)Next();
            if (t == typeof(int)) return intArg;
            if (t == typeof(bool)) return intArg == 1;
            if (t == typeof(double[])) return Enumerable.Range(0, arrayLength).Select(_ => Next()).ToArray();
            if (t == typeof(float[])) return Enumerable.Range(0, arrayLength).Select(_ => (float)Next()).ToArray();
            throw new InvalidOperationException(t.Name);
        }).ToArray();
    }

    static object? Clone(object? o) => o is Array a ? a.Clone() : o;

    static void Same(object? a, object? b, string what)
    {
        if (a is Array x && b is Array y)
        {
            Assert.Equal(x.Length, y.Length);
            for (int i = 0; i < x.Length; i++) Same(x.GetValue(i), y.GetValue(i), $"{what}[{i}]");
            return;
        }
        double u = Convert.ToDouble(a), v = Convert.ToDouble(b);
        if (double.IsNaN(u) && double.IsNaN(v)) return;
        double rho = Math.Abs(u - v) / Math.Max(1, Math.Abs(u) + Math.Abs(v));
        Assert.True(rho <= 1e-12, $"{what}: unoptimized {u:R} vs optimized {v:R}");
    }
}
