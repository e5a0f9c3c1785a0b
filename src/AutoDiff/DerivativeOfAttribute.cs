using System;

namespace AutoDiff;

/// <summary>
/// Registers the marked method as the pullback of another static method <c>G</c>. Every differentiated
/// call of <c>G</c> then calls this method instead of differentiating <c>G</c>'s body.
/// </summary>
/// <remarks>
/// The signature is <c>G</c>'s parameters, then <c>R dResult</c>, then one adjoint per floating-point
/// parameter of <c>G</c> (<c>ref double</c>, <c>ref float</c> or <c>Span&lt;T&gt;</c>), in declaration
/// order. The rule adds <c>dResult * dG/dp</c> into each adjoint.
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true, Inherited = false)]
public sealed class DerivativeOfAttribute : Attribute
{
    /// <summary>A rule for the method <paramref name="method"/> of the same type.</summary>
    public DerivativeOfAttribute(string method) => Method = method;

    /// <summary>A rule for the static method <paramref name="method"/> of <paramref name="declaringType"/>.</summary>
    public DerivativeOfAttribute(Type declaringType, string method)
    {
        DeclaringType = declaringType;
        Method = method;
    }

    /// <summary>The type that declares the differentiated method, or null for the rule's own type.</summary>
    public Type? DeclaringType { get; }

    /// <summary>The name of the differentiated method.</summary>
    public string Method { get; }
}
