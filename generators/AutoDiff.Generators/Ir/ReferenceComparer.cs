using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace AutoDiff.Generators.Ir;

/// <summary>
/// Keys IR nodes by identity: two equal statements at different places are different writes, and
/// hashing a record by value would walk its whole subtree.
/// </summary>
internal sealed class ReferenceComparer<T> : IEqualityComparer<T> where T : class
{
    public static readonly ReferenceComparer<T> Instance = new();
    public bool Equals(T? x, T? y) => ReferenceEquals(x, y);
    public int GetHashCode(T obj) => RuntimeHelpers.GetHashCode(obj);
}
