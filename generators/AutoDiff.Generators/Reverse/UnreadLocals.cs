using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Drops the assignments of int locals that lowering introduced and nothing reads: a span view's start and
/// length (<c>ltri_start</c>, <c>ltri_length</c>) once every element goes through a rebased index
/// (<see cref="IndexRebasing"/>) or the view's length is never asked for. The JIT would drop them too, but
/// in the generated code each is another line, and another local copied into and out of a register around
/// every loop that assigns it. Only values that cannot throw go: arithmetic without division.
/// </summary>
internal static class UnreadLocals
{
    public static Function Remove(Function function)
    {
        var read = new HashSet<int>(Walk.ReadVariables(function.Body));
        bool Unread(Stmt s) => s is Assign { Target: VarRef t } a && function.Variables[t.Variable].Kind == VariableKind.Synthetic
            && !read.Contains(t.Variable) && Walk.Expressions(a.Value).All(e => e is Literal or VarRef or Unary or Conversion or Length
                || e is Binary { Op: not (BinaryOp.Divide or BinaryOp.Remainder) });
        if (!Walk.Statements(function.Body).Any(Unread)) return function;
        IEnumerable<Stmt> Keep(IEnumerable<Stmt> block) => block.Where(s => !Unread(s)).Select(s => Walk.WithBlocks(s, b => Keep(b)));
        return function with { Body = Keep(function.Body).ToEquatableArray() };
    }
}
