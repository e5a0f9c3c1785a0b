using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// <c>++</c> and <c>--</c> of a local or parameter inside an expression, as in <c>Ltri[idx++]</c>: the step
/// becomes a statement of its own, before the statement for <c>++i</c> and after it for <c>i++</c>, and the
/// expression reads the variable. That is C#'s meaning as long as nothing else in the statement reads or
/// writes the variable and the step always runs, so anything else (<c>x[i++] * x[i]</c>, a step in a loop
/// condition, in a branch of <c>?:</c> or to the right of <c>&amp;&amp;</c>) stays ADIFF0106.
/// </summary>
internal sealed partial class FunctionLowering
{
    /// <summary>The statement whose steps are being collected; null where a step cannot be moved out (loop conditions).</summary>
    private StatementSteps? _steps;

    /// <summary>Depth inside a branch of ?: or the right operand of &amp;&amp; or ||, which may not run.</summary>
    private int _lazyDepth;

    private sealed class StatementSteps(IOperation statement)
    {
        public IOperation Statement { get; } = statement;
        public List<(VarRef Variable, BinaryOp Step)> Before { get; } = new();
        public List<(VarRef Variable, BinaryOp Step)> After { get; } = new();
        public HashSet<IOperation> Seen { get; } = new();
        // Statements that run before the statement's own: the fills of its params arrays (LowerParamsArgument).
        public List<Stmt> Prelude { get; } = new();
        public Dictionary<IOperation, Expr> Packed { get; } = new();
    }

    /// <summary>Lowers one statement with <paramref name="lower"/>, its prefix steps before it and its postfix steps after.</summary>
    private void WithSteps(IOperation statement, string source, List<Stmt> output, Action<List<Stmt>> lower, bool keepAfter = true)
    {
        int at = output.Count;
        StatementSteps steps = Collect(statement, () => lower(output));
        output.InsertRange(at, Materialize(steps.Before, source).Concat(steps.Prelude));
        if (keepAfter) output.AddRange(Materialize(steps.After, source));
    }

    /// <summary>An if: the condition's prefix steps before it, its postfix steps at the start of both branches.</summary>
    private void LowerIf(IOperation condition, IEnumerable<IOperation> whenTrue, IEnumerable<IOperation> whenFalse, string source, List<Stmt> output)
    {
        Expr lowered = null!;
        StatementSteps steps = Collect(condition, () => lowered = LowerCondition(condition));
        output.AddRange(Materialize(steps.Before, source));
        output.AddRange(steps.Prelude);
        output.Add(new If(
            lowered,
            Materialize(steps.After, source).Concat(LowerStatements(whenTrue)).ToEquatableArray(),
            Materialize(steps.After, source).Concat(LowerStatements(whenFalse)).ToEquatableArray(),
            source));
    }

    private StatementSteps Collect(IOperation statement, Action lower)
    {
        var steps = new StatementSteps(statement);
        Scoped(steps, 0, lower);
        return steps;
    }

    /// <summary>Runs <paramref name="lower"/> where no step can be moved out: a nested statement, a loop condition.</summary>
    private void WithoutSteps(Action lower) => Scoped(null, _lazyDepth, lower);

    /// <summary>Lowers an operand that may not be evaluated (a branch of ?:, the right of &amp;&amp; and ||).</summary>
    private Expr Lazily(IOperation operation)
    {
        Expr lowered = null!;
        Scoped(_steps, _lazyDepth + 1, () => lowered = LowerExpr(operation));
        return lowered;
    }

    /// <summary>Runs <paramref name="lower"/> with the given steps and lazy depth, then puts the outer ones back.</summary>
    private void Scoped(StatementSteps? steps, int lazyDepth, Action lower)
    {
        (StatementSteps? outerSteps, int outerLazy) = (_steps, _lazyDepth);
        (_steps, _lazyDepth) = (steps, lazyDepth);
        try
        {
            lower();
        }
        finally
        {
            (_steps, _lazyDepth) = (outerSteps, outerLazy);
        }
    }

    /// <summary>Fresh statements each time: the same step may go into both branches of an if.</summary>
    private static IEnumerable<Stmt> Materialize(List<(VarRef Variable, BinaryOp Step)> steps, string source) =>
        steps.Select(s => new Assign(s.Variable, new Binary(s.Step, s.Variable, new Literal(1, s.Variable.Type), s.Variable.Type), source)).ToList();

    /// <summary>The variable an increment inside an expression reads, its step moved out of the statement; or ADIFF0106.</summary>
    private Expr LowerStep(IIncrementOrDecrementOperation step)
    {
        // Lookup finds locals and parameters only: a field, an element or a property stays ADIFF0106.
        if (_steps is null || _lazyDepth > 0
            || Lookup(step.Target) is not { IsArray: false } variable || MentionCount(_steps.Statement, step.Target) != 1)
        {
            Report(DiagnosticDescriptors.SideEffectInExpression, step.Syntax, SourceSnippet.Of(step.Syntax));
            return Placeholder;
        }
        var reference = new VarRef(variable.Id, variable.Type);
        if (_steps.Seen.Add(step))
        {
            BinaryOp op = step.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
            (step.IsPostfix ? _steps.After : _steps.Before).Add((reference, op));
        }
        return reference;
    }

    /// <summary>
    /// A params argument given as separate values, <c>Max(a, b * c, c)</c> for <c>Max(params ReadOnlySpan&lt;double&gt; v)</c>:
    /// a fresh local array filled with the values before the statement, passed in their place. Null for any other
    /// argument; ADIFF0101 where nothing can run before the value (a loop condition, a branch of ?:).
    /// </summary>
    private Expr? LowerParamsArgument(IArgumentOperation argument)
    {
        if (argument.ArgumentKind is not (ArgumentKind.ParamArray or ArgumentKind.ParamCollection)
            || TypeMapping.Array(argument.Parameter?.Type) is not var (shape, element))
            return null;
        IReadOnlyList<IOperation>? values = argument.Value switch
        {
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            IArrayCreationOperation => System.Array.Empty<IOperation>(),
            ICollectionExpressionOperation collection when collection.Elements.All(e => e is not ISpreadOperation) => collection.Elements,
            _ => null,
        };
        if (values is null) return null;
        if (_steps is null || _lazyDepth > 0)
            return Fail(argument.Parent ?? argument, "pass the params values as one array or span here (new[] { a, b }): separate values are copied into an array before the statement, which a loop condition or a branch of ?:, && or || cannot have");
        if (_steps.Packed.TryGetValue(argument, out Expr? packed)) return packed;
        string name = (argument.Parent as IInvocationOperation)?.TargetMethod.Name + "_" + argument.Parameter!.Name;
        string source = SourceSnippet.Of(argument.Parent?.Syntax ?? argument.Syntax);
        int id = NewVariable(name, element, shape == ArrayShape.ReadOnlySpan ? ArrayShape.Span : shape, VariableKind.LocalArray, null);
        if (_loopDepth == 0) _steps.Prelude.Add(new AllocateArray(id, new Literal(values.Count, ScalarType.Int), source));
        else
        {
            AddLoopArray(id, new Literal(values.Count, ScalarType.Int), argument.Syntax);
            _steps.Prelude.Add(new ClearArray(id, source));
        }
        for (int k = 0; k < values.Count; k++)
            _steps.Prelude.Add(new Assign(new Element(id, new Literal(k, ScalarType.Int), element), Cast(LowerExpr(values[k]), element), source));
        return _steps.Packed[argument] = new ArrayRef(id, element);
    }

    private static int MentionCount(IOperation statement, IOperation target)
    {
        ISymbol? symbol = ReferencedSymbol(target);
        return statement.DescendantsAndSelf().Count(o => ReferencedSymbol(o) is { } other && SymbolEqualityComparer.Default.Equals(other, symbol));
    }
}
