using System;
using System.Collections.Generic;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generators.Tests.Infrastructure;

/// <summary>
/// Walks an object graph through every instance field (public or not, base classes included), array
/// element and boxed struct, and lists the Roslyn objects it reaches. A cached pipeline model must
/// reach none: they pin whole compilations in memory and break value equality.
/// </summary>
public static class ObjectGraph
{
    /// <summary>The Roslyn types a pipeline model must never hold.</summary>
    public static readonly Type[] ForbiddenTypes =
    {
        typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxToken), typeof(SyntaxTrivia), typeof(SyntaxTree),
        typeof(SyntaxReference), typeof(Location), typeof(SemanticModel), typeof(Compilation), typeof(IOperation),
        typeof(Diagnostic),
    };

    /// <summary>Paths (like <c>root.Functions._items.array[2]</c>) to every forbidden object reachable from <paramref name="root"/>.</summary>
    public static List<string> FindRoslynObjects(object? root, string rootName = "root")
    {
        var found = new List<string>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<(object? Value, string Path)>();
        pending.Push((root, rootName));

        while (pending.Count > 0)
        {
            var (value, path) = pending.Pop();
            if (value is null) continue;
            Type type = value.GetType();

            Type? forbidden = Array.Find(ForbiddenTypes, f => f.IsAssignableFrom(type));
            if (forbidden is not null)
            {
                found.Add($"{path}: {type.FullName} (a {forbidden.Name})");
                continue;
            }
            if (IsLeaf(type)) continue;
            if (!type.IsValueType && !visited.Add(value)) continue;

            if (value is Array array)
            {
                int i = 0;
                foreach (object? element in array) pending.Push((element, $"{path}[{i++}]"));
                continue;
            }
            for (Type? t = type; t is not null && t != typeof(object); t = t.BaseType)
                foreach (FieldInfo field in t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                    if (!field.FieldType.IsPointer && !field.FieldType.IsByRefLike)
                        pending.Push((field.GetValue(value), $"{path}.{field.Name}"));
        }
        return found;
    }

    /// <summary>Values with nothing inside worth walking.</summary>
    private static bool IsLeaf(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) ||
        type == typeof(IntPtr) || type == typeof(UIntPtr) || typeof(MemberInfo).IsAssignableFrom(type) ||
        type.Namespace?.StartsWith("System.Reflection", StringComparison.Ordinal) == true;
}
