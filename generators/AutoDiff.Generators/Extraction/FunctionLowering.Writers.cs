using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// Helpers that write into their array or span arguments, the way ADBench's C++ computes
/// <c>subtract(d, x, mu, xcentered)</c> and <c>Qtimesx(..., out)</c>: a call of one runs the helper's
/// statements in place of the call, on the caller's arrays. A span parameter stands for the argument it
/// was given (a whole array or a slice of one), the helper's locals become fresh locals of the caller,
/// and what it writes the caller's analyses see as their own writes, saved and reversed like them.
/// Calls that are statements and calls that are the whole value of an assignment, a declaration or a
/// return are inlined; a writing helper inside a larger expression is an error at the call.
/// </summary>
internal sealed partial class FunctionLowering
{
    /// <summary>
    /// Inlines <paramref name="call"/> when it calls a helper that writes into its array arguments, or
    /// reports why a void call cannot be used. False for calls that are neither (a value call: lowered as usual).
    /// </summary>
    private bool TryInlineWriter(IInvocationOperation call, List<Stmt> output, string source, out Expr? result, List<Expr>? items = null)
    {
        result = null;
        IMethodSymbol method = call.TargetMethod;
        if (method.ReturnsVoid && TryLowerSpanFill(call, output, source)) return true;
        if (!IsWriterCandidate(method))
        {
            if (!method.ReturnsVoid) return false;
            Report(DiagnosticDescriptors.UnsupportedStatement, call.Syntax, source,
                $"'{method.Name}' returns nothing, and only static methods of this compilation that write into their array or span arguments can be called for their effect; write the loop out instead");
            return true;
        }
        Function? helper = _program.LowerWriter(method, out bool recursive);
        if (recursive)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, call.Syntax, source,
                $"'{method.Name}' writes into its arguments (arrays, spans, out parameters) or returns a tuple, so it is inlined where it is called and cannot call itself; return a value instead");
            result = Placeholder;
            return true;
        }
        if (helper is null)
        {
            result = Placeholder; // its own diagnostics say why
            return true;
        }
        if (WrittenArrayParameters(helper).Count == 0 && !method.Parameters.Any(p => p.RefKind == RefKind.Out) && TypeMapping.Tuple(method.ReturnType) is null)
        {
            if (!method.ReturnsVoid) return false;
            Report(DiagnosticDescriptors.UnsupportedStatement, call.Syntax, source,
                $"'{method.Name}' writes into none of its array or span arguments, so the call has no effect on the result; remove it");
            return true;
        }
        result = Inline(helper, call, output, source, items);
        return true;
    }

    /// <summary>The value of a writing helper called as the whole value of an assignment, declaration or return, inlined; null for any other value.</summary>
    private Expr? InlinedWriterValue(IOperation value, List<Stmt> output, string source)
    {
        while (value is IConversionOperation { OperatorMethod: null } conversion && TypeMapping.Scalar(conversion.Operand.Type) is not null)
            value = conversion.Operand;
        if (value is not IInvocationOperation call || call.TargetMethod.ReturnsVoid) return null;
        return TryInlineWriter(call, output, source, out Expr? result) ? result : null;
    }

    /// <summary>Whether a call of <paramref name="method"/> inside an expression would need inlining it can not get there.</summary>
    private bool WritesArguments(IMethodSymbol method) =>
        IsWriterCandidate(method) && _program.LowerWriter(method, out bool recursive) is { } helper && !recursive
        && WrittenArrayParameters(helper).Count > 0;

    /// <summary>
    /// A static method of this compilation, not generic and without a [DerivativeOf] rule, whose
    /// parameters are scalars and arrays (and <c>out</c> scalars), and which returns nothing, or may write
    /// into an array or span parameter, or has an <c>out</c> parameter.
    /// </summary>
    private bool IsWriterCandidate(IMethodSymbol method) =>
        method.IsStatic && !method.IsGenericMethod && !method.ContainingType.IsGenericType
        && method.DeclaringSyntaxReferences.Length > 0 && !_program.HasRule(method)
        && method.Parameters.All(p => p.RefKind is RefKind.None or RefKind.In && (TypeMapping.Scalar(p.Type) is not null || TypeMapping.Array(p.Type) is not null)
            || p.RefKind == RefKind.Out && TypeMapping.Scalar(p.Type) is not null)
        && (method.ReturnsVoid
            || TypeMapping.Scalar(method.ReturnType) is not null
               && method.Parameters.Any(p => TypeMapping.Array(p.Type) is { Shape: ArrayShape.Array or ArrayShape.Span } || p.RefKind == RefKind.Out)
            || TypeMapping.Tuple(method.ReturnType) is not null);

    private static List<int> WrittenArrayParameters(Function helper)
    {
        var written = new HashSet<int>(Walk.WrittenVariables(helper.Body));
        return helper.Parameters.Select(p => p.Variable).Where(v => v >= 0 && helper.Variables[v].IsArray && written.Contains(v)).ToList();
    }

    /// <summary>
    /// The helper's statements into <paramref name="output"/>, on the caller's variables; returns its result (null for
    /// void). A tuple's elements go to fresh locals, added to <paramref name="items"/>.
    /// </summary>
    private Expr? Inline(Function helper, IInvocationOperation call, List<Stmt> output, string source, List<Expr>? items)
    {
        var written = new HashSet<int>(Walk.WrittenVariables(helper.Body));
        var map = new Dictionary<int, Expr>();
        // The helper's variables in the caller: Subtract_i, QTimesX_lparamsidx.
        string Named(Variable v, string suffix) => Prefix(helper) + "_" + v.Name.TrimStart('_', '@') + suffix;
        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => a.Value).ToList();
        var assignments = new List<Stmt>();
        var results = new List<Stmt>(); // out arguments, assigned from the helper's locals once it has run
        for (int k = 0; k < arguments.Count; k++)
        {
            Variable parameter = helper.Variables[helper.Parameters[k].Variable];
            if (call.TargetMethod.Parameters[k].RefKind == RefKind.Out)
            {
                var result = new VarRef(NewVariable(Named(parameter, ""), parameter.Type, ArrayShape.None, VariableKind.Synthetic, null), parameter.Type);
                map[parameter.Id] = result;
                if (OutTarget(arguments[k]) is not { } target) return Placeholder;
                if (target is not Literal) results.Add(new Assign(target, Cast(result, target.Type), source));
                continue;
            }
            Expr argument = LowerExpr(arguments[k]);
            if (IsInvalid(argument)) return Placeholder;
            if (parameter.IsArray)
            {
                if (argument is not ArrayRef array)
                    return Fail(arguments[k], "pass an array or span variable, or x.Slice(start, count) or a.AsSpan(start, count) of one");
                // A slice's start and count are computed once, like those of a span local, where the helper
                // would compute them again and again (Substitution.SliceLocals).
                (bool start, bool count) = Substitution.SliceLocals(helper, parameter.Id, array);
                if (start) array = array with { Start = Once(array.Start!, Named(parameter, "_start"), assignments, source) };
                if (count) array = array with { Count = Once(array.Count!, Named(parameter, "_length"), assignments, source) };
                map[parameter.Id] = array;
                continue;
            }
            // A literal or variable stands for a parameter the helper does not assign; anything else is computed once.
            Expr value = Cast(argument, parameter.Type);
            if (value is Literal or VarRef && !written.Contains(parameter.Id))
            {
                map[parameter.Id] = value;
                continue;
            }
            var local = new VarRef(NewVariable(Named(parameter, ""), parameter.Type, ArrayShape.None, VariableKind.Synthetic, null), parameter.Type);
            map[parameter.Id] = local;
            assignments.Add(new Assign(local, value, source));
        }

        for (int k = arguments.Count; k < helper.Parameters.Count; k++)
        {
            // The tuple's elements (FunctionLowering.Lower adds them after the parameters).
            Variable item = helper.Variables[helper.Parameters[k].Variable];
            var local = new VarRef(NewVariable(Named(item, ""), item.Type, ArrayShape.None, VariableKind.Synthetic, null), item.Type);
            map[item.Id] = local;
            items?.Add(local);
        }

        foreach (int array in WrittenArrayParameters(helper).Select(p => ((ArrayRef)map[p]).Variable).Distinct())
        {
            if (MayWrite(array)) continue;
            Report(DiagnosticDescriptors.WriteToParameterArray, call.Syntax, SourceSnippet.Of(call.Syntax), _variables[array].Name);
            return Placeholder;
        }

        foreach (Variable v in helper.Variables.Where(v => !map.ContainsKey(v.Id)))
        {
            VariableKind kind = v.Kind is VariableKind.LocalArray or VariableKind.LoopCounter ? v.Kind : VariableKind.Synthetic;
            int id = NewVariable(Named(v, ""), v.Type, v.Shape, kind, null);
            map[v.Id] = v.IsArray ? new ArrayRef(id, v.Type) : new VarRef(id, v.Type);
        }

        output.AddRange(assignments);
        string inlined = Prefix(helper) + ", inlined: ";
        foreach (Stmt statement in helper.Body)
        {
            Stmt mapped = Substitution.Statement(statement, map, inlined);
            switch (mapped)
            {
                case Return ret:
                    output.AddRange(results);
                    return ret.Value;
                case AllocateArray allocate when _loopDepth > 0:
                    // The helper's array, declared inside the caller's loop: allocated once at the start, cleared here.
                    AddLoopArray(allocate.Array, allocate.Size, call.Syntax);
                    output.Add(new ClearArray(allocate.Array, allocate.Source));
                    break;
                default:
                    output.Add(mapped);
                    break;
            }
        }
        foreach (LocalArray array in helper.LocalArrays)
            AddLoopArray(((ArrayRef)map[array.Variable]).Variable, Substitution.Expr(array.Size, map), call.Syntax);
        output.AddRange(results);
        return null;
    }

    /// <summary>
    /// Where an out argument goes: a local, declared here for <c>out double u</c>, or nothing for <c>out _</c>
    /// (a literal stands for that). Null, reported, for anything else.
    /// </summary>
    private Expr? OutTarget(IOperation argument)
    {
        switch (argument)
        {
            case IDiscardOperation:
                return new Literal(0, ScalarType.Double);
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation declared } when TypeMapping.Scalar(declared.Local.Type) is { } type:
                int id = NewVariable(declared.Local.Name, type, ArrayShape.None, VariableKind.Local, declared.Local);
                return new VarRef(id, type);
            case ILocalReferenceOperation local when Lookup(local) is { IsArray: false } variable:
                return new VarRef(variable.Id, variable.Type);
            default:
                Report(DiagnosticDescriptors.UnsupportedExpression, argument.Syntax, SourceSnippet.Of(argument.Syntax),
                    "an out argument must be a local variable of type double, float, int or bool, a new one (out double u) or a discard (out _)");
                return null;
        }
    }

    /// <summary>
    /// <c>a.CopyTo(b)</c>, <c>a.Clear()</c> and <c>a.Fill(v)</c> on arrays and spans (and slices of them), and
    /// <c>Array.Copy</c>, <c>Array.Clear</c> and <c>Array.Fill</c>: the element-by-element loop they stand for,
    /// <c>for (int i = 0; i &lt; n; i++) b[i] = a[i]</c>. False for other calls.
    /// </summary>
    private bool TryLowerSpanFill(IInvocationOperation call, List<Stmt> output, string source)
    {
        IMethodSymbol method = call.TargetMethod;
        if (method.Name == "Clear" && call.Instance is ILocalReferenceOperation buffer && _carvedBuffers.TryGetValue(buffer.Local, out List<int>? parts))
        {
            // A carved buffer's clear clears the slices declared so far; a later one starts out zero.
            foreach (int part in parts) output.Add(new ClearArray(part, source));
            return true;
        }
        bool spanMember = method.ContainingType.OriginalDefinition.ToDisplayString() is "System.Span<T>" or "System.ReadOnlySpan<T>";
        bool extension = method.ContainingType.ToDisplayString() == "System.MemoryExtensions";
        // An array passed as a span (or, for array.CopyTo(array), as a Memory<T>) is the array itself.
        static IOperation Unwrapped(IOperation a) => a is IConversionOperation c && TypeMapping.Array(c.Operand.Type) is not null ? c.Operand : a;
        var arguments = call.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? 0).Select(a => Unwrapped(a.Value)).ToList();
        bool arrayStatic = method.ContainingType.SpecialType == SpecialType.System_Array && method.IsStatic;
        if (spanMember && call.Instance is not null) arguments.Insert(0, Unwrapped(call.Instance));
        else if (!arrayStatic && (!extension || !(method.IsExtensionMethod || method.Parameters.Length > 0))) return false;
        (string name, int count) = (method.Name, arguments.Count);
        Expr first;
        Expr? second;
        if (arrayStatic)
        {
            if (ArrayStatic(name, arguments) is not { } arrayCall) return false;
            (name, first, second) = arrayCall;
        }
        else
        {
            if (!(name is "CopyTo" && count == 2 || name is "Clear" && count == 1 || name is "Fill" && count == 2)) return false;
            if (arguments.Take(name == "CopyTo" ? 2 : 1).Any(a => TypeMapping.Array(a.Type) is null)) return false;
            first = LowerExpr(arguments[0]);
            second = name == "Clear" ? null : LowerExpr(arguments[1]);
        }
        if (IsInvalid(first) || second is not null && IsInvalid(second)) return true;
        if (first is not ArrayRef a || name == "CopyTo" && second is not ArrayRef)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, call.Syntax, source, "copy, clear and fill arrays and spans, or slices of them");
            return true;
        }
        ArrayRef target = name == "CopyTo" ? (ArrayRef)second! : a;
        if (!MayWrite(target.Variable))
        {
            Report(DiagnosticDescriptors.WriteToParameterArray, call.Syntax, SourceSnippet.Of(call.Syntax), _variables[target.Variable].Name);
            return true;
        }
        if (name == "CopyTo" && a.Variable == target.Variable)
        {
            // Overlapping copies move backwards or forwards depending on the offsets; not worth a loop of both kinds.
            Report(DiagnosticDescriptors.UnsupportedStatement, call.Syntax, source, "copy between two different arrays; write the loop out to move elements within one");
            return true;
        }

        ScalarType element = _variables[target.Variable].Type;
        Expr? filler = name == "Fill" ? Once(Cast(second!, element), "_fill", output, source) : null;
        output.Add(ElementLoop(target, a.Count ?? new Length(a.Variable), i => name switch
        {
            "Clear" => new Literal(0, element),
            "Fill" => filler!,
            _ => Cast(new Element(a.Variable, Substitution.Offset(a.Start, i), _variables[a.Variable].Type), element),
        }, source));
        return true;
    }

    /// <summary><c>for (int i = 0; i &lt; count; i++) target[i] = value(i)</c>: the loop a copy, clear or fill stands for.</summary>
    private For ElementLoop(ArrayRef target, Expr count, System.Func<Expr, Expr> value, string source)
    {
        int counter = NewVariable("_i", ScalarType.Int, ArrayShape.None, VariableKind.LoopCounter, null);
        var i = new VarRef(counter, ScalarType.Int);
        var write = new Assign(new Element(target.Variable, Substitution.Offset(target.Start, i), _variables[target.Variable].Type), value(i), source);
        return new For(counter, new Literal(0, ScalarType.Int), count, false, 1, new Stmt[] { write }.ToEquatableArray(), source);
    }

    /// <summary>
    /// <c>Array.Copy(a, b, n)</c>, <c>Array.Copy(a, i, b, j, n)</c>, <c>Array.Clear(a)</c>, <c>Array.Clear(a, i, n)</c>,
    /// <c>Array.Fill(a, v)</c> and <c>Array.Fill(a, v, i, n)</c> as the span calls they equal: the copy of
    /// <c>a[i..(i + n)]</c> into <c>b[j..(j + n)]</c> (name CopyTo), a clear or fill of the view. Null for other overloads.
    /// </summary>
    private (string Name, Expr First, Expr? Second)? ArrayStatic(string name, List<IOperation> arguments)
    {
        bool Arrays(params int[] at) => at.All(k => TypeMapping.Array(arguments[k].Type) is { Shape: ArrayShape.Array });
        bool Ints(params int[] at) => at.All(k => TypeMapping.Scalar(arguments[k].Type) == ScalarType.Int);
        Expr Part(int array, int? start, int count) =>
            LowerExpr(arguments[array]) is ArrayRef whole
                ? View((whole, start is { } s ? LowerExpr(arguments[s]) : new Literal(0, ScalarType.Int), LowerExpr(arguments[count])))
                : Placeholder;
        return (name, arguments.Count) switch
        {
            ("Copy", 3) when Arrays(0, 1) && Ints(2) => ("CopyTo", Part(0, null, 2), Part(1, null, 2)),
            ("Copy", 5) when Arrays(0, 2) && Ints(1, 3, 4) => ("CopyTo", Part(0, 1, 4), Part(2, 3, 4)),
            ("Clear", 1) when Arrays(0) => ("Clear", LowerExpr(arguments[0]), null),
            ("Clear", 3) when Arrays(0) && Ints(1, 2) => ("Clear", Part(0, 1, 2), null),
            ("Fill", 2) when Arrays(0) => ("Fill", LowerExpr(arguments[0]), LowerExpr(arguments[1])),
            ("Fill", 4) when Arrays(0) && Ints(2, 3) => ("Fill", Part(0, 2, 3), LowerExpr(arguments[1])),
            _ => null,
        };
    }

    /// <summary>A literal or variable as it is; anything else assigned to a fresh int local first.</summary>
    private Expr Once(Expr value, string name, List<Stmt> assignments, string source)
    {
        if (value is Literal or VarRef) return value;
        var local = new VarRef(NewVariable(name, value.Type, ArrayShape.None, VariableKind.Synthetic, null), value.Type);
        assignments.Add(new Assign(local, value, source));
        return local;
    }

    private void AddLoopArray(int array, Expr size, SyntaxNode syntax)
    {
        _localArrays.Add(new LocalArray(array, size));
        _arraySizes.Add((array, syntax, size));
    }

    private static string Prefix(Function helper) => helper.Name.TrimStart('@');
}
