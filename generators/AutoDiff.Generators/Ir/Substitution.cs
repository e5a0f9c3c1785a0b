using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Ir;

/// <summary>
/// Rewrites a callee's statements into its caller: each callee variable becomes the caller expression
/// the map gives. A scalar maps to any expression; an array maps to an <see cref="ArrayRef"/>, a whole
/// array or a slice of one, so an element of a span parameter becomes an element of the argument's array.
/// </summary>
internal static class Substitution
{
    public static Expr Expr(Expr expr, IReadOnlyDictionary<int, Expr> map) => expr switch
    {
        VarRef v => map[v.Variable],
        Element e => new Element(Array(e.Array, map).Variable, Offset(Array(e.Array, map).Start, Expr(e.Index, map)), e.Type),
        Length l => Array(l.Array, map).Count ?? new Length(Array(l.Array, map).Variable),
        ArrayRef { Start: null } r => Array(r.Variable, map),
        ArrayRef r => new ArrayRef(Array(r.Variable, map).Variable, r.Type, Offset(Array(r.Variable, map).Start, Expr(r.Start!, map)), Expr(r.Count!, map)),
        Unary u => u with { Operand = Expr(u.Operand, map) },
        Binary b => b with { Left = Expr(b.Left, map), Right = Expr(b.Right, map) },
        Conditional c => c with { Condition = Expr(c.Condition, map), WhenTrue = Expr(c.WhenTrue, map), WhenFalse = Expr(c.WhenFalse, map) },
        Conversion c => c with { Operand = Expr(c.Operand, map) },
        MathCall m => m with { Arguments = m.Arguments.Select(a => Expr(a, map)).ToEquatableArray() },
        Call c => c with { Arguments = c.Arguments.Select(a => Expr(a, map)).ToEquatableArray() },
        PassiveCall p => p with { Arguments = p.Arguments.Select(a => Expr(a, map)).ToEquatableArray() },
        StopGradient s => s with { Operand = Expr(s.Operand, map) },
        StaticElement e => e with { Index = Expr(e.Index, map) },
        _ => expr, // literals and static fields
    };

    /// <summary>The statement in the caller's variables; <paramref name="prefix"/> goes before each quoted source.</summary>
    public static Stmt Statement(Stmt statement, IReadOnlyDictionary<int, Expr> map, string prefix) => statement switch
    {
        Assign a => new Assign(Expr(a.Target, map), Expr(a.Value, map), prefix + a.Source),
        AllocateArray a => new AllocateArray(Array(a.Array, map).Variable, Expr(a.Size, map), prefix + a.Source),
        ClearArray c => new ClearArray(Array(c.Array, map).Variable, prefix + c.Source),
        If i => new If(Expr(i.Condition, map), Block(i.Then, map, prefix), Block(i.Else, map, prefix), prefix + i.Source),
        While w => new While(Expr(w.Condition, map), Block(w.Body, map, prefix), prefix + w.Source),
        For f => new For(((VarRef)map[f.Counter]).Variable, Expr(f.Start, map), Expr(f.End, map), f.Inclusive, f.Step,
            Block(f.Body, map, prefix), prefix + f.Source),
        Return r => new Return(Expr(r.Value, map), prefix + r.Source),
        _ => statement,
    };

    /// <summary>
    /// An int expression (a size, a bound) with some leaves replaced: <paramref name="replace"/> gives the
    /// replacement of a node, or null to keep it and look inside arithmetic (<see cref="Walk.Map"/> kept out of
    /// element indices and call arguments).
    /// </summary>
    public static Expr Leaves(Expr expr, System.Func<Expr, Expr?> replace) =>
        Walk.Map(expr, e => replace(e) ?? (e is Binary or Unary or Conversion or Conditional ? null : e));

    /// <summary>
    /// Which parts of a slice passed for <paramref name="parameter"/> an inlined helper would compute again at
    /// every use, and so get an int local at the call: the start where the helper indexes the parameter by
    /// anything but a loop counter (a counter's elements become a row view, which takes the start once; an index
    /// of the helper's own, <c>ltri[l]; l++</c>, later counts in the caller's array from that local, see
    /// Reverse.IndexRebasing), the count where it reads <c>.Length</c>. Fewer locals leave the JIT more registers.
    /// A start that reads an array element always gets one: the helper may write that element before the start
    /// is read again.
    /// </summary>
    public static (bool Start, bool Count) SliceLocals(Function helper, int parameter, ArrayRef slice)
    {
        if (!slice.IsSlice) return (false, false);
        var expressions = Walk.Statements(helper.Body).SelectMany(Walk.OwnExpressions).SelectMany(Walk.Expressions)
            .Concat(Walk.Statements(helper.Body).OfType<Assign>().Select(a => a.Target)).ToList();
        bool start = Walk.Expressions(slice.Start!).Any(e => e is Element) || expressions.Any(e => e is Element el && el.Array == parameter
            && !(el.Index is VarRef v && helper.Variables[v.Variable].Kind == VariableKind.LoopCounter));
        bool count = expressions.Any(e => e is Length l && l.Array == parameter);
        return (start, count);
    }

    private static EquatableArray<Stmt> Block(EquatableArray<Stmt> block, IReadOnlyDictionary<int, Expr> map, string prefix) =>
        block.Select(s => Statement(s, map, prefix)).ToEquatableArray();

    private static ArrayRef Array(int variable, IReadOnlyDictionary<int, Expr> map) => (ArrayRef)map[variable];

    public static Expr Offset(Expr? start, Expr index) =>
        start is null ? index
        : index is Literal { Value: 0 } ? start
        // start + (k * b + i) as (start + k * b) + i: the element's last term stays last, where row views look for
        // a loop counter (Reverse.AdjointBuilder.RowViews); integer addition is associative, wrapping included.
        : index is Binary { Op: BinaryOp.Add, Type: ScalarType.Int } sum ? new Binary(BinaryOp.Add, Offset(start, sum.Left), sum.Right, ScalarType.Int)
        : new Binary(BinaryOp.Add, start, index, ScalarType.Int);
}
