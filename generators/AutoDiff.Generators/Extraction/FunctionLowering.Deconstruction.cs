using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

internal sealed partial class FunctionLowering
{
    /// <summary>
    /// A deconstruction of a tuple of values, <c>(a, b) = (b, a + b)</c> or <c>var (u, v) = (x / z, y / z)</c>,
    /// becomes one assignment per element. C# evaluates every value before it assigns any, so when a value
    /// or an element index reads a variable the statement assigns (a swap), the values go to fresh locals first.
    /// False, with nothing lowered, for any other shape (a method's tuple, nested tuples); the caller reports it.
    /// </summary>
    private bool TryLowerDeconstruction(IDeconstructionAssignmentOperation deconstruction, List<Stmt> output, string source)
    {
        IOperation targetTuple = deconstruction.Target is IDeclarationExpressionOperation declared ? declared.Expression : deconstruction.Target;
        IOperation valueTuple = deconstruction.Value;
        while (valueTuple is IConversionOperation { IsImplicit: true } conversion) valueTuple = conversion.Operand;
        if (targetTuple is not ITupleOperation targets || valueTuple is not ITupleOperation values || targets.Elements.Length != values.Elements.Length)
            return false;
        if (targets.Elements.Any(t => t is not (ILocalReferenceOperation or IParameterReferenceOperation or IArrayElementReferenceOperation
                or IPropertyReferenceOperation { Property.IsIndexer: true } or IDiscardOperation or IDeclarationExpressionOperation { Expression: ILocalReferenceOperation })))
            return false;

        var assigned = new List<(Expr Target, IOperation Value)>();
        for (int k = 0; k < targets.Elements.Length; k++)
        {
            IOperation target = targets.Elements[k] is IDeclarationExpressionOperation d ? d.Expression : targets.Elements[k];
            if (target is IDiscardOperation) continue; // its value has no effect: values have no side effects
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
            if (LowerTarget(target, deconstruction.Syntax) is { } lowered) assigned.Add((lowered, values.Elements[k]));
        }

        var lowereds = assigned.Select(a => (a.Target, Value: LowerValue(a.Value, a.Target.Type))).ToList();
        var written = new HashSet<int>(lowereds.Select(a => a.Target is Element e ? e.Array : ((VarRef)a.Target).Variable));
        bool swaps = lowereds.Count > 1 && lowereds.Any(a => Walk.Variables(a.Value).Concat(a.Target is Element e ? Walk.Variables(e.Index) : Enumerable.Empty<int>()).Any(written.Contains));
        var pending = new List<Stmt>();
        foreach ((Expr target, Expr value) in lowereds)
        {
            if (!swaps)
            {
                if (!value.Equals(target)) output.Add(new Assign(target, value, source));
                continue;
            }
            // Each value, and each element's index, as it is before the first assignment.
            Expr place = target is Element { Index: not Literal } element ? element with { Index = Copy(element.Index, "index_before") } : target;
            pending.Add(new Assign(place, Copy(value, (target is VarRef v ? _variables[v.Variable].Name : _variables[((Element)target).Array].Name + "_element") + "_new"), source));
        }
        output.AddRange(pending);
        return true;

        Expr Copy(Expr value, string name)
        {
            var copy = new VarRef(NewVariable(name, value.Type, ArrayShape.None, VariableKind.Synthetic, null), value.Type);
            output.Add(new Assign(copy, value, source));
            return copy;
        }
    }

    /// <summary>Locals an unsupported statement declares (<c>out double u</c>, <c>var (u, v) = F()</c>): their later uses are not reported again.</summary>
    private void RejectDeclaredLocals(IOperation statement)
    {
        foreach (ILocalReferenceOperation local in statement.Descendants().OfType<ILocalReferenceOperation>().Where(l => l.IsDeclaration))
            _rejected.Add(local.Local);
    }
}
