using System;

namespace AutoDiff;

/// <summary>
/// Marks a static method of a partial type whose gradient the AutoDiff generator emits at build time
/// as <c>{Method}Gradient</c> and <c>{Method}Pullback</c>.
/// </summary>
/// <remarks>
/// Without arguments the method is differentiated with respect to every floating-point parameter
/// (<c>double</c>, <c>float</c>, arrays and spans of them). Pass parameter names (use <c>nameof</c>)
/// to differentiate with respect to those only; the others are passed through.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class DifferentiableAttribute : Attribute
{
    /// <summary>Differentiate with respect to every floating-point parameter.</summary>
    public DifferentiableAttribute() => Wrt = Array.Empty<string>();

    /// <summary>Differentiate with respect to the named parameters only.</summary>
    /// <param name="wrt">Parameter names, in any order; use <c>nameof</c>.</param>
    public DifferentiableAttribute(params string[] wrt) => Wrt = wrt ?? Array.Empty<string>();

    /// <summary>The parameters named in the attribute; empty means every floating-point parameter.</summary>
    public string[] Wrt { get; }
}
