using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Builds the adjoint of one function for one set of active parameters: a forward sweep that runs
/// the original code and saves what the reverse sweep needs, then a reverse sweep that visits the
/// statements backwards, restores saved values and propagates adjoints (Clad's ReverseModeVisitor,
/// Tapenade's store-on-overwrite). Each reverse block is preceded by the source statement it reverses.
/// </summary>
internal sealed partial class AdjointBuilder
{
    private const string TapeType = "global::AutoDiff.CompilerServices.GradientTape";

    private readonly Function _function;
    private readonly Differentiator _owner;
    private readonly Activity _activity;
    private readonly SaveAnalysis _saves;
    private readonly LoopFusion _fusion;
    private readonly KnownCalls _knownCalls;
    private readonly bool _optimize;
    private readonly HashSet<int> _wrt;
    private readonly HashSet<string> _names;
    private readonly Dictionary<int, string> _adjoints = new();
    private readonly HashSet<int> _adjointArguments = new();
    private readonly Dictionary<Expr, string> _values = new(ReferenceComparer<Expr>.Instance);
    private readonly HashSet<Stmt> _bulkSaved = new(ReferenceComparer<Stmt>.Instance);
    // Assignments whose overwritten value needs no save: recomputed temporaries, fills of per-iteration rows.
    private readonly HashSet<Stmt> _unsaved = new(ReferenceComparer<Stmt>.Instance);
    // The loops around the statement being built, each with the scalars that hold their forward value through
    // the loop's reversed iteration (its recomputed temporaries; a fused loop's temporaries): see Recomputed.
    private readonly List<(For Loop, HashSet<int> Fixed)> _iterations = new();
    private readonly List<string> _hoisted = new();
    private readonly ExprPrinter _printer;
    private readonly string _dResult;
    private readonly string _tape;
    private bool _usesTape;
    private int _temporaries;

    public AdjointBuilder(Function function, IReadOnlyCollection<int> activeParameterOrdinals, Differentiator owner, bool optimize)
    {
        _function = function;
        _owner = owner;
        _optimize = optimize;
        _wrt = new HashSet<int>(activeParameterOrdinals.Select(k => function.Parameters[k].Variable));
        _activity = Activity.Analyze(function, _wrt, optimize);
        _fusion = LoopFusion.Analyze(function, _activity, optimize);
        _saves = SaveAnalysis.Analyze(function, _activity, _fusion, optimize);
        _knownCalls = KnownCalls.Analyze(function, optimize);
        _names = new HashSet<string>(function.Variables.Select(v => v.Name).Concat(function.Parameters.Select(p => p.Name)));
        _printer = new ExprPrinter(id => function.Variables[id].Name, owner.PrimalName, id => function.Variables[id].Shape == ArrayShape.Array);
        _dResult = Fresh("dResult");
        _tape = Fresh("_tape");
    }

    private Variable Var(int id) => _function.Variables[id];

    /// <summary>The method: signature, hoisted locals, forward sweep, reverse sweep, result.</summary>
    public GeneratedMethod Build(string name, bool isRoot, IReadOnlyList<int> activeParameterOrdinals)
    {
        string returnType = _function.ReturnType.Keyword();
        var signature = new List<string>(_function.Parameters.Select(p => AdjointType(p) + " " + p.Name)) { returnType + " " + _dResult };
        var checks = new List<Code>();
        var flush = new List<Code>();
        foreach (int ordinal in activeParameterOrdinals)
        {
            Parameter parameter = _function.Parameters[ordinal];
            Variable variable = Var(parameter.Variable);
            string adjoint = Fresh("d" + Bare(parameter.Name));
            if (variable.IsArray)
            {
                signature.Add("global::System.Span<" + variable.Type.Keyword() + "> " + adjoint);
                _adjoints[variable.Id] = adjoint;
                _adjointArguments.Add(variable.Id);
                if (isRoot)
                    checks.Add(new Line($"if ({adjoint}.Length != {parameter.Name}.Length) {TapeType}.ThrowLengthMismatch(nameof({adjoint}), nameof({parameter.Name}), {adjoint}.Length, {parameter.Name}.Length);"));
            }
            else
            {
                signature.Add("ref " + variable.Type.Keyword() + " " + adjoint);
                if (_activity.IsActive(variable.Id)) flush.Add(new Line($"{adjoint} += {Adjoint(variable.Id)};"));
            }
        }

        string value = Fresh("_value");
        (List<Code> forward, List<Code> reverse) = Block(_function.Body, 0, value);
        reverse = ElideRestoreStores(reverse);

        var body = new List<Code>(checks);
        var declarations = Declarations(value);
        if (_usesTape) body.Add(new Line($"{TapeType} {_tape} = {TapeType}.Rent();"));
        body.AddRange(declarations);
        body.Add(new Line(""));
        body.Add(new Line("// Forward sweep: the original computation, saving what the reverse sweep needs."));
        body.AddRange(forward);
        body.Add(new Line(""));
        body.Add(new Line("// Reverse sweep: the statements in reverse order, each adding its adjoints."));
        body.AddRange(reverse);
        body.AddRange(flush);
        if (_usesTape) body.Add(new Line($"{_tape}.Return();"));
        body.Add(new Line($"return {value};"));

        return new GeneratedMethod(EquatableArray<string>.Empty,
            $"internal static {returnType} {name}({string.Join(", ", signature)})", body.ToEquatableArray(), null);
    }

    /// <summary>A parameter's type in the adjoint method: a span as its variable says (a <c>T[]</c> may be one, see Differentiator.ArrayParametersAsSpans).</summary>
    private string AdjointType(Parameter p) =>
        p.Variable >= 0 && Var(p.Variable) is { Shape: ArrayShape.ReadOnlySpan or ArrayShape.Span } v
            ? $"global::System.{v.Shape}<{v.Type.Keyword()}>"
            : p.TypeName;

    /// <summary>
    /// Hoisted locals: every variable of the body (a scalar no statement mentions any more, such as a dropped view
    /// bound, is left out), the adjoints, and the saves the sweeps share.
    /// </summary>
    private List<Code> Declarations(string value)
    {
        var lines = new List<Code> { new Line($"{_function.ReturnType.Keyword()} {value} = default;") };
        var mentioned = new HashSet<int>(Walk.ReadVariables(_function.Body).Concat(Walk.WrittenVariables(_function.Body)));
        foreach (Variable v in _function.Variables)
        {
            if (v.Kind is VariableKind.Parameter or VariableKind.LoopCounter) continue;
            if (v.Kind == VariableKind.LocalArray)
            {
                string type = v.Shape == ArrayShape.Array ? v.Type.Keyword() + "[]" : "global::System.Span<" + v.Type.Keyword() + ">";
                LocalArray? hoisted = _function.LocalArrays.FirstOrDefault(a => a.Variable == v.Id);
                lines.Add(new Line(hoisted is null
                    ? $"{Scoped(v)}{type} {v.Name} = {(v.Shape == ArrayShape.Array ? "null!" : "default")};"
                    : $"{type} {v.Name} = {Allocation(v, _printer.Print(hoisted.Size))};"));
            }
            else if (mentioned.Contains(v.Id)) lines.Add(new Line($"{v.Type.Keyword()} {v.Name} = default;"));
        }
        foreach (Variable v in _function.Variables.Where(v => v.IsReal && _activity.IsActive(v.Id)))
        {
            if (v.IsArray && !_adjointArguments.Contains(v.Id))
            {
                // A local array's adjoint has its size; one allocated where it is declared gets its adjoint there too.
                LocalArray? hoisted = _function.LocalArrays.FirstOrDefault(a => a.Variable == v.Id);
                string? size = v.Kind != VariableKind.LocalArray ? v.Name + ".Length" : hoisted is null ? null : _printer.Print(hoisted.Size);
                lines.Add(new Line(size is null
                    ? $"{Scoped(v)}global::System.Span<{v.Type.Keyword()}> {Adjoint(v.Id)} = default;"
                    : $"global::System.Span<{v.Type.Keyword()}> {Adjoint(v.Id)} = {Allocation(v, size)};"));
            }
            else if (!v.IsArray)
                lines.Add(new Line($"{v.Type.Keyword()} {Adjoint(v.Id)} = 0;"));
        }
        lines.AddRange(_hoisted.Select(h => new Line(h)));
        return lines;
    }

    // ---- Statements -------------------------------------------------------------------------

    /// <summary>Forward code in order, reverse code with the statements' blocks in reverse order.</summary>
    private (List<Code> Forward, List<Code> Reverse) Block(IEnumerable<Stmt> statements, int depth, string value)
    {
        var forward = new List<Code>();
        var chunks = new List<List<Code>>();
        List<Stmt> block = statements.ToList();
        FindReplays(block);
        foreach (Stmt statement in block)
        {
            (List<Code> f, List<Code> r) = Statement(statement, depth, value);
            forward.AddRange(f);
            chunks.Add(r);
        }
        if (_replaying == 0) chunks.Reverse();
        List<Code> reverse = chunks.SelectMany(c => c).ToList();
        MergeAccumulations(reverse);
        return (forward, reverse);
    }

    private (List<Code>, List<Code>) Statement(Stmt statement, int depth, string value) => statement switch
    {
        Assign a => Assignment(a, depth),
        ClearArray c => Clear(c, depth),
        AllocateArray a => Allocate(a),
        If i => Branch(i, depth, value),
        While w => Loop(w, depth, value),
        For f => Counted(f, depth, value),
        Return r => Result(r, value),
        _ => (new List<Code>(), new List<Code>()),
    };

    private (List<Code>, List<Code>) Assignment(Assign assign, int depth)
    {
        _values.Clear();
        string target = _printer.Print(assign.Target);
        var forward = new List<Code>();
        var reverse = new List<Code>();
        if (SaveAnalysis.ReadsOwnResult(assign, _activity))
            _values[assign.Value] = Bind(target, assign.Target.Type, reverse, force: true); // the result, before it is restored
        if (_replaying > 0 && SaveAnalysis.IsIntegerStep(assign))
            reverse.Add(new Line($"{target} = {_printer.Print(assign.Value)};")); // a replayed loop steps its index forward again
        else if (_saves.IsUndone(assign) && assign.Value is Binary { Right: var step } binary)
            // i += c is undone exactly by i -= c: nothing to save.
            reverse.Add(new Line($"{target} = {target} {(binary.Op == BinaryOp.Add ? "-" : "+")} {_printer.Print(step)};"));
        else if (_saves.MustSave(assign) && !_bulkSaved.Contains(assign) && !_unsaved.Contains(assign)) Save(target, assign.Target.Type, depth, forward, reverse);
        forward.Add(new Line($"{target} = {_printer.Print(assign.Value)};"));

        int written = Walk.Written(assign);
        if (_activity.IsActive(written))
        {
            int start = reverse.Count;
            _printer.Bound = SharedIndices(assign.Value, reverse, start);
            string adjoint = AdjointOf(assign.Target);
            if (!_activity.IsActive(assign.Value))
                reverse.Add(new Line($"{adjoint} = 0;"));
            else if (CompoundUpdate(assign) is { } update)
            {
                // x += e: x's own adjoint passes through unchanged; e receives it.
                string incoming = assign.Target is VarRef ? adjoint : Bind(adjoint, assign.Target.Type, reverse);
                Propagate(update.Operand, update.Subtract ? Negate(incoming) : incoming, reverse);
            }
            else
            {
                string incoming = Bind(adjoint, assign.Target.Type, reverse, force: true);
                int reset = reverse.Count;
                reverse.Add(new Line($"{adjoint} = 0;"));
                Propagate(assign.Value, incoming, reverse);
                FoldReset(reverse, reset, adjoint);
            }
            _printer.Bound = null;
        }
        return (forward, Commented(assign.Source, reverse));
    }

    /// <summary>
    /// Element indices that are not affine in loop counters (adbench.md's closed-form packed index
    /// <c>c * d - c * (c + 1) / 2 + r - c - 1</c>) and that the reverse block prints twice, in an element's
    /// adjoint update and in its value for another operand's partial: each is computed once into an int local,
    /// inserted at <paramref name="at"/>. The JIT stops eliminating common subexpressions in large methods, and
    /// computed twice per element such an index cost GMM written that way 20 % of its gradient's time. Affine
    /// indices are left to the row views (<c>AdjointBuilder.LoopViews</c>), which read them as written.
    /// </summary>
    private Dictionary<Expr, string>? SharedIndices(Expr value, List<Code> output, int at)
    {
        if (!_optimize) return null;
        var shared = new List<Expr>();
        foreach (Binary b in Walk.Expressions(value).OfType<Binary>().Where(b => b.Op is BinaryOp.Multiply or BinaryOp.Divide))
            foreach ((Expr side, Expr other) in new[] { (b.Left, b.Right), (b.Right, b.Left) })
                if (side is Element e && _activity.IsActive(e) && _activity.IsActive(other) && !AffineInCounters(e.Index) && !shared.Contains(e.Index))
                    shared.Add(e.Index);
        if (shared.Count == 0) return null;
        var bound = new Dictionary<Expr, string>();
        foreach (Expr index in shared)
        {
            string local = Temporary("_i");
            output.Insert(at++, new Line($"int {local} = {_printer.Print(index)};"));
            bound[index] = local;
        }
        return bound;
    }

    /// <summary>Sums and differences of terms, each a product with at most one factor that mentions a loop counter.</summary>
    private bool AffineInCounters(Expr index)
    {
        bool Counted(Expr e) => Walk.Variables(e).Any(v => Var(v).Kind == VariableKind.LoopCounter);
        return index switch
        {
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract } b => AffineInCounters(b.Left) && AffineInCounters(b.Right),
            Binary { Op: BinaryOp.Multiply } b => !(Counted(b.Left) && Counted(b.Right)) && AffineInCounters(b.Left) && AffineInCounters(b.Right),
            Unary { Op: UnaryOp.Negate } u => AffineInCounters(u.Operand),
            Binary or Conditional or Call or MathCall => !Counted(index),
            _ => true,
        };
    }

    /// <summary>
    /// x = x + e, x = x - e, x = e + x or x = Math.FusedMultiplyAdd(a, b, x) (then e is a * b), where e does not
    /// read x: the form of +=, -= and sums in loops, whose reverse passes x's adjoint through and gives it to e.
    /// </summary>
    internal static (Expr Operand, bool Subtract)? CompoundUpdate(Assign assign)
    {
        (Expr Operand, bool Subtract)? update = assign.Value switch
        {
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract } b when b.Left.Equals(assign.Target) => (b.Right, b.Op == BinaryOp.Subtract),
            Binary { Op: BinaryOp.Add } b when b.Right.Equals(assign.Target) => (b.Left, false),
            MathCall { Name: "FusedMultiplyAdd", Arguments: { Count: 3 } a } fma when a[2].Equals(assign.Target)
                => (new Binary(BinaryOp.Multiply, a[0], a[1], fma.Type), false),
            _ => null,
        };
        return update is { } u && !Walk.Variables(u.Operand).Contains(Walk.Written(assign)) ? u : null;
    }

    private (List<Code>, List<Code>) Allocate(AllocateArray allocate)
    {
        Variable array = Var(allocate.Array);
        string size = _printer.Print(allocate.Size);
        var forward = new List<Code> { new Line($"{array.Name} = {Allocation(array, size)};") };
        if (_activity.IsActive(array.Id)) forward.Add(new Line($"{Adjoint(array.Id)} = {Allocation(array, size)};"));
        return (forward, new List<Code>());
    }

    private (List<Code>, List<Code>) Clear(ClearArray clear, int depth)
    {
        Variable array = Var(clear.Array);
        var forward = new List<Code>();
        var reverse = new List<Code>();
        if (_saves.MustSave(clear))
        {
            _usesTape = true;
            forward.Add(new Line($"{_tape}.PushAll({array.Name});"));
            reverse.Add(new Line($"{_tape}.PopAll({array.Name});"));
        }
        forward.Add(new Line(array.Shape == ArrayShape.Array
            ? $"global::System.Array.Clear({array.Name}, 0, {array.Name}.Length);"
            : $"{array.Name}.Clear();"));
        if (_activity.IsActive(array.Id)) reverse.Add(new Line($"{Adjoint(array.Id)}.Clear();"));
        return (forward, Commented(clear.Source, reverse));
    }

    private (List<Code>, List<Code>) Branch(If branch, int depth, string value)
    {
        (List<Code> thenForward, List<Code> thenReverse) = Block(branch.Then, depth, value);
        (List<Code> elseForward, List<Code> elseReverse) = Block(branch.Else, depth, value);
        string condition = _printer.Print(branch.Condition);
        if (thenReverse.Count == 0 && elseReverse.Count == 0)
            return (IfElse(condition, thenForward, elseForward), new List<Code>());

        List<Code> forward, reverse;
        if (_saves.CanReevaluate(branch))
        {
            forward = IfElse(condition, thenForward, elseForward);
            reverse = IfElse(condition, thenReverse, elseReverse);
        }
        else if (depth == 0)
        {
            string taken = Hoist("bool", "_branch");
            forward = new List<Code> { new Line($"{taken} = {condition};") };
            forward.AddRange(IfElse(taken, thenForward, elseForward));
            reverse = IfElse(taken, thenReverse, elseReverse);
        }
        else
        {
            _usesTape = true;
            // Pushed last, so popped first: the branch's own saves sit below the record on the tape.
            thenForward.Add(new Line($"{_tape}.PushInt(1);"));
            elseForward.Add(new Line($"{_tape}.PushInt(0);"));
            forward = IfElse(condition, thenForward, elseForward);
            reverse = IfElse($"{_tape}.PopInt() != 0", thenReverse, elseReverse);
        }
        return (forward, Commented(branch.Source, reverse));
    }

    private (List<Code>, List<Code>) Loop(While loop, int depth, string value)
    {
        (List<Code> bodyForward, List<Code> bodyReverse) = Block(loop.Body, depth + 1, value);
        string condition = _printer.Print(loop.Condition);
        if (bodyReverse.Count == 0)
            return (new List<Code> { new Block($"while ({condition})", bodyForward.ToEquatableArray()) }, new List<Code>());

        // The reverse sweep replays the recorded trip count.
        string count = Hoist("int", "_trips");
        bodyForward.Insert(0, new Line($"{count}++;"));
        var forward = new List<Code> { new Line($"{count} = 0;"), new Block($"while ({condition})", bodyForward.ToEquatableArray()) };
        var reverse = new List<Code>();
        if (depth > 0)
        {
            _usesTape = true;
            forward.Add(new Line($"{_tape}.PushInt({count});"));
            reverse.Add(new Line($"{count} = {_tape}.PopInt();"));
        }
        reverse.Add(new Block($"for (; {count} > 0; {count}--)", bodyReverse.ToEquatableArray()));
        return (forward, Commented(loop.Source, reverse));
    }

    private (List<Code>, List<Code>) Counted(For loop, int depth, string value)
    {
        string i = Var(loop.Counter).Name;
        string end = _printer.Print(loop.End);
        int k = System.Math.Abs(loop.Step);
        bool up = loop.Step > 0;
        string forwardHeader = ForwardHeader(loop);
        if (depth == 0 && _fusion.IsFused(loop, out IReadOnlyList<(int Accumulator, Expr Coefficient)> seeds))
            return Fused(loop, forwardHeader, seeds, value);

        _replayed.TryGetValue(loop, out List<Assign>? resets);
        bool replay = _replaying > 0 || resets is not null;
        List<Stmt> recomputed = replay ? new List<Stmt>() : Recomputed(loop);
        List<Variable> rowed = replay ? new List<Variable>() : RowedArrays(loop, recomputed);
        List<int> bulk = replay ? new List<int>() : BulkSaved(loop);
        if (replay) _replaying++;
        // Recomputed scalars, and arrays a recomputed fill writes (GMM's xcentered), hold their values through the reversed iteration.
        _iterations.Add((loop, new HashSet<int>(recomputed.Select(s => s is For fill ? Walk.Written(Fill(fill)!) : Walk.Written(s)))));
        (List<Code> bodyForward, List<Code> bodyReverse) = Block(loop.Body, depth + 1, value);
        _iterations.RemoveAt(_iterations.Count - 1);
        if (replay) _replaying--;
        if (bodyReverse.Count > 0 && recomputed.Count > 0)
            bodyReverse.InsertRange(0, recomputed.SelectMany(Recompute));
        var forward = new List<Code>();
        var restore = new List<Code>();
        (List<Code> reserve, List<Code> release) = bodyReverse.Count > 0 ? Rows(rowed, loop, bodyForward, bodyReverse) : (new(), new());
        restore.AddRange(release);
        foreach (int array in bulk)
        {
            // One copy of the array replaces a save per element, and each reversed iteration restores
            // its own element from a view of that copy.
            _usesTape = true;
            Variable a = Var(array);
            string saved = Fresh("_saved_" + Bare(a.Name));
            forward.Add(new Line($"{_tape}.PushAll({a.Name});"));
            restore.Add(new Line($"global::System.ReadOnlySpan<double> {saved} = {_tape}.PopAllView({a.Name}.Length);"));
            var element = new ElementRestore(a.Name, i, saved, a.Type == ScalarType.Float ? "(float)" : "");
            _elementRestores.Add(element);
            bodyReverse.Insert(0, new Line(element.Line));
        }
        forward.AddRange(HoistInvariantReads(bodyForward, i, _printer.Print(ForwardCondition(loop, loop.Start))));
        forward.AddRange(RowViews(bodyForward, loop, i, end));
        (List<Code> copiesIn, List<Code> copiesOut) = LoopLocals(bodyForward, ref forwardHeader);
        forward.AddRange(copiesIn);
        forward.AddRange(reserve);
        forward.Add(new Block(forwardHeader, bodyForward.ToEquatableArray()));
        forward.AddRange(copiesOut);
        if (bodyReverse.Count == 0 && restore.Count == 0) return (forward, new List<Code>());

        if (replay) return (forward, Replayed(loop, resets, bodyReverse, restore));

        // The counter runs back from its last value; the bounds are unchanged by the loop, so they are read again.
        Expr last = LastCounter(loop);
        string back = k == 1 ? (up ? $"{i}--" : $"{i}++") : (up ? $"{i} -= {k}" : $"{i} += {k}");
        string header = $"for (int {i} = {_printer.Print(last)}; {_printer.Print(OnInts(up ? BinaryOp.GreaterOrEqual : BinaryOp.LessOrEqual, Counter(loop), loop.Start))}; {back})";
        string nonEmpty = _printer.Print(OnInts(up ? BinaryOp.GreaterOrEqual : BinaryOp.LessOrEqual, last, loop.Start));
        ReversedLoop(loop, header, nonEmpty, bodyReverse, restore);
        return (forward, Commented(loop.Source, restore));
    }

    /// <summary>
    /// Appends a reversed loop with its line-level passes (scalar replacement, invariant reads, row views,
    /// loop-local copies) to <paramref name="restore"/>; <paramref name="nonEmpty"/> is true when it runs.
    /// </summary>
    private void ReversedLoop(For loop, string header, string nonEmpty, List<Code> bodyReverse, List<Code> restore)
    {
        string i = Var(loop.Counter).Name;
        (List<Code> sumsBefore, List<Code> sumsAfter) = ReplaceAccumulators(bodyReverse, i, nonEmpty);
        restore.AddRange(sumsBefore);
        restore.AddRange(HoistInvariantReads(bodyReverse, i, nonEmpty));
        restore.AddRange(RowViews(bodyReverse, loop, i, _printer.Print(loop.End)));
        (List<Code> copiesIn, List<Code> copiesOut) = LoopLocals(bodyReverse, ref header);
        restore.AddRange(copiesIn);
        restore.Add(new Block(header, bodyReverse.ToEquatableArray()));
        restore.AddRange(copiesOut);
        restore.AddRange(sumsAfter);
    }

    /// <summary>
    /// A loop of independent iterations (see <see cref="LoopFusion"/>): each iteration's reverse block
    /// runs right after it, with the accumulators' adjoints set beforehand to the values the reverse
    /// sweep would give them; the reverse sweep then has nothing left to do for the loop.
    /// </summary>
    private (List<Code>, List<Code>) Fused(For loop, string header, IReadOnlyList<(int Accumulator, Expr Coefficient)> seeds, string value)
    {
        // Each iteration's reverse runs right after it, so a scalar its body assigns once, at the top level and
        // before any read, keeps that value until the reverse of its own assignment.
        var temporaries = new HashSet<int>(loop.Body.Select((s, at) => (s, at))
            .Where(p => p.s is Assign { Target: VarRef } a && !ReadBefore(loop, p.at, Walk.Written(a))
                && Walk.Statements(loop.Body).Count(t => Walk.Written(t) == Walk.Written(a)) == 1)
            .Select(p => Walk.Written(p.s)));
        _iterations.Add((loop, temporaries));
        (List<Code> bodyForward, List<Code> bodyReverse) = Block(loop.Body, 1, value);
        _iterations.RemoveAt(_iterations.Count - 1);
        if (bodyReverse.Count == 0) return (new List<Code> { new Block(header, bodyForward.ToEquatableArray()) }, new List<Code>());

        // The loop's own temporaries are overwritten before they are read in every iteration, so the
        // reverse of that write leaves their adjoints at zero for the next iteration's block.
        var accumulators = new HashSet<int>(seeds.Select(s => s.Accumulator));
        AssignFirstUpdates(bodyReverse, Walk.Statements(loop.Body).Select(Walk.Written).Distinct()
            .Where(v => v >= 0 && !accumulators.Contains(v) && Var(v).IsReal && !Var(v).IsArray && Var(v).Kind != VariableKind.LoopCounter
                && _adjoints.ContainsKey(v))
            .Select(v => _adjoints[v]));

        var forward = new List<Code>();
        foreach ((int accumulator, Expr coefficient) in seeds)
        {
            string seed = coefficient is Literal { Value: 1 } ? _dResult : $"{_dResult} * {Parenthesize(_printer.Print(coefficient))}";
            forward.Add(new Line($"{Adjoint(accumulator)} = {seed}; // {Var(accumulator).Name}'s adjoint: the return statement's, known now"));
        }
        var body = new List<Code>(bodyForward) { new Line("// This iteration's reverse block, run at once: no other iteration reads what it changes.") };
        body.AddRange(bodyReverse);
        forward.Add(new Block(header, body.ToEquatableArray()));
        foreach ((int accumulator, _) in seeds)
            forward.Add(new Line($"{Adjoint(accumulator)} = 0; // the reverse sweep adds the return statement's adjoint again"));
        return (forward, new List<Code> { new Line($"// {loop.Source}: reversed inside the forward sweep, iteration by iteration") });
    }

    private (List<Code>, List<Code>) Result(Return ret, string value)
    {
        _values.Clear();
        var forward = new List<Code> { new Line($"{value} = {_printer.Print(ret.Value)};") };
        var reverse = new List<Code>();
        Propagate(ret.Value, _dResult, reverse);
        return (forward, Commented(ret.Source, reverse));
    }

    /// <summary>
    /// Real arrays that a counted loop body (assignments only) writes once per iteration at the
    /// counter, <c>a[i] = f(a[i], a[i - 1], ...)</c>, reading nothing of a after the write: one copy of
    /// the whole array before the loop replaces a save per element. Each reversed iteration restores its
    /// own element first, so it sees the array as the forward iteration did: the elements of later
    /// iterations already restored, those of earlier ones still rewritten. Any element may be read.
    /// </summary>
    private List<int> BulkSaved(For loop)
    {
        var arrays = new List<int>();
        if (!loop.Body.All(s => s is Assign)) return arrays;
        List<Assign> body = loop.Body.Cast<Assign>().ToList();
        foreach (Assign write in body)
        {
            if (write.Target is not Element { Index: VarRef index } element || index.Variable != loop.Counter
                || !Var(element.Array).IsReal || !_saves.MustSave(write) || _saves.IsUndone(write) || _unsaved.Contains(write)
                || SaveAnalysis.ReadsOwnResult(write, _activity)) // reads its result before the restore
                continue;
            int array = element.Array;
            bool once = body.Count(a => Walk.Written(a) == array) == 1;
            bool readAfter = body.Skip(body.IndexOf(write) + 1).SelectMany(Walk.OwnExpressions).SelectMany(Walk.Variables).Contains(array);
            // The copy is pushed before the loop and popped before the reversed loop: no value the
            // iterations push may sit above it on the tape (ints go to a stack of their own).
            bool othersSave = body.Any(a => !ReferenceEquals(a, write) && PushesValue(a));
            if (once && !readAfter && !othersSave)
            {
                arrays.Add(array);
                _bulkSaved.Add(write);
            }
        }
        return arrays;
    }

    /// <summary>
    /// Loop-local temporaries that are cheaper to compute again than to save: assigned once per
    /// iteration at the top level of the body, before anything in it reads them, from arithmetic on
    /// variables the body does not write (and the counter, and earlier such temporaries), and not read
    /// outside the loop. The reversed iteration recomputes them first instead of popping them
    /// (Tapenade's recomputation). A local array filled by a loop of its own, <c>for (j ...) a[j] = e</c>,
    /// under the same conditions (GMM's <c>xcentered</c>), is recomputed the same way, instead of being
    /// copied to the tape every iteration and restored.
    /// </summary>
    private List<Stmt> Recomputed(For loop)
    {
        var result = new List<Stmt>();
        if (!_optimize) return result;
        var available = new HashSet<int> { loop.Counter };
        var readOutside = new HashSet<int>(ReadOutside(_function.Body, loop));
        for (int at = 0; at < loop.Body.Count; at++)
        {
            Stmt statement = loop.Body[at];
            (int target, Assign? assign, HashSet<int> inputs) = statement switch
            {
                Assign { Target: VarRef v } a => (v.Variable, a, new HashSet<int>()),
                For fill when Fill(fill) is { } a
                    => (Walk.Written(a), a, new HashSet<int>(Walk.OwnExpressions(fill).SelectMany(Walk.ValueVariables)) { fill.Counter }),
                _ => (-1, null, new HashSet<int>()),
            };
            if (assign is null) continue;
            bool once = Walk.Statements(loop.Body).Count(s => Walk.Written(s) == target) == 1;
            // Read earlier in the body, it carries a value from the previous iteration: not a temporary.
            bool readBefore = ReadBefore(loop, at, target);
            bool arithmetic = Walk.Expressions(assign.Value).All(e => e is not (Call or MathCall or PassiveCall or StaticField or StaticElement or Conditional));
            inputs.UnionWith(Walk.Variables(assign.Value));
            bool inputsFixed = inputs.All(v => available.Contains(v) || FixedFrom(v, loop) || FixedInIteration(v, loop));
            if (once && !readBefore && arithmetic && inputsFixed && !readOutside.Contains(target))
            {
                result.Add(statement);
                _unsaved.Add(assign);
                available.Add(target);
            }
        }
        return result;
    }

    /// <summary>Whether the statements of the loop's body before the one at <paramref name="at"/> read the variable.</summary>
    private static bool ReadBefore(For loop, int at, int variable) =>
        Walk.Statements(loop.Body.Take(at)).SelectMany(Walk.OwnExpressions).SelectMany(Walk.Variables).Contains(variable);

    /// <summary>
    /// Whether a variable holds the same value in <paramref name="inner"/>'s reverse as in its forward because an
    /// enclosing loop's iteration fixes it (<see cref="_iterations"/>): assigned (or filled) once in that iteration,
    /// by a top-level statement of its body before the one that holds the inner loop (GMM's <c>mb = k * d</c>,
    /// recomputed at the start of each reversed component, read by <c>v = x[xb + j] - means[mb + j]</c>; the
    /// recomputed <c>xcentered</c>, read by <c>alpha = xcentered[c]</c>).
    /// </summary>
    private bool FixedInIteration(int variable, For inner)
    {
        foreach ((For loop, HashSet<int> fixedThere) in _iterations)
        {
            if (!fixedThere.Contains(variable)) continue;
            int holder = loop.Body.ToList().FindIndex(s => ReferenceEquals(s, inner) || Walk.Statements(new[] { s }).Any(t => ReferenceEquals(t, inner)));
            int write = loop.Body.ToList().FindIndex(s => Walk.Statements(new[] { s }).Any(t => Walk.Written(t) == variable));
            if (holder >= 0 && write >= 0 && write < holder) return true;
        }
        return false;
    }

    /// <summary>The assignment of a loop <c>for (j ...) a[j] = e</c> that fills a real local array from e free of a; else null.</summary>
    private Assign? Fill(For loop) =>
        loop.Body.Count == 1 && loop.Body[0] is Assign { Target: Element { Index: VarRef j } e } a && j.Variable == loop.Counter
        && Var(e.Array).Kind == VariableKind.LocalArray && Var(e.Array).IsReal && !Walk.Variables(a.Value).Contains(e.Array)
            ? a : null;

    private string ForwardHeader(For loop)
    {
        string i = Var(loop.Counter).Name;
        int k = System.Math.Abs(loop.Step);
        bool up = loop.Step > 0;
        string step = k == 1 ? (up ? $"{i}++" : $"{i}--") : (up ? $"{i} += {k}" : $"{i} -= {k}");
        return $"for (int {i} = {_printer.Print(loop.Start)}; {_printer.Print(ForwardCondition(loop, Counter(loop)))}; {step})";
    }

    /// <summary>The forward loop's condition on a value of the counter: <c>i &lt; end</c>, <c>i &gt;= end</c>, ...</summary>
    private static Expr ForwardCondition(For loop, Expr counter) =>
        OnInts(loop.Step > 0 ? (loop.Inclusive ? BinaryOp.LessOrEqual : BinaryOp.Less) : (loop.Inclusive ? BinaryOp.GreaterOrEqual : BinaryOp.Greater), counter, loop.End);

    /// <summary>
    /// The counter's value in the last iteration when the loop runs, else one step short of the start, as an
    /// expression (printed with the parentheses the bounds need): end - 1 for <c>i &lt; end; i++</c>;
    /// start + (end - start) / k * k for <c>i &lt;= end; i += k</c>, if end &gt;= start.
    /// </summary>
    private static Expr LastCounter(For loop)
    {
        int k = System.Math.Abs(loop.Step);
        bool up = loop.Step > 0;
        Expr one = new Literal(1, ScalarType.Int), step = new Literal(k, ScalarType.Int);
        BinaryOp toward = up ? BinaryOp.Subtract : BinaryOp.Add, away = up ? BinaryOp.Add : BinaryOp.Subtract;
        if (k == 1) return loop.Inclusive ? loop.End : OnInts(toward, loop.End, one);
        // The distance from start to the last value the condition admits: end - start (+ or - 1 if exclusive).
        Expr distance = up ? OnInts(BinaryOp.Subtract, loop.End, loop.Start) : OnInts(BinaryOp.Subtract, loop.Start, loop.End);
        if (!loop.Inclusive) distance = up ? OnInts(BinaryOp.Subtract, OnInts(BinaryOp.Subtract, loop.End, one), loop.Start) : OnInts(BinaryOp.Subtract, OnInts(BinaryOp.Subtract, loop.Start, one), loop.End);
        Expr runs = up ? OnInts(loop.Inclusive ? BinaryOp.GreaterOrEqual : BinaryOp.Greater, loop.End, loop.Start)
            : OnInts(loop.Inclusive ? BinaryOp.GreaterOrEqual : BinaryOp.Greater, loop.Start, loop.End);
        Expr last = OnInts(away, loop.Start, OnInts(BinaryOp.Multiply, OnInts(BinaryOp.Divide, distance, step), step));
        return new Conditional(runs, last, OnInts(toward, loop.Start, one), ScalarType.Int);
    }

    private static Expr Counter(For loop) => new VarRef(loop.Counter, ScalarType.Int);

    /// <summary>An operation on int operands: int for arithmetic, bool for comparisons.</summary>
    private static Expr OnInts(BinaryOp op, Expr left, Expr right) =>
        new Binary(op, left, right, op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide ? ScalarType.Int : ScalarType.Bool);

    /// <summary>The forward code of a recomputed statement, marked as such.</summary>
    private IEnumerable<Code> Recompute(Stmt statement)
    {
        if (statement is not For fill || fill.Body[0] is not Assign element)
        {
            var assign = (Assign)statement;
            return new[] { new Line($"{_printer.Print(assign.Target)} = {_printer.Print(assign.Value)}; // recomputed, not saved") };
        }
        var body = new List<Code> { new Line($"{_printer.Print(element.Target)} = {_printer.Print(element.Value)};") };
        List<Code> views = RowViews(body, fill, Var(fill.Counter).Name, _printer.Print(fill.End));
        return views.Append(new Block(ForwardHeader(fill) + " // recomputed, not saved", body.ToEquatableArray()));
    }

    /// <summary>
    /// Whether a variable has the same value when the reverse sweep reaches the statement (a loop, or a
    /// reset of an index) as it had in the forward sweep: counters of the loops around it, parameters never
    /// written, and locals written once, outside any loop, in a top-level statement before the statement's.
    /// </summary>
    private bool FixedFrom(int variable, Stmt statement)
    {
        Variable v = Var(variable);
        var writes = Walk.Statements(_function.Body).Where(s => Walk.Written(s) == variable).ToList();
        switch (v.Kind)
        {
            case VariableKind.LoopCounter:
                return true;
            case VariableKind.Parameter:
                return writes.Count == 0;
            case VariableKind.Local or VariableKind.Synthetic when !v.IsArray && writes.Count == 1:
                int at = TopLevelIndex(statement), writeAt = TopLevelIndex(writes[0]);
                bool inLoop = Walk.Statements(_function.Body).Any(s => s is While or For && Walk.Statements(Walk.Blocks(s).SelectMany(b => b)).Contains(writes[0]));
                return !inLoop && writeAt >= 0 && writeAt < at;
            default:
                return false;
        }
    }

    /// <summary>The index of the top-level statement that is or contains <paramref name="statement"/>.</summary>
    private int TopLevelIndex(Stmt statement)
    {
        for (int k = 0; k < _function.Body.Count; k++)
            if (ReferenceEquals(_function.Body[k], statement) || Walk.Statements(new[] { _function.Body[k] }).Any(s => ReferenceEquals(s, statement)))
                return k;
        return -1;
    }

    /// <summary>Variables read anywhere in the block except inside <paramref name="loop"/>.</summary>
    private static IEnumerable<int> ReadOutside(IEnumerable<Stmt> block, For loop)
    {
        foreach (Stmt s in block)
        {
            if (ReferenceEquals(s, loop)) continue;
            foreach (int v in Walk.OwnExpressions(s).SelectMany(Walk.Variables)) yield return v;
            foreach (EquatableArray<Stmt> inner in Walk.Blocks(s))
                foreach (int v in ReadOutside(inner, loop)) yield return v;
        }
    }

    // ---- Helpers ----------------------------------------------------------------------------

    /// <summary>Saves a value before it is overwritten: in a local outside loops, on the tape inside them.</summary>
    private void Save(string target, ScalarType type, int depth, List<Code> forward, List<Code> reverse)
    {
        if (depth == 0)
        {
            string saved = Hoist(type.Keyword(), "_saved");
            forward.Add(new Line($"{saved} = {target};"));
            reverse.Add(new Line($"{target} = {saved};"));
            return;
        }
        _usesTape = true;
        (string push, string pop) = type switch
        {
            ScalarType.Double => ($"{_tape}.Push({target});", $"{_tape}.PopDouble()"),
            ScalarType.Float => ($"{_tape}.Push({target});", $"{_tape}.PopFloat()"),
            ScalarType.Int => ($"{_tape}.PushInt({target});", $"{_tape}.PopInt()"),
            _ => ($"{_tape}.PushInt({target} ? 1 : 0);", $"{_tape}.PopInt() != 0"),
        };
        forward.Add(new Line(push));
        reverse.Add(new Line($"{target} = {pop};"));
    }

    private static List<Code> IfElse(string condition, List<Code> then, List<Code> otherwise)
    {
        if (then.Count == 0 && otherwise.Count == 0) return new List<Code>();
        if (then.Count == 0) return new List<Code> { new Block($"if (!({condition}))", otherwise.ToEquatableArray()) };
        var code = new List<Code> { new Block($"if ({condition})", then.ToEquatableArray()) };
        if (otherwise.Count > 0) code.Add(new Block("else", otherwise.ToEquatableArray()));
        return code;
    }

    private static List<Code> Commented(string source, List<Code> reverse)
    {
        MergeAccumulations(reverse);
        if (reverse.Count == 0) return reverse;
        reverse.Insert(0, new Line("// " + source));
        return reverse;
    }

    /// <summary>The adjoint variable of a variable: a parameter's adjoint argument, or a local _d_name.</summary>
    private string Adjoint(int variable)
    {
        if (!_adjoints.TryGetValue(variable, out string? name))
            _adjoints[variable] = name = Fresh("_d_" + Bare(Var(variable).Name));
        return name;
    }

    /// <summary>The adjoint of an assignment target: _d_x or _d_a[i].</summary>
    private string AdjointOf(Expr target) => target switch
    {
        VarRef v => Adjoint(v.Variable),
        Element e => Adjoint(e.Array) + "[" + _printer.Print(e.Index) + "]",
        _ => throw new System.InvalidOperationException("Not an assignable target"),
    };

    private string Hoist(string type, string prefix)
    {
        string name = Fresh(prefix);
        _hoisted.Add($"{type} {name} = default;");
        return name;
    }

    private string Fresh(string prefix)
    {
        string name = prefix;
        for (int k = 1; !_names.Add(name); k++) name = prefix + k;
        return name;
    }

    private string Temporary(string prefix) => Fresh(prefix + _temporaries++);

    private static string Bare(string name) => name.TrimStart('@');

    /// <summary>
    /// Memory for a local array (or its adjoint) of <paramref name="size"/> elements, zeroed. A span of a small
    /// constant size lives on the stack: such arrays are allocated outside loops (a loop's are hoisted), and
    /// geometry code has many of them (3-vectors), which renting from the tape would cost a call and a clear each.
    /// </summary>
    private string Allocation(Variable array, string size)
    {
        if (OnStack(array)) return $"stackalloc {array.Type.Keyword()}[{size}]";
        _usesTape = true;
        return $"{_tape}.{Rent(array.Type)}({size})";
    }

    private const int MaxStackElements = 64;

    private bool OnStack(Variable array) =>
        _owner.StackArrays && array is { Kind: VariableKind.LocalArray, Shape: not ArrayShape.Array }
        && SaveAnalysis.SizeOf(array.Id, _function) is Literal { Value: <= MaxStackElements };

    /// <summary>A stack array assigned after its declaration needs a scoped local (C# 11) to hold a stackalloc.</summary>
    private string Scoped(Variable array) => OnStack(array) ? "scoped " : "";

    private static string Rent(ScalarType type) => type switch
    {
        ScalarType.Double => "RentDoubles",
        ScalarType.Float => "RentFloats",
        _ => "RentInts",
    };
}
