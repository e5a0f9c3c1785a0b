using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// To-be-recorded analysis (Tapenade's TBR): a write must save the value it overwrites only if the
/// reverse sweep of an earlier statement reads that value. A forward data flow tracks the set of
/// variables whose current value some reverse block has read; a write to one of them saves it.
/// It also decides which branch conditions the reverse sweep can simply evaluate again (those whose
/// variables neither branch writes). With optimizations off, every write saves and every branch is recorded.
/// </summary>
internal sealed class SaveAnalysis
{
    private readonly HashSet<Stmt> _saves = new(ReferenceComparer<Stmt>.Instance);
    private readonly HashSet<Stmt> _reevaluated = new(ReferenceComparer<Stmt>.Instance);
    private readonly HashSet<Stmt> _silent = new(ReferenceComparer<Stmt>.Instance);
    private readonly HashSet<Stmt> _undone = new(ReferenceComparer<Stmt>.Instance);
    private readonly HashSet<Stmt> _ownElementWrites = new(ReferenceComparer<Stmt>.Instance);
    private readonly Activity _activity;
    private readonly LoopFusion _fusion;
    private readonly bool _optimize;

    private SaveAnalysis(Activity activity, LoopFusion fusion, bool optimize)
    {
        _activity = activity;
        _fusion = fusion;
        _optimize = optimize;
    }

    /// <summary>Whether this assignment or array clear must save what it overwrites.</summary>
    public bool MustSave(Stmt write) => !_optimize || _saves.Contains(write);

    /// <summary>Whether the reverse sweep restores this int step (i += c) by the opposite step instead of a save.</summary>
    public bool IsUndone(Stmt write) => _optimize && _undone.Contains(write);

    /// <summary>i = i + c or i = i - c with a constant c: exactly invertible, even on overflow.</summary>
    public static bool IsIntegerStep(Assign assign) =>
        assign is { Target: VarRef { Type: ScalarType.Int } target, Value: Binary { Op: BinaryOp.Add or BinaryOp.Subtract, Right: Literal } step }
        && step.Left.Equals(target);

    /// <summary>Whether the reverse sweep may evaluate this if's condition again instead of recording it.</summary>
    public bool CanReevaluate(If branch) => _optimize && _reevaluated.Contains(branch);

    public static SaveAnalysis Analyze(Function function, Activity activity, LoopFusion fusion, bool optimize)
    {
        var analysis = new SaveAnalysis(activity, fusion, optimize);
        if (!optimize) return analysis;
        // First pass: every if's condition counts as read. Second pass: not for ifs whose branches
        // have no reverse code even with the first pass's (larger) set of saves.
        analysis.Flow(function.Body, new HashSet<int>(), function);
        foreach (If branch in Walk.Statements(function.Body).OfType<If>())
            if (!analysis.HasReverseWork(branch.Then) && !analysis.HasReverseWork(branch.Else))
                analysis._silent.Add(branch);
        analysis._saves.Clear();
        analysis._reevaluated.Clear();
        analysis._undone.Clear();
        analysis.Flow(function.Body, new HashSet<int>(), function);
        return analysis;
    }

    /// <summary>Carries "read by the reverse sweep since last written" through a block; returns it at the end.</summary>
    private HashSet<int> Flow(IEnumerable<Stmt> block, HashSet<int> read, Function function)
    {
        foreach (Stmt statement in block)
        {
            switch (statement)
            {
                case Assign assign:
                {
                    read.UnionWith(ReverseReads(assign));
                    int target = Walk.Written(assign);
                    if (read.Contains(target) && IsIntegerStep(assign))
                        _undone.Add(assign); // undone by the opposite step, which reads the new value: keep it read
                    else
                    {
                        if (read.Contains(target)) _saves.Add(assign);
                        if (!function.Variables[target].IsArray) read.Remove(target);
                    }
                    if (ReadsOwnResult(assign, _activity) && !_ownElementWrites.Contains(assign)) read.Add(target); // its reverse reads the value it wrote
                    break;
                }
                case AllocateArray allocate:
                    read.Remove(allocate.Array);
                    break;
                case ClearArray clear:
                    // Like a scalar assignment: the clear saves what it overwrites if that is read, and writes after
                    // it overwrite zeros that no reverse block reads (one that did would mark the array read again).
                    if (read.Contains(clear.Array)) _saves.Add(clear);
                    read.Remove(clear.Array);
                    break;
                case Return ret:
                    if (_activity.IsActive(ret.Value)) read.UnionWith(NeededValues(ret.Value));
                    break;
                case If branch:
                {
                    var conditionVariables = Walk.ValueVariables(branch.Condition).ToList();
                    var writtenInBranches = new HashSet<int>(Walk.WrittenVariables(branch.Then.Concat(branch.Else)));
                    bool reevaluate = !conditionVariables.Any(writtenInBranches.Contains) && !_silent.Contains(branch)
                        && !Walk.Expressions(branch.Condition).Any(e => e is Call or PassiveCall); // a call might answer differently
                    if (reevaluate)
                    {
                        _reevaluated.Add(branch);
                        read.UnionWith(conditionVariables);
                    }
                    HashSet<int> afterThen = Flow(branch.Then, new HashSet<int>(read), function);
                    HashSet<int> afterElse = Flow(branch.Else, new HashSet<int>(read), function);
                    read = afterThen;
                    read.UnionWith(afterElse);
                    if (reevaluate) read.UnionWith(conditionVariables);
                    break;
                }
                case While loop:
                    read = FlowLoop(loop.Body, read, function);
                    break;
                case For loop:
                {
                    var bounds = Walk.ValueVariables(loop.Start).Concat(Walk.ValueVariables(loop.End)).ToList();
                    read.UnionWith(bounds);
                    if (_fusion.IsFused(loop))
                    {
                        // Each iteration is reversed right after it runs: only reads within it count.
                        Flow(loop.Body, new HashSet<int>(), function);
                        break;
                    }
                    List<Assign> ownElements = OwnElementResults(loop);
                    _ownElementWrites.UnionWith(ownElements);
                    read = FlowLoop(loop.Body, read, function);
                    // After a loop that writes every element, no element's value has been read yet.
                    foreach (int array in FullyOverwritten(loop, function)) read.Remove(array);
                    read.UnionWith(ownElements.Select(Walk.Written));
                    read.UnionWith(bounds);
                    break;
                }
            }
        }
        return read;
    }

    /// <summary>
    /// y = exp(u), tanh(u), sqrt(u), cbrt(u), pow(u, w): the derivative is written with the result,
    /// which the reverse sweep reads from y itself (before restoring y) instead of computing it again.
    /// An element target qualifies when the value does not read its array (h[j] = tanh(a), not h[j] = tanh(h[j])).
    /// </summary>
    public static bool ReadsOwnResult(Assign assign, Activity activity) =>
        (assign.Target is VarRef || assign.Target is Element e && !Walk.Variables(assign.Value).Contains(e.Array))
        && (assign.Value is MathCall m && MathRules.TryGet(m.Name, m.Arguments.Count, out MathRule rule) && rule.UsesValue
            || assign.Value is Binary { Op: BinaryOp.Divide } quotient && activity.IsActive(quotient.Right))
        && activity.IsActive(assign.Target) && activity.IsActive(assign.Value);

    /// <summary>
    /// h[i] = tanh(u) directly in a loop over i that writes h nowhere else: every iteration writes its own
    /// element, so the loop itself never overwrites a result its reverse blocks read back. Such a read
    /// counts only once the loop is done (array granularity would make every later iteration save).
    /// Several such writes of one array qualify when they write disjoint blocks: lstm.h's gates,
    /// <c>for (i = 0; i &lt; n; i++) { g[i] = σ(..); g[n + i] = σ(..); g[2 * n + i] = σ(..); }</c>, where
    /// statement k writes [k n, k n + n) (<see cref="BlockOf"/>).
    /// </summary>
    private List<Assign> OwnElementResults(For loop)
    {
        var result = new List<Assign>();
        foreach (IGrouping<int, Assign> writes in loop.Body.OfType<Assign>().Where(a => a.Target is Element).GroupBy(Walk.Written))
        {
            if (Walk.Statements(loop.Body).Count(s => Walk.Written(s) == writes.Key) != writes.Count()) continue; // written elsewhere in the loop too
            var blocks = writes.Select(a => writes.Count() == 1 && ((Element)a.Target).Index is VarRef i && i.Variable == loop.Counter ? 0 : BlockOf(((Element)a.Target).Index, loop)).ToList();
            if (blocks.Any(b => b is null) || blocks.Distinct().Count() != blocks.Count) continue;
            result.AddRange(writes.Where(a => ReadsOwnResult(a, _activity)));
        }
        return result;
    }

    /// <summary>
    /// k for an index <c>k * n + i</c> (or <c>n + i</c>, <c>i</c>, either order) in <c>for (i = 0; i &lt; n; i++)</c>: the
    /// loop writes elements [k n, k n + n) there. Null for any other index or loop.
    /// </summary>
    private static int? BlockOf(Expr index, For loop)
    {
        if (loop is not { Start: Literal { Value: 0 }, Step: 1, Inclusive: false, End: VarRef n }) return null;
        bool IsCounter(Expr e) => e is VarRef v && v.Variable == loop.Counter;
        int? Multiple(Expr e) => e switch
        {
            VarRef v when v.Variable == n.Variable => 1,
            Binary { Op: BinaryOp.Multiply, Left: Literal k, Right: VarRef v } when v.Variable == n.Variable && k.Value >= 0 => (int)k.Value,
            Binary { Op: BinaryOp.Multiply, Left: VarRef v, Right: Literal k } when v.Variable == n.Variable && k.Value >= 0 => (int)k.Value,
            _ => null,
        };
        return index switch
        {
            _ when IsCounter(index) => 0,
            Binary { Op: BinaryOp.Add } sum when IsCounter(sum.Right) => Multiple(sum.Left),
            Binary { Op: BinaryOp.Add } sum when IsCounter(sum.Left) => Multiple(sum.Right),
            _ => null,
        };
    }

    /// <summary>Whether the reverse sweep of a block does anything: adjoint updates or restores.</summary>
    private bool HasReverseWork(IEnumerable<Stmt> block) =>
        Walk.Statements(block).Any(s => s switch
        {
            Assign a => _saves.Contains(a) || _undone.Contains(a) || _activity.IsActive(Walk.Written(a)),
            ClearArray c => _saves.Contains(c) || _activity.IsActive(c.Array),
            _ => false,
        });

    /// <summary>
    /// Local arrays that a counted loop overwrites completely: <c>for (int j = 0; j &lt; n; j++) { a[j] = ...; }</c>
    /// where n is the array's length (or the size it was allocated with, from variables written only
    /// once), the write is unconditional, and no reverse block in the loop reads the array.
    /// </summary>
    private IEnumerable<int> FullyOverwritten(For loop, Function function)
    {
        if (loop is not { Start: Literal { Value: 0 }, Step: 1, Inclusive: false }) yield break;
        foreach (Stmt statement in loop.Body)
        {
            if (statement is not Assign { Target: Element { Index: VarRef index } element } || index.Variable != loop.Counter) continue;
            int array = element.Array;
            bool coversAll = CoversAll(loop, array, function);
            bool readInReverse = Walk.Statements(loop.Body).OfType<Assign>().Any(a => ReverseReads(a).Contains(array)
                    || ReadsOwnResult(a, _activity) && Walk.Written(a) == array)
                || Walk.Statements(loop.Body).Any(s => s is If or While or Return);
            if (coversAll && !readInReverse) yield return array;
        }
    }

    /// <summary>
    /// Whether a loop <c>for (int j = 0; j &lt; n; j++)</c> visits every element of the array: n is its
    /// length, or the size it was allocated with, from variables written only once.
    /// </summary>
    internal static bool CoversAll(For loop, int array, Function function) =>
        loop is { Start: Literal { Value: 0 }, Step: 1, Inclusive: false }
        && (loop.End is Length length && length.Array == array
            || SizeOf(array, function) is { } size && size.Equals(loop.End) && Walk.Variables(size).All(v => WrittenOnceOutsideLoops(v, function)));

    internal static Expr? SizeOf(int array, Function function) =>
        function.LocalArrays.FirstOrDefault(a => a.Variable == array)?.Size
        ?? Walk.Statements(function.Body).OfType<AllocateArray>().FirstOrDefault(a => a.Array == array)?.Size;

    internal static bool WrittenOnceOutsideLoops(int variable, Function function)
    {
        if (function.Variables[variable].Kind == VariableKind.Parameter)
            return !Walk.WrittenVariables(function.Body).Contains(variable);
        var writes = new List<Stmt>();
        CollectWrites(function.Body, variable, inLoop: false, writes, out bool inLoopWrite);
        return writes.Count <= 1 && !inLoopWrite;
    }

    private static void CollectWrites(IEnumerable<Stmt> block, int variable, bool inLoop, List<Stmt> writes, out bool inLoopWrite)
    {
        inLoopWrite = false;
        foreach (Stmt s in block)
        {
            if (Walk.Written(s) == variable)
            {
                writes.Add(s);
                inLoopWrite |= inLoop;
            }
            foreach (EquatableArray<Stmt> inner in Walk.Blocks(s))
            {
                CollectWrites(inner, variable, inLoop || s is While or For, writes, out bool nested);
                inLoopWrite |= nested;
            }
        }
    }

    /// <summary>Iterates a loop body until the set at the loop head stops growing.</summary>
    private HashSet<int> FlowLoop(EquatableArray<Stmt> body, HashSet<int> read, Function function)
    {
        var head = new HashSet<int>(read);
        while (true)
        {
            HashSet<int> end = Flow(body, new HashSet<int>(head), function);
            end.UnionWith(read);
            if (end.SetEquals(head)) return head;
            head = end;
        }
    }

    /// <summary>The variables whose values the reverse block of an assignment reads.</summary>
    private IEnumerable<int> ReverseReads(Assign assign)
    {
        var reads = new List<int>();
        if (assign.Target is Element element) reads.AddRange(Walk.ValueVariables(element.Index));
        if (!_activity.IsActive(Walk.Written(assign)) || !_activity.IsActive(assign.Value)) return reads;
        if (ReadsOwnResult(assign, _activity) && assign.Value is MathCall call)
            reads.AddRange(ArgumentsRead(call, valueKnown: true)); // the value comes from the target
        else if (ReadsOwnResult(assign, _activity) && assign.Value is Binary quotient)
        {
            // The quotient comes from the target: 1 / v needs nothing else, u / v needs v.
            if (quotient.Left is not Literal { Value: 1 }) reads.AddRange(Walk.ValueVariables(quotient.Right));
            reads.AddRange(NeededValues(quotient.Left).Concat(NeededValues(quotient.Right)));
        }
        else reads.AddRange(NeededValues(assign.Value));
        return reads;
    }

    /// <summary>
    /// What the reverse of a math call reads: the arguments its rule's formulas use, all of them when
    /// the value must be computed again, and what the arguments' own adjoints need.
    /// </summary>
    private IEnumerable<int> ArgumentsRead(MathCall call, bool valueKnown)
    {
        bool known = MathRules.TryGet(call.Name, call.Arguments.Count, out MathRule rule);
        if (known && rule.Kind == MathRuleKind.Zero) return Enumerable.Empty<int>();
        return call.Arguments
            .Where((argument, k) => !known || rule.UsesArgument(k) || rule.UsesValue && !valueKnown)
            .SelectMany(Walk.ValueVariables)
            .Concat(call.Arguments.SelectMany(NeededValues));
    }

    /// <summary>
    /// The variables whose values propagating an adjoint through <paramref name="expr"/> reads: the
    /// other factor of a product, the argument of a function, indices of active elements, conditions.
    /// Sums and differences read nothing.
    /// </summary>
    public IEnumerable<int> NeededValues(Expr expr)
    {
        if (!_activity.IsActive(expr)) return Enumerable.Empty<int>();
        IEnumerable<int> Active(params Expr[] children) => children.SelectMany(NeededValues);
        return expr switch
        {
            Element e => Walk.ValueVariables(e.Index),
            Binary { Op: BinaryOp.Multiply } b =>
                (_activity.IsActive(b.Left) ? Walk.ValueVariables(b.Right) : Enumerable.Empty<int>())
                .Concat(_activity.IsActive(b.Right) ? Walk.ValueVariables(b.Left) : Enumerable.Empty<int>())
                .Concat(Active(b.Left, b.Right)),
            Binary { Op: BinaryOp.Divide } b =>
                Walk.ValueVariables(b.Right)
                .Concat(_activity.IsActive(b.Right) ? Walk.ValueVariables(b.Left) : Enumerable.Empty<int>())
                .Concat(Active(b.Left, b.Right)),
            Conditional c => Walk.ValueVariables(c.Condition).Concat(Active(c.WhenTrue, c.WhenFalse)),
            MathCall m => ArgumentsRead(m, valueKnown: false),
            Call => Walk.Children(expr).SelectMany(Walk.ValueVariables).Concat(Active(Walk.Children(expr).ToArray())),
            _ => Active(Walk.Children(expr).ToArray()),
        };
    }
}
