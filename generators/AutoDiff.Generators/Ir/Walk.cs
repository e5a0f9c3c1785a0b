using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Ir;

/// <summary>Traversals of the IR shared by lowering and the analyses.</summary>
internal static class Walk
{
    /// <summary>The node and all its sub-expressions, parents first.</summary>
    public static IEnumerable<Expr> Expressions(Expr expr)
    {
        yield return expr;
        foreach (Expr child in Children(expr))
            foreach (Expr e in Expressions(child))
                yield return e;
    }

    public static IEnumerable<Expr> Children(Expr expr) => expr switch
    {
        Element e => new[] { e.Index },
        ArrayRef { Start: { } start, Count: { } count } => new[] { start, count },
        Unary u => new[] { u.Operand },
        Binary b => new[] { b.Left, b.Right },
        Conditional c => new[] { c.Condition, c.WhenTrue, c.WhenFalse },
        Conversion c => new[] { c.Operand },
        MathCall m => m.Arguments,
        Call c => c.Arguments,
        PassiveCall p => p.Arguments,
        StopGradient s => new[] { s.Operand },
        StaticElement e => new[] { e.Index },
        _ => Enumerable.Empty<Expr>(),
    };

    /// <summary>The expression rebuilt with some nodes replaced: <paramref name="replace"/> gives a node's replacement, or null to keep it and look inside.</summary>
    public static Expr Map(Expr expr, System.Func<Expr, Expr?> replace) => replace(expr) ?? expr switch
    {
        Element e => e with { Index = Map(e.Index, replace) },
        ArrayRef { Start: { } start, Count: { } count } a => a with { Start = Map(start, replace), Count = Map(count, replace) },
        Unary u => u with { Operand = Map(u.Operand, replace) },
        Binary b => b with { Left = Map(b.Left, replace), Right = Map(b.Right, replace) },
        Conditional c => c with { Condition = Map(c.Condition, replace), WhenTrue = Map(c.WhenTrue, replace), WhenFalse = Map(c.WhenFalse, replace) },
        Conversion c => c with { Operand = Map(c.Operand, replace) },
        MathCall m => m with { Arguments = m.Arguments.Select(a => Map(a, replace)).ToEquatableArray() },
        Call c => c with { Arguments = c.Arguments.Select(a => Map(a, replace)).ToEquatableArray() },
        PassiveCall p => p with { Arguments = p.Arguments.Select(a => Map(a, replace)).ToEquatableArray() },
        StopGradient s => s with { Operand = Map(s.Operand, replace) },
        StaticElement e => e with { Index = Map(e.Index, replace) },
        _ => expr,
    };

    /// <summary>Every variable the expression reads (arrays included, for element reads and .Length).</summary>
    public static IEnumerable<int> Variables(Expr expr) => Expressions(expr).SelectMany(e => Reads(e, lengths: true));

    /// <summary>
    /// The variables whose values the expression reads: <see cref="Variables"/> without arrays seen only
    /// through .Length, which no write changes (a local array is allocated once, at its declaration).
    /// </summary>
    public static IEnumerable<int> ValueVariables(Expr expr) => Expressions(expr).SelectMany(e => Reads(e, lengths: false));

    private static IEnumerable<int> Reads(Expr e, bool lengths) => e switch
    {
        VarRef v => new[] { v.Variable },
        ArrayRef a => new[] { a.Variable },
        Element el => new[] { el.Array },
        Length l when lengths => new[] { l.Array },
        _ => Enumerable.Empty<int>(),
    };

    /// <summary>Every statement, parents first.</summary>
    public static IEnumerable<Stmt> Statements(IEnumerable<Stmt> block)
    {
        foreach (Stmt s in block)
        {
            yield return s;
            foreach (Stmt inner in Statements(Blocks(s).SelectMany(b => b)))
                yield return inner;
        }
    }

    public static IEnumerable<EquatableArray<Stmt>> Blocks(Stmt s) => s switch
    {
        If i => new[] { i.Then, i.Else },
        While w => new[] { w.Body },
        For f => new[] { f.Body },
        _ => Enumerable.Empty<EquatableArray<Stmt>>(),
    };

    /// <summary>The statement with each of its nested blocks (<see cref="Blocks"/>) rewritten; others unchanged.</summary>
    public static Stmt WithBlocks(Stmt s, System.Func<EquatableArray<Stmt>, IEnumerable<Stmt>> rewrite) => s switch
    {
        If i => i with { Then = rewrite(i.Then).ToEquatableArray(), Else = rewrite(i.Else).ToEquatableArray() },
        While w => w with { Body = rewrite(w.Body).ToEquatableArray() },
        For f => f with { Body = rewrite(f.Body).ToEquatableArray() },
        _ => s,
    };

    /// <summary>The arrays the body passes whole where a <c>T[]</c> is required: to a passive call, or to a callee's array parameter.</summary>
    public static HashSet<int> NeededAsArrays(IEnumerable<Stmt> body, IReadOnlyList<Callee> callees)
    {
        var needed = new HashSet<int>();
        foreach (Expr e in Statements(body).SelectMany(OwnExpressions).SelectMany(Expressions))
        {
            if (e is PassiveCall passive)
                needed.UnionWith(passive.Arguments.OfType<ArrayRef>().Select(a => a.Variable));
            else if (e is Call call)
                for (int k = 0; k < call.Arguments.Count; k++)
                    if (call.Arguments[k] is ArrayRef a && callees[call.Callee].Parameters[k].Shape == ArrayShape.Array)
                        needed.Add(a.Variable);
        }
        return needed;
    }

    /// <summary>The variable a statement writes (the array for an element write), or -1.</summary>
    public static int Written(Stmt s) => s switch
    {
        Assign { Target: VarRef v } => v.Variable,
        Assign { Target: Element e } => e.Array,
        ClearArray c => c.Array,
        AllocateArray a => a.Array,
        _ => -1,
    };

    /// <summary>Whether the statement's own expressions read, or it writes, the variable (not nested statements).</summary>
    public static bool MentionsOwn(Stmt statement, int variable) =>
        Written(statement) == variable || OwnExpressions(statement).SelectMany(Variables).Contains(variable);

    /// <summary>Whether the statement, or any statement nested in it, reads or writes the variable.</summary>
    public static bool Mentions(Stmt statement, int variable) =>
        Statements(new[] { statement }).Any(s => MentionsOwn(s, variable));

    /// <summary>Whether every mention of the array in the expressions is the element at the counter, <c>a[j]</c> (its .Length aside).</summary>
    public static bool OnlyElementAt(IEnumerable<Expr> expressions, int array, int counter) =>
        expressions.SelectMany(Expressions).All(e => e switch
        {
            Element element when element.Array == array => element.Index is VarRef index && index.Variable == counter,
            ArrayRef a => a.Variable != array,
            _ => true,
        });

    public static IEnumerable<int> WrittenVariables(IEnumerable<Stmt> block) =>
        Statements(block).Select(Written).Where(v => v >= 0);

    /// <summary>The expressions a statement evaluates itself (not those of nested statements).</summary>
    public static IEnumerable<Expr> OwnExpressions(Stmt s) => s switch
    {
        Assign a => a.Target is Element e ? new[] { e.Index, a.Value } : new[] { a.Value },
        If i => new[] { i.Condition },
        While w => new[] { w.Condition },
        For f => new[] { f.Start, f.End },
        AllocateArray a => new[] { a.Size },
        Return r => new[] { r.Value },
        _ => Enumerable.Empty<Expr>(),
    };

    public static IEnumerable<int> ReadVariables(IEnumerable<Stmt> block) =>
        Statements(block).SelectMany(OwnExpressions).SelectMany(Variables);

    /// <summary>The int locals assigned exactly once, by a statement at the top level of the body, with the value assigned.</summary>
    public static Dictionary<int, Expr> SingleDefinitions(IEnumerable<Stmt> body, IReadOnlyList<Variable> variables)
    {
        var once = new HashSet<int>(WrittenVariables(body).GroupBy(v => v).Where(g => g.Count() == 1).Select(g => g.Key)
            .Where(v => variables[v] is { Type: ScalarType.Int, IsArray: false, Kind: VariableKind.Local or VariableKind.Synthetic }));
        return body.OfType<Assign>()
            .Where(a => a.Target is VarRef v && once.Contains(v.Variable) && !Variables(a.Value).Contains(v.Variable))
            .ToDictionary(a => ((VarRef)a.Target).Variable, a => a.Value);
    }

    /// <summary>The block without the assignments to the given variables (dead flags).</summary>
    public static List<Stmt> RemoveAssignments(IEnumerable<Stmt> block, HashSet<int> variables)
    {
        var result = new List<Stmt>();
        foreach (Stmt s in block)
        {
            switch (s)
            {
                case Assign { Target: VarRef v } when variables.Contains(v.Variable):
                    break;
                case If i:
                    result.Add(i with { Then = RemoveAssignments(i.Then, variables).ToEquatableArray(), Else = RemoveAssignments(i.Else, variables).ToEquatableArray() });
                    break;
                case While w:
                    result.Add(w with { Body = RemoveAssignments(w.Body, variables).ToEquatableArray() });
                    break;
                case For f:
                    result.Add(f with { Body = RemoveAssignments(f.Body, variables).ToEquatableArray() });
                    break;
                default:
                    result.Add(s);
                    break;
            }
        }
        return result;
    }
}
