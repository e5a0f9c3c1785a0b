using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Ir;

/// <summary>
/// Rewrites a callee's statements into its caller: each callee variable becomes the caller expression
/// the map gives. A scalar maps to any expression; an array maps to an <see cref="ArrayRef"/>, a whole
/// array or a slice of one, so an element of a span parameter becomes an element of the argument's array.
/// <para>
/// <c>indices</c> (from <see cref="SliceIndices"/>) names callee variables that only index one slice
/// parameter: their caller locals hold the index into the caller's array, the slice's start added where
/// the variable is set instead of at every element.
/// </para>
/// </summary>
internal static class Substitution
{
    public static Expr Expr(Expr expr, IReadOnlyDictionary<int, Expr> map, IReadOnlyDictionary<int, int>? indices = null) => expr switch
    {
        VarRef v => map[v.Variable],
        Element { Index: VarRef i } e when indices is not null && indices.ContainsKey(i.Variable) =>
            new Element(Array(e.Array, map).Variable, map[i.Variable], e.Type),
        Element e => new Element(Array(e.Array, map).Variable, Offset(Array(e.Array, map).Start, Expr(e.Index, map, indices)), e.Type),
        Length l => Array(l.Array, map).Count ?? new Length(Array(l.Array, map).Variable),
        ArrayRef { Start: null } r => Array(r.Variable, map),
        ArrayRef r => new ArrayRef(Array(r.Variable, map).Variable, r.Type, Offset(Array(r.Variable, map).Start, Expr(r.Start!, map, indices)), Expr(r.Count!, map, indices)),
        Unary u => u with { Operand = Expr(u.Operand, map, indices) },
        Binary b => b with { Left = Expr(b.Left, map, indices), Right = Expr(b.Right, map, indices) },
        Conditional c => c with { Condition = Expr(c.Condition, map, indices), WhenTrue = Expr(c.WhenTrue, map, indices), WhenFalse = Expr(c.WhenFalse, map, indices) },
        Conversion c => c with { Operand = Expr(c.Operand, map, indices) },
        MathCall m => m with { Arguments = m.Arguments.Select(a => Expr(a, map, indices)).ToEquatableArray() },
        Call c => c with { Arguments = c.Arguments.Select(a => Expr(a, map, indices)).ToEquatableArray() },
        PassiveCall p => p with { Arguments = p.Arguments.Select(a => Expr(a, map, indices)).ToEquatableArray() },
        StopGradient s => s with { Operand = Expr(s.Operand, map, indices) },
        _ => expr, // literals and static fields
    };

    /// <summary>The statement in the caller's variables; <paramref name="prefix"/> goes before each quoted source.</summary>
    public static Stmt Statement(Stmt statement, IReadOnlyDictionary<int, Expr> map, string prefix, IReadOnlyDictionary<int, int>? indices = null)
    {
        Expr E(Expr e) => Expr(e, map, indices);
        EquatableArray<Stmt> B(EquatableArray<Stmt> block) => block.Select(s => Statement(s, map, prefix, indices)).ToEquatableArray();
        return statement switch
        {
            // An index set afresh (not a step from its own value) starts at the slice's start.
            Assign { Target: VarRef v } a when indices is not null && indices.TryGetValue(v.Variable, out int slice)
                && Step(a.Value, v.Variable) is null =>
                new Assign(E(a.Target), Offset(Array(slice, map).Start, E(a.Value)), prefix + a.Source),
            Assign a => new Assign(E(a.Target), E(a.Value), prefix + a.Source),
            AllocateArray a => new AllocateArray(Array(a.Array, map).Variable, E(a.Size), prefix + a.Source),
            ClearArray c => new ClearArray(Array(c.Array, map).Variable, prefix + c.Source),
            If i => new If(E(i.Condition), B(i.Then), B(i.Else), prefix + i.Source),
            While w => new While(E(w.Condition), B(w.Body), prefix + w.Source),
            For f => new For(((VarRef)map[f.Counter]).Variable, E(f.Start), E(f.End), f.Inclusive, f.Step, B(f.Body), prefix + f.Source),
            Return r => new Return(E(r.Value), prefix + r.Source),
            _ => statement,
        };
    }

    /// <summary>
    /// An int expression (a size, a bound) with some leaves replaced: <paramref name="replace"/> gives the
    /// replacement of a node, or null to keep it and look inside arithmetic.
    /// </summary>
    public static Expr Leaves(Expr expr, System.Func<Expr, Expr?> replace) => replace(expr) ?? expr switch
    {
        Binary b => b with { Left = Leaves(b.Left, replace), Right = Leaves(b.Right, replace) },
        Unary u => u with { Operand = Leaves(u.Operand, replace) },
        Conversion c => c with { Operand = Leaves(c.Operand, replace) },
        Conditional c => c with { Condition = Leaves(c.Condition, replace), WhenTrue = Leaves(c.WhenTrue, replace), WhenFalse = Leaves(c.WhenFalse, replace) },
        _ => expr,
    };

    /// <summary>
    /// Which parts of a slice passed for <paramref name="parameter"/> an inlined helper would compute again at
    /// every use, and so get an int local at the call: the start where the helper indexes the parameter by
    /// anything but a loop counter or one of its <paramref name="indices"/> (a counter's elements become a row
    /// view, which takes the start once; an index takes it where it is set), the count where it reads
    /// <c>.Length</c>. Fewer locals leave the JIT more registers. A start that reads an array element always
    /// gets one: the helper may write that element before the start is read again.
    /// </summary>
    public static (bool Start, bool Count) SliceLocals(Function helper, int parameter, ArrayRef slice, IReadOnlyDictionary<int, int> indices)
    {
        if (!slice.IsSlice) return (false, false);
        var expressions = Walk.Statements(helper.Body).SelectMany(Walk.OwnExpressions).SelectMany(Walk.Expressions)
            .Concat(Walk.Statements(helper.Body).OfType<Assign>().Select(a => a.Target)).ToList();
        bool start = Walk.Expressions(slice.Start!).Any(e => e is Element) || expressions.Any(e => e is Element el && el.Array == parameter
            && !(el.Index is VarRef v && (helper.Variables[v.Variable].Kind == VariableKind.LoopCounter || indices.ContainsKey(v.Variable))));
        bool count = expressions.Any(e => e is Length l && l.Array == parameter);
        return (start, count);
    }

    /// <summary>
    /// The helper's int locals that serve only as the index of one array parameter, each with that parameter:
    /// every mention is <c>p[i]</c>, an assignment to i that does not read it, or a step <c>i = i ± c</c>
    /// (gmm.h's Qtimesx walks its slice Ltri with Lparamsidx).
    /// </summary>
    public static Dictionary<int, int> SliceIndices(Function helper)
    {
        var parameters = new HashSet<int>(helper.Parameters.Select(p => p.Variable));
        var indices = new Dictionary<int, int>();
        foreach (Variable v in helper.Variables)
        {
            if (v.IsArray || v.Type != ScalarType.Int || v.Kind != VariableKind.Local) continue;
            int? parameter = OnlyIndex<int>(helper.Body, v.Id,
                el => el.Index is VarRef i && i.Variable == v.Id && parameters.Contains(el.Array) ? el.Array : null);
            if (parameter is { } p) indices[v.Id] = p;
        }
        return indices;
    }

    /// <summary>
    /// The one key that <paramref name="key"/> gives every element whose index mentions the int variable
    /// <paramref name="index"/>, when each of its other mentions is an assignment to it that does not read it
    /// or a step <c>i = i ± c</c>; null when some mention is anything else, or none is an element's index.
    /// </summary>
    public static TKey? OnlyIndex<TKey>(IEnumerable<Stmt> body, int index, System.Func<Element, TKey?> key) where TKey : struct
    {
        TKey? found = null;
        bool only = true;
        void Visit(Expr e)
        {
            if (e is Element el && key(el) is { } k)
            {
                only &= found is null || EqualityComparer<TKey>.Default.Equals(found.Value, k);
                found = k;
            }
            else if (e is VarRef r && r.Variable == index) only = false;
            else foreach (Expr child in Walk.Children(e)) Visit(child);
        }
        foreach (Stmt statement in Walk.Statements(body))
        {
            if (statement is not Assign a)
            {
                foreach (Expr e in Walk.OwnExpressions(statement)) Visit(e);
                continue;
            }
            if (a.Target is VarRef t && t.Variable == index) Visit(Step(a.Value, index) ?? a.Value);
            else { Visit(a.Target); Visit(a.Value); }
        }
        return only ? found : null;
    }

    /// <summary>The c of a step <c>i + c</c>, <c>c + i</c> or <c>i - c</c> (c not reading i), or null.</summary>
    public static Expr? Step(Expr value, int index)
    {
        bool Is(Expr e) => e is VarRef r && r.Variable == index;
        return value switch
        {
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract } b when Is(b.Left) => b.Right,
            Binary { Op: BinaryOp.Add } b when Is(b.Right) => b.Left,
            _ => null,
        };
    }

    private static ArrayRef Array(int variable, IReadOnlyDictionary<int, Expr> map) => (ArrayRef)map[variable];

    public static Expr Offset(Expr? start, Expr index) =>
        start is null ? index
        : index is Literal { Value: 0 } ? start
        : new Binary(BinaryOp.Add, start, index, ScalarType.Int);
}
