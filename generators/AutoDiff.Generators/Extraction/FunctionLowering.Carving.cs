using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// One scratch buffer carved into consecutive slices, the way performance-minded code avoids several
/// <c>stackalloc</c>s:
/// <code>
/// Span&lt;double&gt; scratch = stackalloc double[K * d + 2 * d];
/// Span&lt;double&gt; qdiag = scratch.Slice(0, K * d);
/// Span&lt;double&gt; xc = scratch.Slice(K * d, d);
/// Span&lt;double&gt; y = scratch.Slice(K * d + d, d);
/// </code>
/// As views, every slice is the one buffer to the analyses: a write through one view might be read through
/// another, so no loop over <c>xc</c> fuses with one over <c>y</c> and every overwritten element is saved. When the
/// slices provably tile the buffer, each one is lowered as a local array of its own instead, which is what the
/// code means. The proof: in declaration order or any other, each slice starts where another ends, from 0 to the
/// buffer's size, comparing the bounds as polynomials in int locals and parameters that are never reassigned
/// (so each holds one value wherever it is read). The buffer may be used for nothing but its slices'
/// declarations, in the block that declares it, and <c>Clear()</c>. Anything else keeps the views.
/// </summary>
internal sealed partial class FunctionLowering
{
    /// <summary>A slice of a carved buffer: its buffer and its length, lowered where the slice is declared.</summary>
    private sealed record CarvedPart(ILocalSymbol Buffer, Func<Expr> Length);

    private readonly Dictionary<ILocalSymbol, CarvedPart> _carvedParts = new(SymbolEqualityComparer.Default);
    // Each carved buffer with the local arrays of the slices declared so far: a Clear() clears those.
    private readonly Dictionary<ILocalSymbol, List<int>> _carvedBuffers = new(SymbolEqualityComparer.Default);

    /// <summary>Finds the carved buffers of <paramref name="body"/> (see the class comment).</summary>
    private void FindCarvedBuffers(IBlockOperation body)
    {
        var written = WrittenSymbols(body);
        var references = body.Descendants().OfType<ILocalReferenceOperation>().ToLookup(r => r.Local, SymbolEqualityComparer.Default);
        foreach (IVariableDeclaratorOperation declarator in body.Descendants().OfType<IVariableDeclaratorOperation>())
        {
            ILocalSymbol buffer = declarator.Symbol;
            if (buffer.IsRef || TypeMapping.Array(buffer.Type) is not { Shape: not ArrayShape.ReadOnlySpan }
                || BufferSize(declarator) is not { } size || Polynomial.Of(size, written) is not { } total || Block(declarator) is not { } block)
                continue;
            var parts = new List<(ILocalSymbol Local, Polynomial Start, Polynomial End, CarvedPart Part)>();
            bool carved = !written.Contains(buffer);
            foreach (ILocalReferenceOperation reference in references[buffer])
            {
                if (IsClear(reference)) continue;
                if (Slice(reference, total, written) is not var (local, start, end, length)
                    || !ReferenceEquals(Block(DeclaratorOf(local, body)), block) || written.Contains(local))
                {
                    carved = false;
                    break;
                }
                parts.Add((local, start, end, new CarvedPart(buffer, length)));
            }
            if (!carved || parts.Count == 0 || !Tiles(parts.Select(p => (p.Start, p.End)).ToList(), total))
                continue;
            _carvedBuffers[buffer] = new List<int>();
            foreach (var part in parts) _carvedParts[part.Local] = part.Part;
        }
    }

    /// <summary>The intervals, each [start, end), laid end to end from 0 reach exactly <paramref name="total"/>, each used once.</summary>
    private static bool Tiles(List<(Polynomial Start, Polynomial End)> intervals, Polynomial total)
    {
        Polynomial at = Polynomial.Constant(0);
        while (intervals.Count > 0)
        {
            int next = intervals.FindIndex(i => i.Start.Equals(at));
            if (next < 0) return false;
            at = intervals[next].End;
            intervals.RemoveAt(next);
        }
        return at.Equals(total);
    }

    /// <summary>
    /// <paramref name="reference"/> as the whole view in a span local's declaration: <c>b.Slice(s, n)</c>,
    /// <c>b.Slice(s)</c>, <c>b[s..e]</c> (bounds from the end too) or <c>b.AsSpan(s, n)</c>, with the local, its
    /// bounds as polynomials and its length to lower. Null for any other use of the buffer.
    /// </summary>
    private (ILocalSymbol Local, Polynomial Start, Polynomial End, Func<Expr> Length)? Slice(
        ILocalReferenceOperation reference, Polynomial total, HashSet<ISymbol> written)
    {
        IOperation view = reference.Parent is IConversionOperation { Parent: IArgumentOperation or IInvocationOperation } c ? c : reference;
        if (view.Parent is IArgumentOperation argument) view = argument;
        Bound? start, end = null;
        IOperation? length = null;
        IOperation call = view.Parent!;
        switch (call)
        {
            case IInvocationOperation { TargetMethod.Name: "Slice", Instance: var instance } slice when ReferenceEquals(instance, view):
                (start, length) = StartAndLength(slice.Arguments);
                break;
            case IInvocationOperation { TargetMethod.Name: "AsSpan", TargetMethod.ContainingType.Name: "MemoryExtensions" } asSpan
                when asSpan.Arguments.OrderBy(a => a.Parameter?.Ordinal).First() is var first && ReferenceEquals(first, view):
                (start, length) = StartAndLength(asSpan.Arguments.Where(a => !ReferenceEquals(a, first)));
                break;
            // (An array's range is a copy, not a view.)
            case IImplicitIndexerReferenceOperation { Argument: IRangeOperation range, Instance: var spanned }
                when ReferenceEquals(spanned, view) && TypeMapping.Array(spanned.Type) is { Shape: not ArrayShape.Array }:
                start = range.LeftOperand is { } left ? Bound.Of(left) : new Bound(null, false);
                end = range.RightOperand is { } right ? Bound.Of(right) : new Bound(null, true);
                if (start is null || end is null) return null;
                break;
            default:
                return null;
        }
        if (call.Parent is not IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            || TypeMapping.Array(declarator.Symbol.Type) is not { Shape: ArrayShape.Span } || declarator.Symbol.IsRef)
            return null;

        // A bound as a polynomial: an index, or the buffer's size (total) less one counted from the end (^k).
        Polynomial? Of(Bound bound) => bound.Index is null ? (bound.FromEnd ? total : Polynomial.Constant(0))
            : Polynomial.Of(bound.Index, written) is { } index ? (bound.FromEnd ? total.Minus(index) : index) : null;
        end ??= new Bound(null, true);
        if (Of(start) is not { } from || (length is null ? Of(end) : Polynomial.Of(length, written)?.Plus(from)) is not { } to) return null;
        // A length given is lowered as written; one from two bounds in its simplest form, a[^1..] as 1.
        Polynomial difference = to.Minus(from);
        if (length is null && !difference.IntCoefficients) return null;
        Func<Expr> lowered = length is not null ? () => LowerExpr(length) : () => difference.Lower(LowerExpr);
        return (declarator.Symbol, from, to, lowered);
    }

    /// <summary>A slice's bound: an int index, counted from the end for <c>^k</c>; no index for the buffer's start or end.</summary>
    private sealed record Bound(IOperation? Index, bool FromEnd)
    {
        /// <summary>A range operand, <c>i</c> or <c>^k</c>; null for anything else.</summary>
        public static Bound? Of(IOperation operand)
        {
            bool fromEnd = operand is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat };
            IOperation index = operand is IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } hat ? hat.Operand : operand;
            if (index is IConversionOperation { Operand: var inner } && TypeMapping.Scalar(inner.Type) == ScalarType.Int) index = inner;
            return TypeMapping.Scalar(index.Type) == ScalarType.Int ? new Bound(index, fromEnd) : null;
        }
    }

    /// <summary>Slice's and AsSpan's arguments after the buffer: a start, and a length or none (to the end).</summary>
    private static (Bound Start, IOperation? Length) StartAndLength(IEnumerable<IArgumentOperation> arguments)
    {
        var values = arguments.OrderBy(a => a.Parameter?.Ordinal).Select(a => a.Value).ToList();
        return (new Bound(values.ElementAtOrDefault(0), false), values.ElementAtOrDefault(1));
    }

    /// <summary><c>b.Clear();</c> as a statement of its own.</summary>
    private static bool IsClear(ILocalReferenceOperation reference) =>
        reference.Parent is IInvocationOperation { TargetMethod.Name: "Clear", Arguments.Length: 0, Parent: IExpressionStatementOperation } call
        && ReferenceEquals(call.Instance, reference);

    /// <summary>The size of a local's fresh zeroed buffer, <c>stackalloc double[n]</c> or <c>new double[n]</c>.</summary>
    private IOperation? BufferSize(IVariableDeclaratorOperation declarator)
    {
        IOperation? value = declarator.Initializer?.Value;
        if (value is IConversionOperation conversion) value = conversion.Operand;
        if (value is IArrayCreationOperation { DimensionSizes.Length: 1, Initializer: null } creation) return creation.DimensionSizes[0];
        ExpressionSyntax? syntax = (declarator.Syntax as VariableDeclaratorSyntax)?.Initializer?.Value;
        while (syntax is ParenthesizedExpressionSyntax p) syntax = p.Expression;
        if (syntax is StackAllocArrayCreationExpressionSyntax { Initializer: null, Type: ArrayTypeSyntax { RankSpecifiers.Count: 1 } type }
            && type.RankSpecifiers[0].Sizes is { Count: 1 } sizes && sizes[0] is not OmittedArraySizeExpressionSyntax)
            return _program.SemanticModelFor(syntax.SyntaxTree).GetOperation(sizes[0], _cancellation);
        return null;
    }

    private static IBlockOperation? Block(IVariableDeclaratorOperation? declarator) =>
        declarator?.Parent?.Parent?.Parent as IBlockOperation; // declarator → declaration → group → block

    private static IVariableDeclaratorOperation? DeclaratorOf(ILocalSymbol local, IBlockOperation body) =>
        body.Descendants().OfType<IVariableDeclaratorOperation>().FirstOrDefault(d => SymbolEqualityComparer.Default.Equals(d.Symbol, local));

    /// <summary>
    /// Locals and parameters the body may change after they get their first value: assignment targets, increments,
    /// ref and out arguments, and locals declared without an initializer (they are assigned somewhere).
    /// </summary>
    private static HashSet<ISymbol> WrittenSymbols(IBlockOperation body)
    {
        var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        // The variable itself, not an element it holds: x = ..., (x, y) = ..., var (x, y) = ..., out int x.
        void Add(IOperation target)
        {
            switch (target)
            {
                case ILocalReferenceOperation l: written.Add(l.Local); break;
                case IParameterReferenceOperation p: written.Add(p.Parameter); break;
                case IDeclarationExpressionOperation d: Add(d.Expression); break;
                case ITupleOperation t: foreach (IOperation e in t.Elements) Add(e); break;
                case IConversionOperation c: Add(c.Operand); break;
            }
        }
        foreach (IOperation node in body.Descendants())
            switch (node)
            {
                case IAssignmentOperation a: Add(a.Target); break;
                case IIncrementOrDecrementOperation i: Add(i.Target); break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Ref or RefKind.Out } r: Add(r.Value); break;
                case IVariableDeclaratorOperation { Initializer: null } d: written.Add(d.Symbol); break;
                case IDeclarationPatternOperation { DeclaredSymbol: { } s }: written.Add(s); break;
            }
        return written;
    }

    /// <summary>
    /// An int expression as a polynomial with integer coefficients in atoms that hold one value wherever they are read:
    /// constants, int locals with an initializer that nothing writes, int parameters nothing writes, and the
    /// <c>Length</c> of such a parameter. Equal polynomials are equal ints, wrapping included.
    /// </summary>
    private sealed class Polynomial : IEquatable<Polynomial>
    {
        // Monomial (atom keys sorted and joined with '*', "" for the constant term) → coefficient.
        private readonly SortedDictionary<string, long> _terms;
        // Each atom's key → an operation that reads it, to lower the polynomial with.
        private readonly Dictionary<string, IOperation> _atoms;

        private Polynomial(SortedDictionary<string, long> terms, Dictionary<string, IOperation> atoms)
        {
            _terms = terms;
            _atoms = atoms;
            foreach (string key in terms.Where(t => t.Value == 0).Select(t => t.Key).ToList()) terms.Remove(key);
        }

        public static Polynomial Constant(long value) => new(new SortedDictionary<string, long>(StringComparer.Ordinal) { [""] = value }, new());

        private static Polynomial Atom(string key, IOperation read) =>
            new(new SortedDictionary<string, long>(StringComparer.Ordinal) { [key] = 1 }, new() { [key] = read });

        private Dictionary<string, IOperation> AtomsWith(Polynomial other)
        {
            var atoms = new Dictionary<string, IOperation>(_atoms);
            foreach (KeyValuePair<string, IOperation> atom in other._atoms) atoms[atom.Key] = atom.Value;
            return atoms;
        }

        public bool IntCoefficients => _terms.Values.All(v => v is > int.MinValue and <= int.MaxValue);

        /// <summary>The polynomial as an int expression: its terms in key order, the constant last.</summary>
        public Expr Lower(Func<IOperation, Expr> lower)
        {
            Expr? sum = null;
            foreach (KeyValuePair<string, long> term in _terms.Where(t => t.Key.Length > 0).Concat(_terms.Where(t => t.Key.Length == 0)))
            {
                Expr? product = term.Key.Length == 0 || Math.Abs(term.Value) != 1 ? new Literal(Math.Abs(term.Value), ScalarType.Int) : null;
                foreach (string atom in term.Key.Split(new[] { '*' }, StringSplitOptions.RemoveEmptyEntries))
                    product = product is null ? lower(_atoms[atom]) : new Binary(BinaryOp.Multiply, product, lower(_atoms[atom]), ScalarType.Int);
                sum = sum is null ? (term.Value < 0 ? new Unary(UnaryOp.Negate, product!, ScalarType.Int) : product)
                    : new Binary(term.Value < 0 ? BinaryOp.Subtract : BinaryOp.Add, sum, product!, ScalarType.Int);
            }
            return sum ?? new Literal(0, ScalarType.Int);
        }

        public static Polynomial? Of(IOperation operation, HashSet<ISymbol> written)
        {
            if (TypeMapping.Scalar(operation.Type) != ScalarType.Int) return null;
            if (operation.ConstantValue is { HasValue: true, Value: int constant }) return Constant(constant);
            switch (operation)
            {
                case IConversionOperation { IsImplicit: true, Operand: var operand }:
                    return Of(operand, written);
                case IParenthesizedOperation { Operand: var operand }:
                    return Of(operand, written);
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus, Operand: var operand }:
                    return Of(operand, written)?.Times(Constant(-1));
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Plus, Operand: var operand }:
                    return Of(operand, written);
                case IBinaryOperation { OperatorKind: var kind and (BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply) } binary:
                    if (Of(binary.LeftOperand, written) is not { } left || Of(binary.RightOperand, written) is not { } right) return null;
                    return kind switch
                    {
                        BinaryOperatorKind.Add => left.Plus(right),
                        BinaryOperatorKind.Subtract => left.Minus(right),
                        _ => left.Times(right),
                    };
                case ILocalReferenceOperation { Local: { IsRef: false } local } when !written.Contains(local):
                    return Atom("local " + Key(local), operation);
                case IParameterReferenceOperation { Parameter: { RefKind: RefKind.None or RefKind.In } parameter } when !written.Contains(parameter):
                    return Atom("parameter " + parameter.Ordinal, operation);
                case IPropertyReferenceOperation { Property.Name: "Length", Instance: IParameterReferenceOperation { Parameter: { RefKind: RefKind.None or RefKind.In } parameter } }
                    when !written.Contains(parameter) && TypeMapping.Array(parameter.Type) is not null:
                    return Atom("length " + parameter.Ordinal, operation);
                default:
                    return null;
            }
        }

        // Two locals of one method may share a name in different scopes; their declarations do not share a place.
        private static string Key(ILocalSymbol local) => local.Name + "@" + (local.Locations.FirstOrDefault()?.SourceSpan.Start ?? -1);

        public Polynomial Plus(Polynomial other)
        {
            var terms = new SortedDictionary<string, long>(_terms, StringComparer.Ordinal);
            foreach (KeyValuePair<string, long> term in other._terms)
                terms[term.Key] = (terms.TryGetValue(term.Key, out long v) ? v : 0) + term.Value;
            return new Polynomial(terms, AtomsWith(other));
        }

        public Polynomial Minus(Polynomial other) => Plus(other.Times(Constant(-1)));

        public Polynomial Times(Polynomial other)
        {
            var terms = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (KeyValuePair<string, long> a in _terms)
                foreach (KeyValuePair<string, long> b in other._terms)
                {
                    string key = string.Join("*", a.Key.Split('*').Concat(b.Key.Split('*')).Where(s => s.Length > 0).OrderBy(s => s, StringComparer.Ordinal));
                    terms[key] = (terms.TryGetValue(key, out long v) ? v : 0) + a.Value * b.Value;
                }
            return new Polynomial(terms, AtomsWith(other));
        }

        public bool Equals(Polynomial? other) => other is not null && _terms.SequenceEqual(other._terms);
        public override bool Equals(object? obj) => Equals(obj as Polynomial);
        public override int GetHashCode() => _terms.Count;
    }
}
