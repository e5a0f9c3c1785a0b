using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using Xunit;

namespace AutoDiff.Generators.Tests.Infrastructure;

/// <summary>
/// A compiled test assembly loaded into its own collectible <see cref="AssemblyLoadContext"/>.
/// AutoDiff.dll is shared with the test process (resolved from the default context), so the
/// generated code and the test see the same <c>GradientTape</c>.
/// </summary>
/// <remarks>
/// Reflection cannot pass <c>Span&lt;T&gt;</c>, <c>ReadOnlySpan&lt;T&gt;</c> or <c>ref</c> adjoints by
/// value, so test sources expose wrappers that take arrays, for example
/// <code>
/// public static double Grad(double[] x, double[] dx)
/// {
///     double dA = dx[0];
///     double r = FGradient(x[0], x[1..], ref dA, dx.AsSpan(1));
///     dx[0] = dA;
///     return r;
/// }
/// </code>
/// and the test calls <c>Invoke("M", "Grad", x, dx)</c>; arrays are passed by reference, so
/// <c>dx</c> holds the adjoints afterwards.
/// </remarks>
public sealed class LoadedAssembly : IDisposable
{
    private readonly TestLoadContext _context;

    internal LoadedAssembly(Stream image)
    {
        _context = new TestLoadContext();
        Assembly = _context.LoadFromStream(image);
    }

    /// <summary>The loaded test assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>
    /// Calls the static method <paramref name="method"/> of <paramref name="type"/> (full metadata name,
    /// e.g. <c>"N.M"</c> or <c>"N.Outer+Inner"</c>) with <paramref name="args"/>. Among overloads, the one
    /// with as many parameters as arguments is called. Exceptions thrown by the method propagate unwrapped.
    /// </summary>
    public object? Invoke(string type, string method, params object?[] args)
    {
        Type? t = Assembly.GetType(type);
        Assert.True(t is not null, $"Type '{type}' not found in the test assembly; types: {string.Join(", ", Assembly.GetTypes().Select(x => x.FullName))}");
        MethodInfo[] candidates = t!.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name == method && m.GetParameters().Length == args.Length)
            .ToArray();
        Assert.True(candidates.Length == 1, $"Expected one static method '{type}.{method}' with {args.Length} parameters, found {candidates.Length}.");
        return candidates[0].Invoke(null, BindingFlags.DoNotWrapExceptions, binder: null, args, culture: null);
    }

    /// <summary>Calls a static <c>double</c>-returning method; see <see cref="Invoke"/>.</summary>
    public double InvokeDouble(string type, string method, params object?[] args) =>
        (double)Invoke(type, method, args)!;

    /// <summary>Unloads the load context (it is collected once nothing references it).</summary>
    public void Dispose() => _context.Unload();

    private sealed class TestLoadContext() : AssemblyLoadContext("AutoDiff.GeneratorTests", isCollectible: true)
    {
        private static readonly Assembly s_autoDiff = typeof(AutoDiff.Ad).Assembly;

        protected override Assembly? Load(AssemblyName name) =>
            // AutoDiff.dll comes from the default context; null defers everything else to it too.
            AssemblyName.ReferenceMatchesDefinition(name, s_autoDiff.GetName()) ? s_autoDiff : null;
    }
}
