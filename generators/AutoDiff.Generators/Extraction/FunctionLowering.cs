using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// Lowers one method body from IOperation to the structured IR. Jumps disappear here: break,
/// continue and early return set flags, and the statements they skip are guarded by those flags.
/// Anything outside the supported language becomes an ADIFF diagnostic at its syntax.
/// </summary>
internal sealed partial class FunctionLowering
{
    private readonly IMethodSymbol _method;
    private readonly ProgramExtraction _program;
    private readonly CancellationToken _cancellation;
    private readonly List<Variable> _variables = new();
    private readonly Dictionary<ISymbol, int> _symbols = new(SymbolEqualityComparer.Default);
    private readonly HashSet<string> _names = new();
    private readonly List<LocalArray> _localArrays = new();
    private readonly List<(int Variable, SyntaxNode Syntax, Expr Size)> _arraySizes = new();
    private readonly Stack<LoopContext> _loops = new();
    private readonly HashSet<ISymbol> _rejected = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ISymbol, ArrayRef> _views = new(SymbolEqualityComparer.Default);
    private readonly bool _writer;
    private int _loopDepth;
    private Variable? _result;
    private Variable? _returned;
    // A writer's tuple result: the variables its elements are returned in (see Lower).
    private List<Variable>? _items;
    // While an int helper's expression is lowered in place of its call: its parameters' arguments (InlinedIndexHelper).
    private Dictionary<IParameterSymbol, Expr>? _inlinedArguments;

    /// <summary>
    /// Lowers <paramref name="method"/>. A <paramref name="writer"/> is a helper to be inlined where it is
    /// called (<see cref="TryInlineWriter"/>): it may write into its array and span parameters and return void.
    /// </summary>
    public FunctionLowering(IMethodSymbol method, ProgramExtraction program, CancellationToken cancellation, bool writer = false)
    {
        // A partial method's body and parameters are those of its implementation part.
        _method = method.PartialImplementationPart ?? method;
        _program = program;
        _cancellation = cancellation;
        _writer = writer;
        foreach (IParameterSymbol p in _method.Parameters) _names.Add(Escape(p.Name));
    }

    /// <summary>Lowers the method; null when it has no body to lower (a diagnostic says why).</summary>
    public Function? Lower(string key)
    {
        SyntaxNode? declaration = _method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(_cancellation);
        SemanticModel? model = declaration is null ? null : _program.SemanticModelFor(declaration.SyntaxTree);
        IOperation? operation = declaration is null || model is null ? null : model.GetOperation(declaration, _cancellation);
        IBlockOperation? body = operation switch
        {
            IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
            ILocalFunctionOperation l => l.Body,
            _ => null,
        };
        if (body is null)
        {
            Report(DiagnosticDescriptors.NoBody, declaration, _method.Name);
            return null;
        }

        FindCarvedBuffers(body);
        var parameters = new List<Parameter>();
        foreach (IParameterSymbol p in _method.Parameters)
        {
            int id = -1;
            if (TypeMapping.Scalar(p.Type) is { } scalar)
                id = NewVariable(p.Name, scalar, ArrayShape.None, VariableKind.Parameter, p);
            else if (TypeMapping.Array(p.Type) is { } array)
                id = NewVariable(p.Name, array.Element, array.Shape, VariableKind.Parameter, p);
            parameters.Add(new Parameter(id, Escape(p.Name), TypeMapping.Display(p.Type), TypeMapping.IsFloatingPoint(p.Type)));
        }
        if (_writer && TypeMapping.Tuple(_method.ReturnType) is { } items && _method.ReturnType is INamedTypeSymbol tuple)
        {
            // A helper's tuple result: one trailing out parameter per element, which the caller's deconstruction reads.
            _items = new List<Variable>();
            for (int k = 0; k < items.Length; k++)
            {
                string name = tuple.TupleElements[k].Name; // Item1 when unnamed
                _items.Add(_variables[NewVariable(name, items[k], ArrayShape.None, VariableKind.Synthetic, null)]);
                parameters.Add(new Parameter(_items[k].Id, _items[k].Name, items[k].Keyword(), items[k].IsReal()));
            }
        }

        List<Stmt> statements = HoistValues(LowerBody(body));
        CheckArraySizes(statements);
        LocalArraysAsSpans(statements);
        return new Function(
            key,
            _method.Name,
            TypeMapping.Display(_method.ContainingType) + "." + Escape(_method.Name),
            TypeMapping.Scalar(_method.ReturnType) ?? ScalarType.Double,
            _variables.ToEquatableArray(),
            parameters.ToEquatableArray(),
            _localArrays.ToEquatableArray(),
            RemoveDeadFlags(statements).ToEquatableArray());
    }

    // ---- Returns ----------------------------------------------------------------------------

    private List<Stmt> LowerBody(IBlockOperation body)
    {
        var returns = body.Descendants().OfType<IReturnOperation>().ToList();
        bool singleFinalReturn = returns.Count == 1 && body.Operations.LastOrDefault() is IReturnOperation last && ReferenceEquals(last, returns[0]);
        if (_method.ReturnsVoid || _items is not null)
        {
            // A void writer (or one returning a tuple into _items): an early return skips the rest, like a break; a final one only sets _items.
            if (returns.Count > 0 && !singleFinalReturn)
                _returned = _variables[NewVariable("_returned", ScalarType.Bool, ArrayShape.None, VariableKind.Synthetic, null)];
            return LowerStatements(body.Operations);
        }
        if (!singleFinalReturn)
        {
            ScalarType type = TypeMapping.Scalar(_method.ReturnType) ?? ScalarType.Double;
            _result = _variables[NewVariable("_result", type, ArrayShape.None, VariableKind.Synthetic, null)];
            _returned = _variables[NewVariable("_returned", ScalarType.Bool, ArrayShape.None, VariableKind.Synthetic, null)];
        }

        List<Stmt> statements = LowerStatements(body.Operations);
        if (_result is not null)
            statements.Add(new Return(new VarRef(_result.Id, _result.Type), "return"));
        return statements;
    }

    // ---- Statements -------------------------------------------------------------------------

    /// <summary>Lowers a statement list; whatever follows a statement that may jump is guarded by the jump's flags.</summary>
    private List<Stmt> LowerStatements(IEnumerable<IOperation> operations)
    {
        var list = operations.ToList();
        var result = new List<Stmt>();
        for (int i = 0; i < list.Count; i++)
        {
            _cancellation.ThrowIfCancellationRequested();
            if (EndsInReturn(list[i], out IConditionalOperation? exit) && i + 1 < list.Count)
            {
                // if (c) { ...; return e; } rest  ==  if (c) { ...; return e; } else { rest }: no flag needed.
                LowerIf(exit!.Condition, Statements(exit.WhenTrue), list.Skip(i + 1), "if (" + SourceSnippet.Of(exit.Condition.Syntax) + ")", result);
                break;
            }
            LowerStatement(list[i], result);
            Expr? guard = JumpGuard(list[i]);
            if (guard is not null && i + 1 < list.Count)
            {
                List<Stmt> rest = LowerStatements(list.Skip(i + 1));
                if (rest.Count > 0) result.Add(new If(guard, rest.ToEquatableArray(), EquatableArray<Stmt>.Empty, "(statements after a break, continue or return)"));
                break;
            }
        }
        return result;
    }

    /// <summary>An if without else whose branch ends in return and holds no break or continue of the current loop.</summary>
    private bool EndsInReturn(IOperation operation, out IConditionalOperation? exit)
    {
        exit = operation as IConditionalOperation;
        if (exit is not { WhenFalse: null } || Statements(exit.WhenTrue).LastOrDefault() is not IReturnOperation) return false;
        LoopContext? loop = _loops.Count > 0 ? _loops.Peek() : null;
        return loop is null || !exit.WhenTrue.Descendants().OfType<IBranchOperation>().Any(b =>
            SymbolEqualityComparer.Default.Equals(b.Target, loop.BreakLabel) || SymbolEqualityComparer.Default.Equals(b.Target, loop.ContinueLabel));
    }

    private void LowerStatement(IOperation operation, List<Stmt> output) => WithoutSteps(() =>
    {
        switch (operation)
        {
            case IBlockOperation block:
                output.AddRange(LowerStatements(block.Operations));
                break;
            case IEmptyOperation:
                break;
            case IVariableDeclarationGroupOperation group:
                WithSteps(group, SourceSnippet.Of(group.Syntax), output, o =>
                {
                    foreach (IVariableDeclarationOperation declaration in group.Declarations)
                        foreach (IVariableDeclaratorOperation declarator in declaration.Declarators)
                            LowerDeclarator(declarator, declaration, o);
                });
                break;
            case IExpressionStatementOperation { Operation: var expression }:
                WithSteps(expression, SourceSnippet.Of(expression.Syntax) + ";", output, o => LowerAssignment(expression, o));
                break;
            case IConditionalOperation conditional:
                LowerIf(conditional.Condition, Statements(conditional.WhenTrue), Statements(conditional.WhenFalse),
                    "if (" + SourceSnippet.Of(conditional.Condition.Syntax) + ")", output);
                break;
            case IForLoopOperation forLoop:
                LowerFor(forLoop, output);
                break;
            case IWhileLoopOperation whileLoop:
                LowerWhile(whileLoop, output);
                break;
            case IForEachLoopOperation forEach:
                LowerForEach(forEach, output);
                break;
            case ISwitchOperation switchOperation:
                LowerSwitch(switchOperation, output);
                break;
            case IBranchOperation branch:
                LowerBranch(branch, output);
                break;
            case IReturnOperation ret:
                // A postfix step after return changes a local nothing reads again: dropped.
                WithSteps(ret, SourceSnippet.Of(ret.Syntax), output, o => LowerReturn(ret, o), keepAfter: false);
                break;
            case ILocalFunctionOperation:
                // The generated code lives in other methods, which cannot call a local function.
                Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, SourceSnippet.Of(operation.Syntax),
                    "local functions are not supported; move it out of the method as a static method of the class, which is differentiated (or inlined) like any helper");
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedStatement, operation.Syntax, SourceSnippet.Of(operation.Syntax),
                    "use locals, assignments, if/else, switch, for/while/do/foreach loops, break, continue and return");
                break;
        }
    });

    private static IEnumerable<IOperation> Statements(IOperation? operation) => operation switch
    {
        null => Enumerable.Empty<IOperation>(),
        IBlockOperation block => block.Operations,
        _ => new[] { operation },
    };

    private void LowerReturn(IReturnOperation ret, List<Stmt> output)
    {
        if (_items is not null)
        {
            LowerTupleReturn(ret, output);
            return;
        }
        if (ret.ReturnedValue is null && _writer && _method.ReturnsVoid)
        {
            if (_returned is not null)
                output.Add(new Assign(new VarRef(_returned.Id, ScalarType.Bool), new Literal(1, ScalarType.Bool), SourceSnippet.Of(ret.Syntax)));
            return;
        }
        if (ret.ReturnedValue is null)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, ret.Syntax, SourceSnippet.Of(ret.Syntax), "return a value");
            return;
        }
        string source = SourceSnippet.Of(ret.Syntax);
        Expr value = InlinedWriterValue(ret.ReturnedValue, output, source) ?? LowerExpr(ret.ReturnedValue);
        if (_result is null)
        {
            output.Add(new Return(value, source));
            return;
        }
        output.Add(new Assign(new VarRef(_result.Id, _result.Type), value, source));
        output.Add(new Assign(new VarRef(_returned!.Id, ScalarType.Bool), new Literal(1, ScalarType.Bool), source));
    }

    private void LowerBranch(IBranchOperation branch, List<Stmt> output)
    {
        LoopContext? loop = _loops.Count > 0 ? _loops.Peek() : null;
        if (loop is not null && branch.BranchKind == BranchKind.Break && SymbolEqualityComparer.Default.Equals(branch.Target, loop.BreakLabel))
            output.Add(new Assign(loop.BreakFlag(this), new Literal(1, ScalarType.Bool), "break;"));
        else if (loop is not null && branch.BranchKind == BranchKind.Continue && SymbolEqualityComparer.Default.Equals(branch.Target, loop.ContinueLabel))
            output.Add(new Assign(loop.ContinueFlag(this), new Literal(1, ScalarType.Bool), "continue;"));
        else
            Report(DiagnosticDescriptors.UnsupportedStatement, branch.Syntax, SourceSnippet.Of(branch.Syntax),
                "use break and continue of the innermost loop (a break inside a switch section is only allowed as its last statement)");
    }

    /// <summary>The condition under which statements after <paramref name="operation"/> still run, or null if it cannot jump.</summary>
    private Expr? JumpGuard(IOperation operation)
    {
        Expr? guard = null;
        LoopContext? loop = _loops.Count > 0 ? _loops.Peek() : null;
        foreach (IOperation node in operation.DescendantsAndSelf())
        {
            if (node is IReturnOperation && _returned is not null)
                guard = And(guard, Not(_returned));
            else if (node is IBranchOperation branch && loop is not null)
            {
                if (branch.BranchKind == BranchKind.Break && SymbolEqualityComparer.Default.Equals(branch.Target, loop.BreakLabel))
                    guard = And(guard, Not(_variables[((VarRef)loop.BreakFlag(this)).Variable]));
                if (branch.BranchKind == BranchKind.Continue && SymbolEqualityComparer.Default.Equals(branch.Target, loop.ContinueLabel))
                    guard = And(guard, Not(_variables[((VarRef)loop.ContinueFlag(this)).Variable]));
            }
        }
        return guard;
    }

    private static Expr Not(Variable flag) => new Unary(UnaryOp.Not, new VarRef(flag.Id, ScalarType.Bool), ScalarType.Bool);

    private static Expr And(Expr? left, Expr right) =>
        left is null || left.Equals(right) ? right : new Binary(BinaryOp.ConditionalAnd, left, right, ScalarType.Bool);

    // ---- Declarations and assignments -------------------------------------------------------

    private void LowerDeclarator(IVariableDeclaratorOperation declarator, IVariableDeclarationOperation declaration, List<Stmt> output)
    {
        ILocalSymbol local = declarator.Symbol;
        IOperation? initializer = declarator.Initializer?.Value ?? declaration.Initializer?.Value;
        string source = SourceSnippet.Of(declarator.Syntax.Parent?.Parent ?? declarator.Syntax);

        if (local.IsRef)
        {
            _rejected.Add(local);
            Report(DiagnosticDescriptors.UnsupportedLocalType, declarator.Syntax, local.Name, "ref " + local.Type.ToDisplayString(), UseSupportedType);
            return;
        }

        if (_carvedBuffers.ContainsKey(local)) return; // its slices are arrays of their own (Carving)
        if (_carvedParts.TryGetValue(local, out CarvedPart? part) && TypeMapping.Array(local.Type) is var (partShape, partElement))
        {
            _carvedBuffers[part.Buffer].Add(DeclareLocalArray(local, partElement, partShape, part.Length(), declarator.Syntax, output, source));
            return;
        }

        if (TypeMapping.Scalar(local.Type) is { } scalar)
        {
            Expr? inlined = initializer is null ? null : InlinedWriterValue(initializer, output, source);
            int id = NewVariable(local.Name, scalar, ArrayShape.None, VariableKind.Local, local);
            if (initializer is not null)
                output.Add(new Assign(new VarRef(id, scalar), inlined is null ? LowerValue(initializer, scalar) : Cast(inlined, scalar), source));
            return;
        }

        if (TypeMapping.Array(local.Type) is { Shape: ArrayShape.ReadOnlySpan } && initializer is not null
            && LowerView(initializer, local.Name, output, source) is { } readOnlyView)
        {
            _views[local] = readOnlyView;
            return;
        }

        if (TypeMapping.Array(local.Type) is { } array && array.Shape != ArrayShape.ReadOnlySpan)
        {
            if (initializer is null && (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer is null)
            {
                _rejected.Add(local);
                Report(DiagnosticDescriptors.UnsupportedStatement, declarator.Syntax, SourceSnippet.Of(declarator.Syntax),
                    "declare a local array with its allocation: new double[n] or stackalloc double[n]");
                return;
            }
            if (initializer is not null && LowerView(initializer, local.Name, output, source) is { } view)
            {
                _views[local] = view;
                return;
            }
            if (initializer is not null && CopySource(initializer) is { } copied)
            {
                DeclareCopy(local, array.Element, array.Shape, copied, declarator.Syntax, output, source);
                return;
            }
            IReadOnlyList<IOperation>? elements = null;
            Expr? size = LocalArraySize(declarator, initializer, out elements);
            if (size is null)
            {
                _rejected.Add(local);
                Report(DiagnosticDescriptors.ArrayAliasing, declarator.Syntax, SourceSnippet.Of(declarator.Syntax));
                return;
            }
            int id = DeclareLocalArray(local, array.Element, array.Shape, size, declarator.Syntax, output, source);
            if (elements is not null)
                for (int k = 0; k < elements.Count; k++)
                    output.Add(new Assign(
                        new Element(id, new Literal(k, ScalarType.Int), array.Element),
                        LowerValue(elements[k], array.Element),
                        source));
            return;
        }

        _rejected.Add(local);
        // A span local that is not one view (lstm.h's pointer switch, i == 0 ? x : s.Slice(...)) has the right type.
        bool span = TypeMapping.Array(local.Type) is { Shape: ArrayShape.ReadOnlySpan } && initializer is not null;
        Report(DiagnosticDescriptors.UnsupportedLocalType, declarator.Syntax, local.Name, local.Type.ToDisplayString(),
            span ? "a span local must be one view of one array: x, x.Slice(start, length) or x.AsSpan(start, length), not a choice between arrays; "
                + "branch around the code that reads it instead, or copy the elements into a local array (stackalloc double[n])"
                : TypeMapping.Tuple(local.Type) is not null ? "deconstruct the tuple into locals instead: var (a, b) = ..."
                : UseSupportedType);
    }

    /// <summary>
    /// The array or view a local array's initializer copies: <c>x.ToArray()</c> of a span or array (also LINQ's),
    /// <c>(double[])a.Clone()</c>, <c>[.. x]</c>. Null for any other initializer.
    /// </summary>
    private ArrayRef? CopySource(IOperation initializer)
    {
        IOperation value = initializer;
        while (value is IConversionOperation { OperatorMethod: null } conversion) value = conversion.Operand;
        IOperation? copied = value switch
        {
            IInvocationOperation { TargetMethod.Name: "ToArray", Instance: { } span, Arguments.Length: 0 } => span,
            IInvocationOperation { TargetMethod: { Name: "ToArray", ContainingType.Name: "Enumerable" }, Arguments.Length: 1 } linq => linq.Arguments[0].Value,
            IInvocationOperation { TargetMethod.Name: "Clone", Instance: { } array, Arguments.Length: 0 } => array,
            ICollectionExpressionOperation { Elements.Length: 1 } collection when collection.Elements[0] is ISpreadOperation spread => spread.Operand,
            _ => null,
        };
        while (copied is IConversionOperation { OperatorMethod: null } inner && TypeMapping.Array(inner.Operand.Type) is not null) copied = inner.Operand;
        return copied is not null && TypeMapping.Array(copied.Type) is { } from && TypeMapping.Array(initializer.Type) is { } to
            && from.Element == to.Element ? ViewOf(copied) : null;
    }

    /// <summary>A local array declared as a copy: allocated with the source's length, then filled element by element.</summary>
    private void DeclareCopy(ILocalSymbol local, ScalarType element, ArrayShape shape, ArrayRef from, SyntaxNode syntax, List<Stmt> output, string source)
    {
        Expr count = from.Count ?? new Length(from.Variable);
        int id = DeclareLocalArray(local, element, shape, count, syntax, output, source);
        output.Add(ElementLoop(new ArrayRef(id, element), count, i => new Element(from.Variable, Substitution.Offset(from.Start, i), element), source));
    }

    /// <summary>A fresh zeroed local array: allocated where it is declared, or, in a loop, once at the start and cleared at each declaration.</summary>
    private int DeclareLocalArray(ILocalSymbol local, ScalarType element, ArrayShape shape, Expr size, SyntaxNode syntax, List<Stmt> output, string source)
    {
        int id = NewVariable(local.Name, element, shape, VariableKind.LocalArray, local);
        if (_loopDepth == 0) output.Add(new AllocateArray(id, size, source));
        else
        {
            AddLoopArray(id, size, syntax);
            output.Add(new ClearArray(id, source));
        }
        return id;
    }

    private const string UseSupportedType = "use double, float, int or bool, or a local array (new double[n] or stackalloc double[n])";

    /// <summary>
    /// A span local that views an array: <c>x</c>, <c>x.Slice(start)</c>, <c>x.Slice(start, count)</c>,
    /// <c>a.AsSpan(...)</c>. Its start and count are fixed in int locals where it is declared; its
    /// elements are the array's. Null when the initializer is not such a view.
    /// </summary>
    private ArrayRef? LowerView(IOperation initializer, string name, List<Stmt> output, string source)
    {
        if (ViewParts(initializer) is not var (array, offset, count)) return null;
        if (offset is null) return array; // another name for the same array or view
        var start = new VarRef(NewVariable(name + "_start", ScalarType.Int, ArrayShape.None, VariableKind.Synthetic, null), ScalarType.Int);
        var length = new VarRef(NewVariable(name + "_length", ScalarType.Int, ArrayShape.None, VariableKind.Synthetic, null), ScalarType.Int);
        output.Add(new Assign(start, array.Start is null ? offset : new Binary(BinaryOp.Add, array.Start, offset, ScalarType.Int), source));
        output.Add(new Assign(length, count!, source));
        return new ArrayRef(array.Variable, array.Type, start, length);
    }

    /// <summary>
    /// <c>x.Slice(...)</c>, <c>a.AsSpan(...)</c> or <c>x[a..b]</c> passed straight to a call: the view with its start and
    /// count as expressions, read where the call is. Null when <paramref name="view"/> is none of them.
    /// </summary>
    private ArrayRef? LowerSliceArgument(IOperation view) => ViewParts(view) is { } parts ? View(parts) : null;

    /// <summary>An array or span, or a view of one (a slice of a slice too: <c>x.Slice(1).Slice(1, 2)</c>, <c>x[1..^1][1..3]</c>).</summary>
    private ArrayRef? ViewOf(IOperation operation) => ViewParts(operation) is { } parts ? View(parts) : LowerExpr(operation) as ArrayRef;

    private static ArrayRef View((ArrayRef Array, Expr? Offset, Expr? Count) parts)
    {
        (ArrayRef array, Expr? offset, Expr? count) = parts;
        if (offset is null) return array;
        return new ArrayRef(array.Variable, array.Type, array.Start is null ? offset : new Binary(BinaryOp.Add, array.Start, offset, ScalarType.Int), count);
    }

    /// <summary>The viewed array (or view) and the view's offset into it and count; no offset for the whole of it.</summary>
    private (ArrayRef Array, Expr? Offset, Expr? Count)? ViewParts(IOperation initializer)
    {
        IOperation value = initializer is IConversionOperation { OperatorMethod: null } c && TypeMapping.Array(c.Operand.Type) is not null ? c.Operand : initializer;
        if (value is IConversionOperation implicitSpan && TypeMapping.Array(implicitSpan.Operand.Type) is not null) value = implicitSpan.Operand;
        IOperation? baseOperation;
        IOperation[] bounds;
        switch (value)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation:
                return LowerExpr(value) is ArrayRef whole ? (whole, null, null) : null;
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: { } instance } slice:
                baseOperation = instance;
                bounds = slice.Arguments.OrderBy(a => a.Parameter?.Ordinal).Select(a => a.Value).ToArray();
                break;
            case IImplicitIndexerReferenceOperation { Argument: IRangeOperation range, Instance: { } spanned }
                when TypeMapping.Array(spanned.Type) is { Shape: not ArrayShape.Array }:
                return RangeParts(spanned, range);
            case IInvocationOperation { TargetMethod.Name: "AsSpan", TargetMethod.ContainingType.Name: "MemoryExtensions", Arguments.Length: >= 1 } asSpan:
                var ordered = asSpan.Arguments.OrderBy(a => a.Parameter?.Ordinal).Select(a => a.Value).ToArray();
                baseOperation = ordered[0];
                bounds = ordered.Skip(1).ToArray();
                break;
            default:
                return null;
        }
        if (bounds.Length > 2 || bounds.Any(b => TypeMapping.Scalar(b.Type) != ScalarType.Int)
            || ViewOf(baseOperation is IConversionOperation inner ? inner.Operand : baseOperation) is not { } array)
            return null;
        if (bounds.Length == 0) return (array, null, null);

        Expr baseCount = array.Count ?? new Length(array.Variable);
        Expr offset = LowerExpr(bounds[0]);
        Expr count = bounds.Length > 1 ? LowerExpr(bounds[1]) : new Binary(BinaryOp.Subtract, baseCount, offset, ScalarType.Int);
        return (array, offset, count);
    }

    /// <summary>
    /// A span's range <c>x[a..b]</c>, <c>x[a..]</c>, <c>x[..^k]</c>: the same view as <c>x.Slice(a, b - a)</c>. (An
    /// array's range is a copy, <c>RuntimeHelpers.GetSubArray</c>, and is not taken here.)
    /// </summary>
    private (ArrayRef Array, Expr? Offset, Expr? Count)? RangeParts(IOperation spanned, IRangeOperation range)
    {
        if (ViewOf(spanned) is not { } array) return null;
        Expr length = array.Count ?? new Length(array.Variable);
        Expr? Bound(IOperation? operand, Expr missing) => operand switch
        {
            null => missing,
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd when TypeMapping.Scalar(fromEnd.Operand.Type) == ScalarType.Int =>
                new Binary(BinaryOp.Subtract, length, LowerExpr(fromEnd.Operand), ScalarType.Int),
            IConversionOperation { Operand: var index } when TypeMapping.Scalar(index.Type) == ScalarType.Int => LowerExpr(index),
            _ => null,
        };
        if (Bound(range.LeftOperand, new Literal(0, ScalarType.Int)) is not { } start || Bound(range.RightOperand, length) is not { } end) return null;
        return (array, start, start is Literal { Value: 0 } ? end : new Binary(BinaryOp.Subtract, end, start, ScalarType.Int));
    }

    /// <summary>
    /// The element count of new T[n], new T[] { ... }, { ... }, [ ... ], stackalloc T[n] and
    /// stackalloc T[] { ... }; <paramref name="elements"/> gets the initial values, if any. Null when
    /// the initializer is not an allocation (an alias of another array).
    /// </summary>
    private Expr? LocalArraySize(IVariableDeclaratorOperation declarator, IOperation? initializer, out IReadOnlyList<IOperation>? elements)
    {
        elements = null;
        IOperation? value = initializer is IConversionOperation conversion ? conversion.Operand : initializer;
        if (value is IArrayCreationOperation { DimensionSizes.Length: 1 } creation)
        {
            elements = creation.Initializer?.ElementValues;
            return LowerExpr(creation.DimensionSizes[0]);
        }
        if (value is ICollectionExpressionOperation collection)
        {
            if (collection.Elements.Any(e => e is ISpreadOperation)) return null;
            elements = collection.Elements;
            return new Literal(collection.Elements.Length, ScalarType.Int);
        }
        // stackalloc has no IOperation of its own: read its size and elements from the syntax.
        ExpressionSyntax? syntax = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
        while (syntax is ParenthesizedExpressionSyntax p) syntax = p.Expression;
        SemanticModel model = _program.SemanticModelFor(declarator.Syntax.SyntaxTree);
        InitializerExpressionSyntax? initial = syntax switch
        {
            StackAllocArrayCreationExpressionSyntax s => s.Initializer,
            ImplicitStackAllocArrayCreationExpressionSyntax s => s.Initializer,
            _ => null,
        };
        if (initial is not null)
            elements = initial.Expressions.Select(e => model.GetOperation(e, _cancellation)!).ToList();
        if (elements is not null && elements.Any(e => e is null)) return null;
        if (syntax is StackAllocArrayCreationExpressionSyntax { Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } arrayType }
            && arrayType.RankSpecifiers[0].Sizes.Count == 1)
        {
            ExpressionSyntax sizeSyntax = arrayType.RankSpecifiers[0].Sizes[0];
            if (sizeSyntax is not OmittedArraySizeExpressionSyntax && model.GetOperation(sizeSyntax, _cancellation) is { } sizeOperation)
                return LowerExpr(sizeOperation);
            if (elements is not null) return new Literal(elements.Count, ScalarType.Int);
        }
        if (syntax is ImplicitStackAllocArrayCreationExpressionSyntax && elements is not null)
            return new Literal(elements.Count, ScalarType.Int);
        return null;
    }

    private void LowerAssignment(IOperation expression, List<Stmt> output)
    {
        string source = SourceSnippet.Of(expression.Syntax) + ";";
        switch (expression)
        {
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                Report(DiagnosticDescriptors.UnsupportedStatement, expression.Syntax, source,
                    "a discarded value has no effect on the result; remove the statement");
                break;
            case IDeconstructionAssignmentOperation deconstruction when TryLowerDeconstruction(deconstruction, output, source):
                break;
            case IDeconstructionAssignmentOperation:
                RejectDeclaredLocals(expression);
                Report(DiagnosticDescriptors.UnsupportedStatement, expression.Syntax, source,
                    "only a tuple of values, as in (a, b) = (b, a + b), or the tuple a static method of this compilation returns can be deconstructed; assign each element in its own statement");
                break;
            case IInvocationOperation call when call.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Ref)
                || call.Arguments.Any(a => a.Parameter?.RefKind is RefKind.Out) && !IsWriterCandidate(call.TargetMethod):
                RejectDeclaredLocals(expression);
                Report(DiagnosticDescriptors.UnsupportedStatement, expression.Syntax, source,
                    "ref arguments are not supported, and out arguments only to static methods of this compilation whose other parameters are double, float, int, bool, arrays or spans (they run inlined); return the value instead, or write the results into a span the caller allocates");
                break;
            case IInvocationOperation call when TryInlineWriter(call, output, source, out _):
                break;
            case ISimpleAssignmentOperation simple when LowerTarget(simple.Target, simple.Syntax) is { } target:
                Expr value = InlinedWriterValue(simple.Value, output, source) ?? LowerValue(simple.Value, target.Type);
                value = Cast(value, target.Type);
                if (!value.Equals(target)) output.Add(new Assign(target, value, source)); // x = x does nothing
                break;
            case ICompoundAssignmentOperation compound when LowerTarget(compound.Target, compound.Syntax) is { } target:
                if (Operator(compound.OperatorKind, target.Type) is not { } op)
                {
                    ReportOperator(compound.Syntax, compound.OperatorKind, target.Type);
                    break;
                }
                Expr right = LowerExpr(compound.Value);
                ScalarType type = Wider(target.Type, right.Type);
                output.Add(new Assign(target, Cast(new Binary(op, Cast(target, type), Cast(right, type), type), target.Type), source));
                break;
            case IIncrementOrDecrementOperation increment when LowerTarget(increment.Target, increment.Syntax) is { } target:
                BinaryOp step = increment.Kind == OperationKind.Increment ? BinaryOp.Add : BinaryOp.Subtract;
                output.Add(new Assign(target, new Binary(step, target, new Literal(1, target.Type), target.Type), source));
                break;
            case ISimpleAssignmentOperation or ICompoundAssignmentOperation or IIncrementOrDecrementOperation:
                break; // LowerTarget reported why
            case IInvocationOperation:
                Report(DiagnosticDescriptors.UnsupportedStatement, expression.Syntax, source,
                    "a call whose result is discarded has no effect on the result; remove it or use its value");
                break;
            default:
                Report(DiagnosticDescriptors.UnsupportedStatement, expression.Syntax, source, "write assignments, ++ and -- as statements");
                break;
        }
    }

    private Expr? LowerTarget(IOperation target, SyntaxNode statement)
    {
        switch (target)
        {
            case ILocalReferenceOperation { Local: var view } when _views.ContainsKey(view):
                Report(DiagnosticDescriptors.ArrayAliasing, statement, SourceSnippet.Of(statement));
                return null;
            case ILocalReferenceOperation or IParameterReferenceOperation:
                if (Lookup(target) is not { } variable)
                {
                    Unsupported(target);
                    return null;
                }
                if (variable.IsArray)
                {
                    Report(DiagnosticDescriptors.ArrayAliasing, statement, SourceSnippet.Of(statement));
                    return null;
                }
                return new VarRef(variable.Id, variable.Type);
            case IArrayElementReferenceOperation or IPropertyReferenceOperation { Property.IsIndexer: true } or IImplicitIndexerReferenceOperation { Argument: not IRangeOperation }:
                Expr lowered = LowerExpr(target);
                if (lowered is Element element)
                {
                    Variable array = _variables[element.Array];
                    if (!MayWrite(array.Id))
                    {
                        Report(DiagnosticDescriptors.WriteToParameterArray, statement, SourceSnippet.Of(statement), array.Name);
                        return null;
                    }
                    return element;
                }
                if (!IsInvalid(lowered))
                    Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax, SourceSnippet.Of(target.Syntax), "assign to a local, a parameter or an element of a local array");
                return null;
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, target.Syntax, SourceSnippet.Of(target.Syntax), "assign to a local, a parameter or an element of a local array");
                return null;
        }
    }

    private Expr LowerValue(IOperation value, ScalarType type) => Cast(LowerExpr(value), type);

    private Expr LowerCondition(IOperation condition)
    {
        Expr lowered = LowerExpr(condition);
        if (lowered.Type != ScalarType.Bool && !IsInvalid(lowered))
            Report(DiagnosticDescriptors.UnsupportedExpression, condition.Syntax, SourceSnippet.Of(condition.Syntax), "conditions must be bool expressions");
        return lowered;
    }

    // ---- Variables --------------------------------------------------------------------------

    internal int NewVariable(string name, ScalarType type, ArrayShape shape, VariableKind kind, ISymbol? symbol)
    {
        string unique = Escape(name);
        for (int k = 1; !_names.Add(unique) && kind != VariableKind.Parameter; k++) unique = Escape(name + "_" + k);
        var variable = new Variable(_variables.Count, unique, type, shape, kind);
        _variables.Add(variable);
        if (symbol is not null) _symbols[symbol] = variable.Id;
        return variable.Id;
    }

    private Variable? Lookup(IOperation reference) =>
        ReferencedSymbol(reference) is { } symbol && _symbols.TryGetValue(symbol, out int id) ? _variables[id] : null;

    /// <summary>The local or parameter a reference names; null for any other operation.</summary>
    private static ISymbol? ReferencedSymbol(IOperation reference) => reference switch
    {
        ILocalReferenceOperation l => l.Local,
        IParameterReferenceOperation p => p.Parameter,
        _ => null,
    };

    internal static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None && name is "var" or "nameof"
            ? "@" + name
            : name;

    /// <summary>
    /// A local <c>double[]</c> that no call needs as an array becomes a span in the generated code, like a
    /// <c>stackalloc</c> one: it is rented from the tape either way, and a span can also be made a view
    /// of a row of the tape (<see cref="Reverse.AdjointBuilder"/>'s per-iteration rows).
    /// </summary>
    private void LocalArraysAsSpans(List<Stmt> body)
    {
        HashSet<int> needed = Walk.NeededAsArrays(body, _program.Callees);
        for (int v = 0; v < _variables.Count; v++)
            if (_variables[v] is { Kind: VariableKind.LocalArray, Shape: ArrayShape.Array } array && !needed.Contains(v))
                _variables[v] = array with { Shape = ArrayShape.Span };
    }

    /// <summary>Local array sizes are evaluated once at the start, so they may only read parameters that are never assigned.</summary>
    private void CheckArraySizes(List<Stmt> body)
    {
        var written = new HashSet<int>(Walk.WrittenVariables(body));
        // int b = x.Length / 3, assigned once at the top level: a size may use b, read as x.Length / 3; and a
        // local array's .Length, read as its size (an inlined helper's new double[v.Length + 2]).
        Dictionary<int, Expr> definitions = Walk.SingleDefinitions(body, _variables);
        foreach (AllocateArray allocate in Walk.Statements(body).OfType<AllocateArray>()) definitions[allocate.Array] = allocate.Size;
        foreach (LocalArray array in _localArrays) definitions[array.Variable] = array.Size;
        Expr? Definition(Expr e) => e switch
        {
            VarRef v when definitions.TryGetValue(v.Variable, out Expr? value) => value,
            Length l when _variables[l.Array].Kind == VariableKind.LocalArray && definitions.TryGetValue(l.Array, out Expr? size) => size,
            _ => null,
        };
        foreach ((int array, SyntaxNode syntax, Expr size) in _arraySizes)
        {
            Expr resolved = size;
            for (int depth = 0; depth < 8 && Walk.Expressions(resolved).Any(e => Definition(e) is not null); depth++)
                resolved = Substitution.Leaves(resolved, Definition);
            bool fixedSize = Walk.Variables(resolved).All(v => _variables[v].Kind == VariableKind.Parameter && !written.Contains(v))
                && !Walk.Expressions(resolved).Any(e => e is Call or PassiveCall);
            if (!fixedSize)
                Report(DiagnosticDescriptors.ArraySizeNotFixed, syntax, _variables[array].Name, SourceSnippet.Of(syntax));
            else if (!ReferenceEquals(resolved, size))
                _localArrays[_localArrays.FindIndex(a => a.Variable == array)] = new LocalArray(array, resolved);
        }
    }

    /// <summary>Whether the body may write into the array: a local one, or (in a writer helper) a writable parameter.</summary>
    private bool MayWrite(int array) =>
        _variables[array].Kind != VariableKind.Parameter || _writer && _variables[array].Shape != ArrayShape.ReadOnlySpan;


    /// <summary>Flags that no condition reads (a return at the very end, say) are dropped with their assignments.</summary>
    private List<Stmt> RemoveDeadFlags(List<Stmt> body)
    {
        var read = new HashSet<int>(Walk.ReadVariables(body));
        var dead = new HashSet<int>(_variables.Where(v => v.Kind == VariableKind.Synthetic && v.Type == ScalarType.Bool && !read.Contains(v.Id)).Select(v => v.Id));
        return dead.Count == 0 ? body : Walk.RemoveAssignments(body, dead);
    }

    // ---- Diagnostics ------------------------------------------------------------------------

    /// <summary>A reference to a variable the IR does not have: reported once, unless its declaration already was.</summary>
    private Expr Unsupported(IOperation operation)
    {
        ISymbol? symbol = (operation as ILocalReferenceOperation)?.Local ?? (ISymbol?)(operation as IParameterReferenceOperation)?.Parameter;
        if (symbol is null || !_rejected.Contains(symbol))
            Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, SourceSnippet.Of(operation.Syntax),
                "only double, float, int and bool values and arrays or spans of them can be used (flatten a jagged or multi-dimensional array into one double[] indexed i * n + j)");
        if (symbol is not null) _rejected.Add(symbol);
        return Placeholder;
    }

    internal void Report(DiagnosticDescriptor descriptor, SyntaxNode? syntax, params string[] arguments) =>
        _program.Report(descriptor, syntax?.GetLocation(), arguments);

    /// <summary>The innermost loop being lowered, with its lazily created flags.</summary>
    private sealed class LoopContext
    {
        private Expr? _break, _continue;

        public LoopContext(ILabelSymbol? breakLabel, ILabelSymbol? continueLabel)
        {
            BreakLabel = breakLabel;
            ContinueLabel = continueLabel;
        }

        public ILabelSymbol? BreakLabel { get; }
        public ILabelSymbol? ContinueLabel { get; }
        public bool HasBreak => _break is not null;
        public bool HasContinue => _continue is not null;

        public Expr BreakFlag(FunctionLowering owner) =>
            _break ??= new VarRef(owner.NewVariable("_break", ScalarType.Bool, ArrayShape.None, VariableKind.Synthetic, null), ScalarType.Bool);

        public Expr ContinueFlag(FunctionLowering owner) =>
            _continue ??= new VarRef(owner.NewVariable("_continue", ScalarType.Bool, ArrayShape.None, VariableKind.Synthetic, null), ScalarType.Bool);
    }
}
