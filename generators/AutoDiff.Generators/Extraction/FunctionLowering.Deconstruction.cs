using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

internal sealed partial class FunctionLowering
{
    /// <summary>
    /// A deconstruction, <c>(a, b) = (b, a + b)</c>, <c>var (u, v) = (x / z, y / z)</c> or <c>var (u, v) = Project(cam, x)</c>
    /// with a helper of this compilation that returns a tuple, becomes one assignment per element. The helper runs
    /// inlined and returns its elements in locals of its own (<see cref="LowerTupleReturn"/>). C# evaluates every value
    /// before it assigns any, so when a value or an element index reads a variable the statement assigns (a swap),
    /// they go to fresh locals first. False, with nothing lowered, for any other shape (a tuple variable, a library
    /// method's tuple, nested tuples); the caller reports it.
    /// </summary>
    private bool TryLowerDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Stmt> output, string source)
    {
        IOperation targetTuple = deconstruction.Target is IDeclarationExpressionOperation declared ? declared.Expression : deconstruction.Target;
        IOperation value = deconstruction.Value;
        while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
        if (targetTuple is not ITupleOperation targets
            || targets.Elements.Any(t => t is not (ILocalReferenceOperation or IParameterReferenceOperation or IArrayElementReferenceOperation
                or IPropertyReferenceOperation { Property.IsIndexer: true } or IDiscardOperation or IDeclarationExpressionOperation { Expression: ILocalReferenceOperation })))
            return false;

        // The values: a tuple's elements, lowered below, or the locals an inlined helper returned them in.
        List<Expr>? items = null;
        if (value is IInvocationOperation { TargetMethod: { Name: "SinCos", ContainingType: var math } } sinCos && sinCos.Arguments.Length == 1
            && math.ToDisplayString() is "System.Math" or "System.MathF" && targets.Elements.Length == 2)
        {
            // var (sin, cos) = Math.SinCos(t): the two functions of one angle (whose derivatives then read each other's local).
            string name = math.Name;
            Expr angle = LowerExpr(sinCos.Arguments[0].Value);
            if (IsInvalid(angle)) return true;
            if (angle is not (VarRef or Literal))
            {
                var local = new VarRef(NewVariable("_angle", angle.Type, ArrayShape.None, VariableKind.Synthetic, null), angle.Type);
                output.Add(new Assign(local, angle, source));
                angle = local;
            }
            var argument = new[] { angle }.ToEquatableArray();
            items = new List<Expr> { new MathCall(name, "Sin", argument, angle.Type), new MathCall(name, "Cos", argument, angle.Type) };
        }
        else if (value is IInvocationOperation call && TypeMapping.Tuple(call.TargetMethod.ReturnType) is not null && IsWriterCandidate(call.TargetMethod))
        {
            items = new List<Expr>();
            TryInlineWriter(call, output, source, out _, items);
            if (items.Count != targets.Elements.Length)
            {
                RejectDeclaredLocals(deconstruction); // the helper could not be inlined, and a diagnostic says why
                return true;
            }
        }
        else if (value is not ITupleOperation { Elements.Length: var count } || count != targets.Elements.Length)
            return false;

        var lowereds = new List<(Expr Target, Expr Value)>();
        for (int k = 0; k < targets.Elements.Length; k++)
        {
            IOperation target = targets.Elements[k] is IDeclarationExpressionOperation d ? d.Expression : targets.Elements[k];
            if (target is IDiscardOperation) continue; // values have no side effects, and a helper ran already
            if (target is ILocalReferenceOperation { IsDeclaration: true } local)
            {
                if (TypeMapping.Scalar(local.Local.Type) is not { } type)
                {
                    _rejected.Add(local.Local);
                    Report(DiagnosticDescriptors.UnsupportedLocalType, local.Syntax, local.Local.Name, local.Local.Type.ToDisplayString(), UseSupportedType);
                    continue;
                }
                NewVariable(local.Local.Name, type, ArrayShape.None, VariableKind.Local, local.Local);
            }
            if (LowerTarget(target, deconstruction.Syntax) is not { } lowered) continue;
            Expr element = items is null ? LowerValue(((ITupleOperation)value).Elements[k], lowered.Type) : Cast(items[k], lowered.Type);
            lowereds.Add((lowered, element));
        }

        var written = new HashSet<int>(lowereds.Select(a => a.Target is Element e ? e.Array : ((VarRef)a.Target).Variable));
        bool swaps = lowereds.Count > 1 && lowereds.Any(a => Walk.Variables(a.Value).Concat(a.Target is Element e ? Walk.Variables(e.Index) : Enumerable.Empty<int>()).Any(written.Contains));
        var pending = new List<Stmt>();
        foreach ((Expr target, Expr element) in lowereds)
        {
            if (!swaps)
            {
                if (!element.Equals(target)) output.Add(new Assign(target, element, source));
                continue;
            }
            // Each value, and each element's index, as it is before the first assignment.
            Expr place = target is Element { Index: not Literal } e ? e with { Index = Copy(e.Index, "index_before") } : target;
            pending.Add(new Assign(place, Copy(element, (target is VarRef v ? _variables[v.Variable].Name : _variables[((Element)target).Array].Name + "_element") + "_new"), source));
        }
        output.AddRange(pending);
        return true;

        Expr Copy(Expr copied, string name)
        {
            var copy = new VarRef(NewVariable(name, copied.Type, ArrayShape.None, VariableKind.Synthetic, null), copied.Type);
            output.Add(new Assign(copy, copied, source));
            return copy;
        }
    }

    /// <summary>
    /// <c>return (u, v);</c> in a helper that returns a tuple: each element into its item variable (see <c>Lower</c>),
    /// which the caller's deconstruction reads once the inlined helper has run.
    /// </summary>
    private void LowerTupleReturn(IReturnOperation ret, List<Stmt> output)
    {
        string source = SourceSnippet.Of(ret.Syntax);
        IOperation? value = ret.ReturnedValue;
        while (value is IConversionOperation { IsImplicit: true } conversion) value = conversion.Operand;
        if (value is not ITupleOperation tuple || tuple.Elements.Length != _items!.Count)
        {
            Report(DiagnosticDescriptors.UnsupportedStatement, ret.Syntax, source, "return a tuple of values, as in return (u, v);");
            return;
        }
        // No element can read the items: they are not variables of the source.
        for (int k = 0; k < _items.Count; k++)
            output.Add(new Assign(new VarRef(_items[k].Id, _items[k].Type), LowerValue(tuple.Elements[k], _items[k].Type), source));
        if (_returned is not null)
            output.Add(new Assign(new VarRef(_returned.Id, ScalarType.Bool), new Literal(1, ScalarType.Bool), source));
    }

    /// <summary>Locals an unsupported statement declares (<c>out double u</c>, <c>var (u, v) = t</c>): their later uses are not reported again.</summary>
    private void RejectDeclaredLocals(IOperation statement)
    {
        foreach (ILocalReferenceOperation local in statement.Descendants().OfType<ILocalReferenceOperation>().Where(l => l.IsDeclaration))
            _rejected.Add(local.Local);
    }
}
