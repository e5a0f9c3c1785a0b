using System.Collections.Immutable;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using AutoDiff.Generators.Reverse;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

internal sealed partial class FunctionLowering
{
    /// <summary>Stands for an expression already reported as unsupported; never reported again.</summary>
    private static readonly Literal Placeholder = new(double.NaN, ScalarType.Double);

    private static bool IsInvalid(Expr expr) => ReferenceEquals(expr, Placeholder);

    /// <summary>Lowers an expression; on unsupported input reports an ADIFF error and returns a placeholder.</summary>
    private Expr LowerExpr(IOperation operation)
    {
        _cancellation.ThrowIfCancellationRequested();
        if (operation.ConstantValue.HasValue && TypeMapping.Scalar(operation.Type) is { } constantType)
        {
            object? value = operation.ConstantValue.Value;
            return value switch
            {
                bool b => new Literal(b ? 1 : 0, ScalarType.Bool),
                double d => new Literal(d, constantType),
                float f => new Literal(f, constantType),
                int i => new Literal(i, constantType),
                _ => Fail(operation, "use double, float, int or bool constants"),
            };
        }

        switch (operation)
        {
            case ILocalReferenceOperation { Local: var local } when _views.TryGetValue(local, out ArrayRef? view):
                return view;

            case IParameterReferenceOperation { Parameter: var parameter } when _inlinedArguments is not null && _inlinedArguments.TryGetValue(parameter, out Expr? argument):
                return argument;

            case ILocalReferenceOperation or IParameterReferenceOperation:
                if (Lookup(operation) is not { } variable) return Unsupported(operation);
                return variable.IsArray ? new ArrayRef(variable.Id, variable.Type) : new VarRef(variable.Id, variable.Type);

            case IArrayElementReferenceOperation { Indices.Length: 1 } element:
                return LowerElement(element.ArrayReference, element.Indices[0], operation);

            case IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance, Arguments.Length: 1 } indexer
                when TypeMapping.Array(instance.Type) is not null:
                return LowerElement(instance, indexer.Arguments[0].Value, operation);

            case IImplicitIndexerReferenceOperation { Argument: not IRangeOperation } fromEnd when TypeMapping.Array(fromEnd.Instance.Type) is not null:
                return LowerElement(fromEnd.Instance, fromEnd.Argument, operation); // a span's x[^k]

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } table } when StaticArray(table) is { } tableField:
                return StaticName(tableField, table) is { } tableName ? new StaticField(tableName + ".Length", ScalarType.Int) : Placeholder;

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation or IParameterReferenceOperation } length
                when TypeMapping.Array(length.Instance!.Type) is null && Lookup(length.Instance) is null:
                return Unsupported(length.Instance); // a jagged array's or a list's length: the variable itself is the problem

            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance } when TypeMapping.Array(instance.Type) is not null:
                return LowerExpr(instance) switch
                {
                    ArrayRef { Count: { } count } => count,
                    ArrayRef array => new Length(array.Variable),
                    _ => Placeholder,
                };

            case IBinaryOperation binary:
                return LowerBinary(binary);

            case IUnaryOperation unary:
                return LowerUnary(unary);

            case IConversionOperation conversion:
                return LowerConversion(conversion);

            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                ScalarType type = TypeMapping.Scalar(conditional.Type) ?? ScalarType.Double;
                Expr condition = LowerCondition(conditional.Condition);
                return new Conditional(condition, Cast(Lazily(conditional.WhenTrue), type), Cast(Lazily(whenFalse), type), type);

            case ISwitchExpressionOperation switchExpression:
                return LowerSwitchExpression(switchExpression);

            case IIsPatternOperation isPattern:
                return LowerIsPattern(isPattern);

            case IInvocationOperation or IImplicitIndexerReferenceOperation { Argument: IRangeOperation } when TypeMapping.Array(operation.Type) is not null:
                return LowerSliceArgument(operation) ?? Fail(operation, "pass arrays and spans, or x.Slice(start, count), a.AsSpan(start, count) and x[a..b] of them");

            case IInvocationOperation invocation:
                return LowerInvocation(invocation);

            case IFieldReferenceOperation { Instance: { Type: { IsTupleType: true } } }:
                return Fail(operation, "deconstruct the tuple into locals instead: var (u, v) = ...");

            case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field } when TypeMapping.Scalar(field.Type) is { } fieldType:
                if (!_program.IsAccessible(field))
                    return Fail(operation, $"'{field.Name}' is read by generated code in another type; make it internal");
                return new StaticField(TypeMapping.Display(field.ContainingType) + "." + Escape(field.Name), fieldType);

            case IFieldReferenceOperation when StaticArray(operation) is not null:
                return Fail(operation, "a static readonly array is read element by element here (table[i], table.Length, foreach); to pass it on, copy its elements into a local array in a for loop");

            case IIncrementOrDecrementOperation step:
                return LowerStep(step);

            case IAssignmentOperation:
                Report(DiagnosticDescriptors.SideEffectInExpression, operation.Syntax, SourceSnippet.Of(operation.Syntax));
                return Placeholder;

            default:
                return Fail(operation, "use arithmetic, comparisons, ?:, element access, .Length and calls to Math, MathF and static methods");
        }
    }

    private Expr Fail(IOperation operation, string hint)
    {
        Report(DiagnosticDescriptors.UnsupportedExpression, operation.Syntax, SourceSnippet.Of(operation.Syntax), hint);
        return Placeholder;
    }

    private Expr LowerElement(IOperation arrayOperation, IOperation index, IOperation operation)
    {
        if (StaticArray(arrayOperation) is { } table)
        {
            if (operation.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, operation)
                || operation.Parent is IIncrementOrDecrementOperation)
                return Fail(operation, "a static array is read-only in a differentiable method; copy it into a local array to change it");
            if (StaticName(table, arrayOperation) is not { } name) return Placeholder;
            Expr tableIndex = LowerExpr(index);
            if (IsInvalid(tableIndex)) return Placeholder;
            return tableIndex.Type == ScalarType.Int
                ? new StaticElement(name, tableIndex, TypeMapping.Array(table.Type)!.Value.Element)
                : Fail(index, "indices are int expressions");
        }
        Expr arrayExpr = LowerExpr(arrayOperation);
        if (IsInvalid(arrayExpr)) return Placeholder;
        if (arrayExpr is not ArrayRef array)
            return Fail(operation, "index arrays and spans that are parameters or locals");
        // x[^k] is x[x.Length - k] (a slice's length is its count).
        while (index is IConversionOperation { IsImplicit: true } toIndex && toIndex.Operand is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat })
            index = toIndex.Operand;
        Expr loweredIndex = index is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } fromEnd && TypeMapping.Scalar(fromEnd.Operand.Type) == ScalarType.Int
            ? new Binary(BinaryOp.Subtract, array.Count ?? new Length(array.Variable), LowerExpr(fromEnd.Operand), ScalarType.Int)
            : LowerExpr(index);
        if (IsInvalid(loweredIndex)) return Placeholder;
        if (loweredIndex.Type != ScalarType.Int)
            return Fail(index, "indices are int expressions");
        // An element of a slice is an element of the array it views.
        loweredIndex = Substitution.Offset(array.Start, loweredIndex);
        return new Element(array.Variable, loweredIndex, array.Type);
    }

    /// <summary>A static readonly array of double, float or int (a table of coefficients); null for anything else.</summary>
    private static IFieldSymbol? StaticArray(IOperation operation) =>
        operation is IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }
        && TypeMapping.Array(field.Type) is { Shape: ArrayShape.Array } ? field : null;

    /// <summary>How generated code names a static field, or ADIFF0101 when it is private to another type.</summary>
    private string? StaticName(IFieldSymbol field, IOperation operation)
    {
        if (_program.IsAccessible(field)) return TypeMapping.Display(field.ContainingType) + "." + Escape(field.Name);
        Fail(operation, $"'{field.Name}' is read by generated code in another type; make it internal");
        return null;
    }

    /// <summary>
    /// <c>x switch { 0 =&gt; a, &lt; 0 =&gt; b, _ =&gt; c }</c> as nested <c>?:</c>, <c>x == 0 ? a : x &lt; 0 ? b : c</c>: constant,
    /// relational, <c>and</c>/<c>or</c>/<c>not</c> and discard patterns, with guards. The governing value is a variable
    /// or literal (each arm reads it again), and the last arm is a discard, so that every value has an arm (C# would
    /// throw otherwise).
    /// </summary>
    private Expr LowerSwitchExpression(ISwitchExpressionOperation switchExpression)
    {
        if (TypeMapping.Scalar(switchExpression.Type) is not { } type)
            return Fail(switchExpression, "a switch expression must give a double, float, int or bool value");
        Expr value = LowerExpr(switchExpression.Value);
        if (IsInvalid(value)) return Placeholder;
        if (value is not (VarRef or Literal))
            return Fail(switchExpression.Value, "switch on a local or parameter: assign the value to one first");
        ImmutableArray<ISwitchExpressionArmOperation> arms = switchExpression.Arms;
        if (arms.Length == 0 || arms[arms.Length - 1] is not { Pattern: IDiscardPatternOperation, Guard: null } last)
            return Fail(switchExpression, "end it with a discard arm, _ => ..., so that every value has an arm");
        Expr result = Cast(Lazily(last.Value), type);
        for (int k = arms.Length - 2; k >= 0; k--)
        {
            if (Matches(arms[k].Pattern, value) is not { } test)
                return Fail(arms[k].Pattern, "use constant (0), relational (< 0), and, or, not and discard (_) patterns");
            if (arms[k].Guard is { } guard) test = new Binary(BinaryOp.ConditionalAnd, test, Lazily(guard), ScalarType.Bool);
            result = new Conditional(test, Cast(Lazily(arms[k].Value), type), result, type);
        }
        return result;
    }

    /// <summary><c>x is &gt; 0 and &lt; 1</c>: the same patterns as a switch expression's arms, on a local, parameter or literal.</summary>
    private Expr LowerIsPattern(IIsPatternOperation isPattern)
    {
        Expr value = LowerExpr(isPattern.Value);
        if (IsInvalid(value)) return Placeholder;
        if (value is not (VarRef or Literal))
            return Fail(isPattern.Value, "test a local or parameter: assign the value to one first");
        return Matches(isPattern.Pattern, value) ?? Fail(isPattern.Pattern, "use constant (0), relational (< 0), and, or, not and discard (_) patterns");
    }

    /// <summary>Whether <paramref name="value"/> matches the pattern, as a bool expression; null for other patterns.</summary>
    private Expr? Matches(IPatternOperation pattern, Expr value)
    {
        Expr? Compare(BinaryOperatorKind kind, IOperation constant)
        {
            Expr right = LowerExpr(constant);
            ScalarType operandType = Wider(value.Type, right.Type);
            return IsInvalid(right) || Operator(kind, operandType) is not { } op ? null
                : new Binary(op, Cast(value, operandType), Cast(right, operandType), ScalarType.Bool);
        }
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return Compare(BinaryOperatorKind.Equals, constant.Value);
            case IRelationalPatternOperation relational:
                return Compare(relational.OperatorKind, relational.Value);
            case IDiscardPatternOperation:
                return new Literal(1, ScalarType.Bool);
            case INegatedPatternOperation negated:
                return Matches(negated.Pattern, value) is { } inner ? new Unary(UnaryOp.Not, inner, ScalarType.Bool) : null;
            case IBinaryPatternOperation binary when Matches(binary.LeftPattern, value) is { } left && Matches(binary.RightPattern, value) is { } right:
                return new Binary(binary.OperatorKind == BinaryOperatorKind.Or ? BinaryOp.ConditionalOr : BinaryOp.ConditionalAnd, left, right, ScalarType.Bool);
            default:
                return null;
        }
    }

    private Expr LowerBinary(IBinaryOperation binary)
    {
        if (binary.OperatorMethod is not null)
            return Fail(binary, "user-defined operators cannot be differentiated");
        if (binary.IsChecked)
            return Fail(binary, "checked arithmetic is not supported; remove checked");
        Expr left = LowerExpr(binary.LeftOperand);
        Expr right = binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr
            ? Lazily(binary.RightOperand)
            : LowerExpr(binary.RightOperand);
        ScalarType operandType = Wider(left.Type, right.Type);
        if (Operator(binary.OperatorKind, operandType) is not { } op)
        {
            ReportOperator(binary.Syntax, binary.OperatorKind, operandType);
            return Placeholder;
        }
        ScalarType resultType = TypeMapping.Scalar(binary.Type) ?? operandType;
        if (op is BinaryOp.LeftShift or BinaryOp.RightShift) return new Binary(op, left, right, resultType);
        return new Binary(op, Cast(left, operandType), Cast(right, operandType), resultType);
    }

    private Expr LowerUnary(IUnaryOperation unary)
    {
        Expr operand = LowerExpr(unary.Operand);
        return unary.OperatorKind switch
        {
            UnaryOperatorKind.Plus => operand,
            UnaryOperatorKind.Minus when operand.Type != ScalarType.Bool => new Unary(UnaryOp.Negate, operand, operand.Type),
            UnaryOperatorKind.Not when operand.Type == ScalarType.Bool => new Unary(UnaryOp.Not, operand, ScalarType.Bool),
            UnaryOperatorKind.BitwiseNegation when operand.Type == ScalarType.Int => new Unary(UnaryOp.BitwiseNot, operand, ScalarType.Int),
            _ => Fail(unary, "use unary minus, ! and ~ on ints"),
        };
    }

    private Expr LowerConversion(IConversionOperation conversion)
    {
        // An array passed where a span is expected: the same variable.
        if (TypeMapping.Array(conversion.Type) is not null && TypeMapping.Array(conversion.Operand.Type) is not null)
            return LowerExpr(conversion.Operand);
        if (TypeMapping.Scalar(conversion.Type) is not { } target || TypeMapping.Scalar(conversion.Operand.Type) is null)
            return Fail(conversion, "only conversions between double, float and int are supported");
        if (conversion.IsChecked)
            return Fail(conversion, "checked conversions are not supported; remove checked");
        return Cast(LowerExpr(conversion.Operand), target);
    }

    private Expr LowerInvocation(IInvocationOperation invocation)
    {
        IMethodSymbol method = invocation.TargetMethod;
        string containing = method.ContainingType?.ToDisplayString() ?? "";
        ScalarType? returnType = TypeMapping.Scalar(method.ReturnType);

        // Ad.StopGradient(F(x)): F is called as written, never differentiated, so its body is not lowered (it may
        // use what a differentiable body cannot, such as a static array of coefficients).
        if (containing == "AutoDiff.Ad" && method.Name == "StopGradient" && invocation.Arguments.Length == 1
            && invocation.Arguments[0].Value is IInvocationOperation stopped && AsWritten(stopped) is { } asWritten)
            return new StopGradient(asWritten, asWritten.Type);

        // LINQ runs on IEnumerable, whose conversion would be reported first, and no rule can cover it.
        if (containing == "System.Linq.Enumerable")
            return Fail(invocation, $"LINQ's '{method.Name}' is not differentiated; write the loop out (double s = 0; for (int i = 0; i < w.Length; i++) s += w[i];)");

        Expr[] arguments = invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => LowerParamsArgument(a) ?? LowerExpr(a.Value)).ToArray();

        // Math and MathF, and the same functions as static members of double and float (double.Exp, float.Sqrt).
        // (A double static without a rule and without real inputs, double.CreateChecked(n) say, is a constant: below.)
        bool mathClass = containing is "System.Math" or "System.MathF"
            || containing is "double" or "float" && method.IsStatic && !method.IsGenericMethod
               && (MathRules.TryGet(method.Name, arguments.Length, out _) || arguments.Any(a => a.Type.IsReal()));
        if (mathClass && !_program.HasRule(method))
        {
            string className = containing switch { "System.Math" => "Math", "System.MathF" => "MathF", "double" => "Double", _ => "Single" };
            // Integer results (Math.ILogB, Math.Max(int, int)) carry no derivative.
            bool byValue = method.Parameters.All(p => p.RefKind == RefKind.None);
            if (byValue && returnType is { } mathType && (MathRules.TryGet(method.Name, arguments.Length, out _) || !mathType.IsReal()))
                return new MathCall(className, method.Name, arguments.ToEquatableArray(), mathType);
            Report(DiagnosticDescriptors.NotDifferentiableCall, invocation.Syntax, SourceSnippet.Of(invocation.Syntax),
                $"{className}.{method.Name} has no derivative rule (see docs/math-rules.md for the supported functions)");
            return Placeholder;
        }

        if (containing == "AutoDiff.Ad" && method.Name == "StopGradient" && arguments.Length == 1)
            return new StopGradient(arguments[0], arguments[0].Type);

        // Without floating-point inputs, or without a floating-point result, a call is a constant for differentiation.
        bool constant = arguments.All(a => !a.Type.IsReal()) || returnType is { } result && !result.IsReal();
        if (!constant && WritesArguments(method))
            return Fail(invocation, $"'{method.Name}' writes into its array or span arguments, so it runs in place of its call: call it as a statement, or as the whole value of an assignment");
        int callee = -1;
        string why = constant ? "" : _program.ResolveCall(method, out callee);
        for (int k = 0; callee >= 0 && k < arguments.Length; k++)
            if (arguments[k] is ArrayRef { IsSlice: true } && _program.Callees[callee].Parameters[k].Shape == ArrayShape.Array)
                return Fail(invocation.Arguments.First(a => a.Parameter?.Ordinal == k).Value,
                    $"a slice cannot be passed where '{method.Name}' takes an array; make its parameter a ReadOnlySpan");
        if (callee >= 0)
            return new Call(callee, arguments.ToEquatableArray(), returnType ?? ScalarType.Double,
                _program.Callees[callee].Kind == CalleeKind.Pullback ? LocationInfo.From(invocation.Syntax.GetLocation()) : null);

        if (returnType is ScalarType.Int or ScalarType.Bool && InlinedIndexHelper(method, arguments) is { } index)
            return index;

        // An integer or boolean result, or a result computed from integers only, carries no derivative.
        bool passive = method.IsStatic && _program.IsAccessible(method) && returnType is { } passiveType && (!passiveType.IsReal() || arguments.All(a => !a.Type.IsReal()))
            && method.Parameters.All(p => p.RefKind is RefKind.None or RefKind.In && (TypeMapping.Scalar(p.Type) is not null || TypeMapping.Array(p.Type) is not null));
        if (passive)
            return new PassiveCall(TypeMapping.Display(method.ContainingType!) + "." + Escape(method.Name), arguments.ToEquatableArray(), returnType!.Value);

        if (constant)
            why = !method.IsStatic ? "it is an instance method"
                : !_program.IsAccessible(method) ? "the generated code cannot see it; make it internal"
                : "it takes ref, out or unsupported parameters";
        Report(DiagnosticDescriptors.NotDifferentiableCall, invocation.Syntax, method.ToDisplayString(), why);
        return Placeholder;
    }

    // ---- Types and operators ----------------------------------------------------------------

    internal static ScalarType Wider(ScalarType a, ScalarType b)
    {
        if (a == ScalarType.Double || b == ScalarType.Double) return ScalarType.Double;
        if (a == ScalarType.Float || b == ScalarType.Float) return ScalarType.Float;
        if (a == ScalarType.Bool && b == ScalarType.Bool) return ScalarType.Bool;
        return ScalarType.Int;
    }

    internal static Expr Cast(Expr expr, ScalarType type) =>
        expr.Type == type ? expr
        : expr is Literal literal && type != ScalarType.Bool && literal.Type != ScalarType.Bool && (type != ScalarType.Int || literal.Type == ScalarType.Int)
            ? new Literal(type == ScalarType.Float ? (float)literal.Value : literal.Value, type)
            : new Conversion(expr, type);

    private static BinaryOp? Operator(BinaryOperatorKind kind, ScalarType type)
    {
        bool real = type.IsReal();
        bool integer = type == ScalarType.Int;
        bool boolean = type == ScalarType.Bool;
        return kind switch
        {
            BinaryOperatorKind.Add when !boolean => BinaryOp.Add,
            BinaryOperatorKind.Subtract when !boolean => BinaryOp.Subtract,
            BinaryOperatorKind.Multiply when !boolean => BinaryOp.Multiply,
            BinaryOperatorKind.Divide when !boolean => BinaryOp.Divide,
            BinaryOperatorKind.Remainder when integer => BinaryOp.Remainder,
            BinaryOperatorKind.LessThan when !boolean => BinaryOp.Less,
            BinaryOperatorKind.LessThanOrEqual when !boolean => BinaryOp.LessOrEqual,
            BinaryOperatorKind.GreaterThan when !boolean => BinaryOp.Greater,
            BinaryOperatorKind.GreaterThanOrEqual when !boolean => BinaryOp.GreaterOrEqual,
            BinaryOperatorKind.Equals => BinaryOp.Equal,
            BinaryOperatorKind.NotEquals => BinaryOp.NotEqual,
            BinaryOperatorKind.ConditionalAnd when boolean => BinaryOp.ConditionalAnd,
            BinaryOperatorKind.ConditionalOr when boolean => BinaryOp.ConditionalOr,
            BinaryOperatorKind.And when !real => BinaryOp.And,
            BinaryOperatorKind.Or when !real => BinaryOp.Or,
            BinaryOperatorKind.ExclusiveOr when !real => BinaryOp.ExclusiveOr,
            BinaryOperatorKind.LeftShift when integer => BinaryOp.LeftShift,
            BinaryOperatorKind.RightShift when integer => BinaryOp.RightShift,
            _ => null,
        };
    }

    private void ReportOperator(SyntaxNode syntax, BinaryOperatorKind kind, ScalarType type) =>
        Report(DiagnosticDescriptors.UnsupportedOperator, syntax, OperatorText(kind), type.Keyword(),
            kind == BinaryOperatorKind.Remainder ? "compute the remainder as x - y * Math.Truncate(x / y)" : "use arithmetic and comparison operators");

    private static string OperatorText(BinaryOperatorKind kind) => kind switch
    {
        BinaryOperatorKind.Add => "+", BinaryOperatorKind.Subtract => "-", BinaryOperatorKind.Multiply => "*",
        BinaryOperatorKind.Divide => "/", BinaryOperatorKind.Remainder => "%", BinaryOperatorKind.And => "&",
        BinaryOperatorKind.Or => "|", BinaryOperatorKind.ExclusiveOr => "^", BinaryOperatorKind.LeftShift => "<<",
        BinaryOperatorKind.RightShift => ">>", BinaryOperatorKind.UnsignedRightShift => ">>>",
        BinaryOperatorKind.ConditionalAnd => "&&", BinaryOperatorKind.ConditionalOr => "||",
        _ => kind.ToString(),
    };

    /// <summary>
    /// A call of a static method that returns a double, float, int or bool, with arguments of those types or read-only
    /// spans of them, as a call the generated code makes as written; null for any other call (one that takes an array
    /// or a writable span may write into it, which the analyses must see).
    /// </summary>
    private Expr? AsWritten(IInvocationOperation call)
    {
        IMethodSymbol method = call.TargetMethod;
        if (!method.IsStatic || !_program.IsAccessible(method) || TypeMapping.Scalar(method.ReturnType) is not { } type
            || method.Parameters.Any(p => p.RefKind is not (RefKind.None or RefKind.In)
                || TypeMapping.Scalar(p.Type) is null && TypeMapping.Array(p.Type) is not { Shape: ArrayShape.ReadOnlySpan }))
            return null;
        Expr[] arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => LowerExpr(a.Value)).ToArray();
        if (arguments.Any(IsInvalid)) return Placeholder;
        return new PassiveCall(TypeMapping.Display(method.ContainingType!) + "." + Escape(method.Name), arguments.ToEquatableArray(), type);
    }

    /// <summary>
    /// An int or bool helper that is one expression of its int and bool parameters, such as adbench.md's packed index
    /// <c>static int PackedIndex(int r, int c, int d) =&gt; c * d - c * (c + 1) / 2 + (r - c - 1)</c>: its expression, on
    /// the arguments, in place of the call. As a call it would be a constant computed once into a local, which a loop
    /// overwrites, so the reverse sweep would read it back from the tape element by element; as an expression it is
    /// computed again there, like an index written out. Null for any other helper (it stays a call).
    /// </summary>
    private Expr? InlinedIndexHelper(IMethodSymbol method, Expr[] arguments)
    {
        method = method.PartialImplementationPart ?? method;
        if (!method.IsStatic || method.IsGenericMethod || method.DeclaringSyntaxReferences.Length != 1 || _inlinedArguments is not null
            || method.Parameters.Any(p => p.RefKind is not (RefKind.None or RefKind.In) || TypeMapping.Scalar(p.Type) is not (ScalarType.Int or ScalarType.Bool)))
            return null;
        SyntaxNode declaration = method.DeclaringSyntaxReferences[0].GetSyntax(_cancellation);
        IOperation? body = _program.SemanticModelFor(declaration.SyntaxTree).GetOperation(declaration, _cancellation) switch
        {
            IMethodBodyOperation m => m.BlockBody ?? m.ExpressionBody,
            ILocalFunctionOperation l => l.Body,
            _ => null,
        };
        if (body is not IBlockOperation { Operations.Length: 1 } block || block.Operations[0] is not IReturnOperation { ReturnedValue: { } value }) return null;
        bool Plain(IOperation o) => o.ConstantValue.HasValue || o is IParameterReferenceOperation
            || o is IBinaryOperation or IUnaryOperation or IConversionOperation or IConditionalOperation or IParenthesizedOperation
               && TypeMapping.Scalar(o.Type) is ScalarType.Int or ScalarType.Bool;
        if (!value.DescendantsAndSelf().All(Plain)) return null;
        // A call in an argument would run as often as the parameter is read.
        if (arguments.Any(a => Walk.Expressions(a).Any(e => e is Call or PassiveCall))) return null;
        _inlinedArguments = new System.Collections.Generic.Dictionary<IParameterSymbol, Expr>(SymbolEqualityComparer.Default);
        for (int k = 0; k < method.Parameters.Length; k++) _inlinedArguments[method.Parameters[k]] = arguments[k];
        try
        {
            return Cast(LowerExpr(value), TypeMapping.Scalar(method.ReturnType)!.Value);
        }
        finally
        {
            _inlinedArguments = null;
        }
    }
}
