using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

internal sealed partial class FunctionLowering
{
    private void LowerFor(IForLoopOperation loop, List<Stmt> output)
    {
        string source = SourceSnippet.LoopHeader(loop.Syntax);
        if (CountedLoop(loop) is { } counted)
        {
            output.Add(LowerCounted(loop, counted, source));
            return;
        }
        foreach (IOperation before in loop.Before) LowerStatement(before, output);
        output.AddRange(LowerLoop(loop, loop.Condition, loop.Body, loop.AtLoopBottom, source, conditionFirst: true, prologue: null));
    }

    private void LowerWhile(IWhileLoopOperation loop, List<Stmt> output) =>
        output.AddRange(LowerLoop(loop, loop.Condition, loop.Body, ImmutableArray<IOperation>.Empty,
            SourceSnippet.LoopHeader(loop.Syntax), conditionFirst: loop.ConditionIsTop, prologue: null));

    private void LowerForEach(IForEachLoopOperation loop, List<Stmt> output)
    {
        string source = SourceSnippet.LoopHeader(loop.Syntax);
        IOperation collection = loop.Collection is IConversionOperation c ? c.Operand : loop.Collection;
        // foreach over a copy (x.ToArray()) of an array nothing here may write reads the array itself.
        ArrayRef? copied = CopySource(collection) is { } copy && !MayWrite(copy.Variable) ? copy : null;
        // A static readonly table is read element by element, with its Length as the bound.
        string? table = null;
        if (StaticArray(collection) is { } field && (table = StaticName(field, collection)) is null) return; // StaticName said why
        Expr? elements = table is not null ? null : copied ?? LowerExpr(collection);
        if (table is null && elements is not ArrayRef
            || loop.LoopControlVariable is not IVariableDeclaratorOperation { Symbol: { IsRef: false } element }
            || TypeMapping.Scalar(element.Type) is not { } elementType)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, loop.Syntax, source, "foreach works by value over arrays and spans of double, float or int");
            return;
        }
        int item = NewVariable(element.Name, elementType, ArrayShape.None, VariableKind.Local, element);
        bool counted = !HasBreakOrReturn(loop);
        int index = NewVariable("_i", ScalarType.Int, ArrayShape.None, counted ? VariableKind.LoopCounter : VariableKind.Synthetic, null);
        var indexRef = new VarRef(index, ScalarType.Int);
        Expr value, end;
        if (elements is ArrayRef array)
        {
            Expr at = array.Start is null ? indexRef : new Binary(BinaryOp.Add, array.Start, indexRef, ScalarType.Int);
            value = new Element(array.Variable, at, _variables[array.Variable].Type);
            end = array.Count ?? new Length(array.Variable);
        }
        else
        {
            value = new StaticElement(table!, indexRef, TypeMapping.Array(collection.Type)!.Value.Element);
            end = new StaticField(table + ".Length", ScalarType.Int);
        }
        var load = new Assign(new VarRef(item, elementType), Cast(value, elementType), source);
        if (counted)
        {
            output.Add(new For(index, new Literal(0, ScalarType.Int), end, false, 1, LowerLoopBody(loop, load).ToEquatableArray(), source));
            return;
        }
        output.Add(new Assign(indexRef, new Literal(0, ScalarType.Int), source));
        var step = new Assign(indexRef, new Binary(BinaryOp.Add, indexRef, new Literal(1, ScalarType.Int), ScalarType.Int), source);
        output.AddRange(LowerLoop(loop, null, loop.Body, ImmutableArray<IOperation>.Empty, source, conditionFirst: true, prologue: load,
            condition: new Binary(BinaryOp.Less, indexRef, end, ScalarType.Bool), loweredStep: step));
    }

    /// <summary>
    /// Any loop as a While: flags for break and continue, the step guarded so that it does not run
    /// after a break or return, and a first-iteration flag for do-while.
    /// </summary>
    private List<Stmt> LowerLoop(ILoopOperation loop, IOperation? conditionOperation, IOperation body, ImmutableArray<IOperation> step,
        string source, bool conditionFirst, Stmt? prologue, Expr? condition = null, Stmt? loweredStep = null)
    {
        var context = new LoopContext(loop.ExitLabel, loop.ContinueLabel);
        _loops.Push(context);
        _loopDepth++;
        condition ??= conditionOperation is null ? new Literal(1, ScalarType.Bool) : LowerCondition(conditionOperation);
        List<Stmt> statements = LowerStatements(Statements(body));
        var stepStatements = new List<Stmt>();
        foreach (IOperation s in step) LowerStatement(s, stepStatements);
        if (loweredStep is not null) stepStatements.Add(loweredStep);
        _loopDepth--;
        _loops.Pop();

        Expr? stop = null;
        if (context.HasBreak) stop = Not(_variables[((VarRef)context.BreakFlag(this)).Variable]);
        if (_returned is not null && loop.Body.Descendants().Any(o => o is IReturnOperation)) stop = And(stop, Not(_returned));

        var loopBody = new List<Stmt>();
        var prefix = new List<Stmt>();
        if (!conditionFirst)
        {
            int first = NewVariable("_first", ScalarType.Bool, ArrayShape.None, VariableKind.Synthetic, null);
            var firstRef = new VarRef(first, ScalarType.Bool);
            prefix.Add(new Assign(firstRef, new Literal(1, ScalarType.Bool), source));
            loopBody.Add(new Assign(firstRef, new Literal(0, ScalarType.Bool), source));
            condition = new Binary(BinaryOp.ConditionalOr, firstRef, condition, ScalarType.Bool);
        }
        if (context.HasBreak) prefix.Add(new Assign(context.BreakFlag(this), new Literal(0, ScalarType.Bool), source));
        if (context.HasContinue) loopBody.Add(new Assign(context.ContinueFlag(this), new Literal(0, ScalarType.Bool), source));
        if (prologue is not null) loopBody.Add(prologue);
        loopBody.AddRange(statements);
        if (stepStatements.Count > 0)
        {
            if (stop is null) loopBody.AddRange(stepStatements);
            else loopBody.Add(new If(stop, stepStatements.ToEquatableArray(), EquatableArray<Stmt>.Empty, source));
        }
        prefix.Add(new While(stop is null ? condition : And(stop, condition), loopBody.ToEquatableArray(), source));
        return prefix;
    }

    private List<Stmt> LowerLoopBody(ILoopOperation loop, Stmt? prologue)
    {
        var context = new LoopContext(loop.ExitLabel, loop.ContinueLabel);
        _loops.Push(context);
        _loopDepth++;
        List<Stmt> statements = LowerStatements(Statements(loop.Body));
        _loopDepth--;
        _loops.Pop();
        var body = new List<Stmt>();
        if (context.HasContinue) body.Add(new Assign(context.ContinueFlag(this), new Literal(0, ScalarType.Bool), "continue;"));
        if (prologue is not null) body.Add(prologue);
        body.AddRange(statements);
        return body;
    }

    /// <summary>The loop's shape; the condition compares <c>i + Shift</c> with End.</summary>
    private sealed record CountedShape(ILocalSymbol Counter, IOperation Start, IOperation End, bool Inclusive, int Step, int Shift);

    /// <summary>i, i + c or i - c (c a constant): the offset c, or null for anything else.</summary>
    private static int? CounterOperand(IOperation operand, ILocalSymbol counter) => operand switch
    {
        ILocalReferenceOperation l when SymbolEqualityComparer.Default.Equals(l.Local, counter) => 0,
        IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract, LeftOperand: ILocalReferenceOperation l, RightOperand.ConstantValue: { HasValue: true, Value: int c } } b
            when SymbolEqualityComparer.Default.Equals(l.Local, counter) => b.OperatorKind == BinaryOperatorKind.Add ? c : -c,
        _ => null,
    };

    /// <summary>
    /// Recognises for (int i = a; i &lt; b; i++) and its variants (&lt;=, &gt;, &gt;=, i += k, i -= k) whose
    /// counter and bounds the body never changes and which no break or return leaves early: the
    /// reverse sweep runs such a loop backwards without recording anything.
    /// </summary>
    private CountedShape? CountedLoop(IForLoopOperation loop)
    {
        if (loop.Before.Length != 1
            || loop.Before[0] is not IVariableDeclarationGroupOperation { Declarations.Length: 1 } group
            || group.Declarations[0] is not { Declarators.Length: 1 } declaration
            || declaration.Declarators[0] is not { } declarator
            || declarator.Symbol.Type.SpecialType != SpecialType.System_Int32
            || (declarator.Initializer?.Value ?? declaration.Initializer?.Value) is not { } start
            || loop.Condition is not IBinaryOperation condition
            || CounterOperand(condition.LeftOperand, declarator.Symbol) is not { } shift
            || loop.AtLoopBottom.Length != 1
            || loop.AtLoopBottom[0] is not IExpressionStatementOperation { Operation: var increment })
            return null;

        ILocalSymbol counter = declarator.Symbol;
        int step = increment switch
        {
            IIncrementOrDecrementOperation { Target: ILocalReferenceOperation t } inc when Same(t, counter) =>
                inc.Kind == OperationKind.Increment ? 1 : -1,
            ICompoundAssignmentOperation { Target: ILocalReferenceOperation t, Value.ConstantValue: { HasValue: true, Value: int k } } a
                when Same(t, counter) && k > 0 && a.OperatorKind is BinaryOperatorKind.Add or BinaryOperatorKind.Subtract =>
                a.OperatorKind == BinaryOperatorKind.Add ? k : -k,
            _ => 0,
        };
        bool? inclusive = (condition.OperatorKind, step > 0) switch
        {
            (BinaryOperatorKind.LessThan, true) or (BinaryOperatorKind.GreaterThan, false) => false,
            (BinaryOperatorKind.LessThanOrEqual, true) or (BinaryOperatorKind.GreaterThanOrEqual, false) => true,
            _ => null,
        };
        if (step == 0 || inclusive is null || condition.RightOperand.Type?.SpecialType != SpecialType.System_Int32 || HasBreakOrReturn(loop))
            return null;

        var written = new HashSet<ISymbol>(WrittenSymbols(loop.Body), SymbolEqualityComparer.Default);
        bool Fixed(IOperation bound) =>
            !bound.DescendantsAndSelf().Any(o => o is IInvocationOperation)
            && bound.DescendantsAndSelf().All(o => o switch
            {
                ILocalReferenceOperation l => !written.Contains(l.Local),
                IParameterReferenceOperation p => !written.Contains(p.Parameter),
                _ => true,
            });
        return !written.Contains(counter) && Fixed(start) && Fixed(condition.RightOperand)
            ? new CountedShape(counter, start, condition.RightOperand, inclusive.Value, step, shift)
            : null;

        static bool Same(ILocalReferenceOperation reference, ILocalSymbol local) => SymbolEqualityComparer.Default.Equals(reference.Local, local);
    }

    private Stmt LowerCounted(IForLoopOperation loop, CountedShape shape, string source)
    {
        Expr start = Cast(LowerExpr(shape.Start), ScalarType.Int);
        Expr end = Cast(LowerExpr(shape.End), ScalarType.Int);
        // i + c < b is i < b - c.
        if (shape.Shift != 0) end = new Binary(BinaryOp.Subtract, end, new Literal(shape.Shift, ScalarType.Int), ScalarType.Int);
        int counter = NewVariable(shape.Counter.Name, ScalarType.Int, ArrayShape.None, VariableKind.LoopCounter, shape.Counter);
        return new For(counter, start, end, shape.Inclusive, shape.Step, LowerLoopBody(loop, null).ToEquatableArray(), source);
    }

    private static bool HasBreakOrReturn(ILoopOperation loop) =>
        loop.Body.Descendants().Any(o => o is IReturnOperation
            || o is IBranchOperation { BranchKind: BranchKind.Break } b && SymbolEqualityComparer.Default.Equals(b.Target, loop.ExitLabel));

    private static IEnumerable<ISymbol> WrittenSymbols(IOperation body)
    {
        foreach (IOperation o in body.DescendantsAndSelf())
        {
            IOperation? target = o switch
            {
                IAssignmentOperation a => a.Target,
                IIncrementOrDecrementOperation i => i.Target,
                _ => null,
            };
            if (target is not null && ReferencedSymbol(target) is { } symbol) yield return symbol;
        }
    }

    /// <summary>switch on an int: an if/else chain over the cases, default last. Sections end in break or return.</summary>
    private void LowerSwitch(ISwitchOperation switchOperation, List<Stmt> output)
    {
        string source = "switch (" + SourceSnippet.Of(switchOperation.Value.Syntax) + ")";
        Expr value = LowerExpr(switchOperation.Value);
        if (value.Type != ScalarType.Int)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, switchOperation.Syntax, source, "switch on an int value with constant case labels");
            return;
        }
        int selector = NewVariable("_switch", ScalarType.Int, ArrayShape.None, VariableKind.Synthetic, null);
        var selectorRef = new VarRef(selector, ScalarType.Int);
        output.Add(new Assign(selectorRef, value, source));

        EquatableArray<Stmt> otherwise = EquatableArray<Stmt>.Empty;
        var cases = new List<(Expr Condition, EquatableArray<Stmt> Body, string Source)>();
        foreach (ISwitchCaseOperation section in switchOperation.Cases)
        {
            Expr? condition = null;
            bool isDefault = false;
            foreach (ICaseClauseOperation clause in section.Clauses)
            {
                if (clause is IDefaultCaseClauseOperation) isDefault = true;
                else if (clause is ISingleValueCaseClauseOperation { Value.ConstantValue: { HasValue: true, Value: int label } })
                {
                    var test = new Binary(BinaryOp.Equal, selectorRef, new Literal(label, ScalarType.Int), ScalarType.Bool);
                    condition = condition is null ? test : new Binary(BinaryOp.ConditionalOr, condition, test, ScalarType.Bool);
                }
                else Report(DiagnosticDescriptors.UnsupportedStatement, clause.Syntax, SourceSnippet.Of(clause.Syntax), "use constant int case labels");
            }
            var statements = section.Body.ToList();
            // case 1: { ...; break; } is the same as case 1: ...; break;
            while (statements.Count > 0 && statements[statements.Count - 1] is IBlockOperation inner)
            {
                statements.RemoveAt(statements.Count - 1);
                statements.AddRange(inner.Operations);
            }
            if (statements.LastOrDefault() is IBranchOperation { BranchKind: BranchKind.Break } last
                && SymbolEqualityComparer.Default.Equals(last.Target, switchOperation.ExitLabel))
                statements.RemoveAt(statements.Count - 1);
            EquatableArray<Stmt> body = LowerStatements(statements).ToEquatableArray();
            if (isDefault) otherwise = body;
            else if (condition is not null) cases.Add((condition, body, "case " + string.Join(", ", section.Clauses.Select(c => SourceSnippet.Of(c.Syntax)))));
        }
        for (int k = cases.Count - 1; k >= 0; k--)
            otherwise = new Stmt[] { new If(cases[k].Condition, cases[k].Body, otherwise, cases[k].Source) }.ToEquatableArray();
        output.AddRange(otherwise);
    }
}
