using System.Collections.Generic;
using System.Linq;
using System.Threading;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generators.Extraction;

/// <summary>
/// The state of extracting one [Differentiable] method: the functions lowered so far (the method and
/// every method of this compilation it calls), the callees, and the diagnostics.
/// </summary>
internal sealed class ProgramExtraction
{
    private readonly Compilation _compilation;
    private readonly INamedTypeSymbol _home;
    private readonly CancellationToken _cancellation;
    private readonly DerivativeRules _rules;
    private readonly Dictionary<SyntaxTree, SemanticModel> _models = new();
    private readonly Dictionary<IMethodSymbol, int> _functionOf = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IMethodSymbol, int> _calleeOf = new(SymbolEqualityComparer.Default);
    private readonly List<Function?> _functions = new();
    private readonly List<Callee> _callees = new();
    private readonly List<DiagnosticInfo> _diagnostics = new();
    private readonly Dictionary<IMethodSymbol, Function?> _writers = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _writersInProgress = new(SymbolEqualityComparer.Default);

    public ProgramExtraction(Compilation compilation, INamedTypeSymbol home, CancellationToken cancellation)
    {
        _compilation = compilation;
        _home = home;
        _cancellation = cancellation;
        _rules = DerivativeRules.For(compilation, cancellation);
    }

    public IReadOnlyList<DiagnosticInfo> Diagnostics => _diagnostics;
    public IEnumerable<Function> Functions => _functions.Where(f => f is not null)!;
    public IReadOnlyList<Callee> Callees => _callees;

    public SemanticModel SemanticModelFor(SyntaxTree tree)
    {
        if (!_models.TryGetValue(tree, out SemanticModel? model))
            _models[tree] = model = _compilation.GetSemanticModel(tree);
        return model;
    }

    /// <summary>Whether generated code in the differentiable method's type may use this symbol.</summary>
    public bool IsAccessible(ISymbol symbol) => _compilation.IsSymbolAccessibleWithin(symbol, _home);

    public bool HasRule(IMethodSymbol method) => _rules.Find(method) is not null;

    /// <summary>Adds a diagnostic, once: a helper lowered both to be inlined and to be called reports its errors once.</summary>
    public void Report(DiagnosticDescriptor descriptor, Location? location, params string[] arguments)
    {
        var diagnostic = new DiagnosticInfo(descriptor.Id, LocationInfo.From(location), arguments.ToEquatableArray());
        if (!_diagnostics.Contains(diagnostic)) _diagnostics.Add(diagnostic);
    }

    /// <summary>Lowers a method of this compilation (once); returns its function index.</summary>
    public int LowerFunction(IMethodSymbol method)
    {
        if (_functionOf.TryGetValue(method, out int index)) return index;
        index = _functions.Count;
        _functionOf[method] = index;
        _functions.Add(null);
        _functions[index] = new FunctionLowering(method, this, _cancellation).Lower(method.GetDocumentationCommentId() ?? method.Name);
        return index;
    }

    /// <summary>
    /// Lowers a helper that may write into its array and span parameters, to be inlined where it is
    /// called (<see cref="FunctionLowering"/>). Null while it is being lowered (a recursive call) or when
    /// it has no body; <paramref name="recursive"/> tells the two apart.
    /// </summary>
    public Function? LowerWriter(IMethodSymbol method, out bool recursive)
    {
        method = method.OriginalDefinition;
        recursive = _writersInProgress.Contains(method);
        if (recursive) return null;
        if (_writers.TryGetValue(method, out Function? known)) return known;
        _writersInProgress.Add(method);
        Function? lowered = new FunctionLowering(method, this, _cancellation, writer: true).Lower(method.GetDocumentationCommentId() ?? method.Name);
        _writersInProgress.Remove(method);
        return _writers[method] = lowered;
    }

    /// <summary>
    /// Finds how a call of <paramref name="method"/> is differentiated: a [DerivativeOf] rule, the
    /// method's own body, or a referenced assembly's generated Pullback. Otherwise callee is -1 and
    /// the result says why.
    /// </summary>
    public string ResolveCall(IMethodSymbol method, out int callee)
    {
        method = method.OriginalDefinition;
        if (_calleeOf.TryGetValue(method, out callee)) return "";
        callee = -1;
        if (!method.IsStatic) return "it is an instance method";
        if (method.IsGenericMethod)
            return method.DeclaringSyntaxReferences.Length > 0 ? "it is generic; write it for double (or float)" : "it is a generic library method; write the loop it stands for out";
        if (TypeMapping.Scalar(method.ReturnType)?.IsReal() != true) return "it does not return double or float";
        if (method.Parameters.Any(p => p.RefKind is not (RefKind.None or RefKind.In))) return "it has ref or out parameters";
        if (method.Parameters.Any(p => TypeMapping.Scalar(p.Type) is null && TypeMapping.Array(p.Type) is null))
            return "it has parameters other than double, float, int, bool and arrays or spans of them";
        string primal = TypeMapping.Display(method.ContainingType) + "." + FunctionLowering.Escape(method.Name);

        if (_rules.Find(method) is { } rule)
            return !IsAccessible(rule)
                ? $"its [DerivativeOf] rule '{rule.Name}' is not accessible from '{_home.Name}'; make the rule internal"
                : Add(method, new Callee(CalleeKind.Rule, primal, TypeMapping.Display(rule.ContainingType) + "." + FunctionLowering.Escape(rule.Name),
                TypeMapping.Scalar(method.ReturnType)!.Value, Parameters(method, _ => true), -1), out callee);

        if (method.DeclaringSyntaxReferences.Length > 0)
        {
            if (!_compilation.IsSymbolAccessibleWithin(method, _home))
                return $"it is not accessible from '{_home.Name}'; make it internal";
            if (method.ContainingType.IsGenericType && !SymbolEqualityComparer.Default.Equals(method.ContainingType, _home))
                return "it is declared in a generic type";
            // Register first, so that recursive calls find it.
            int id = _callees.Count;
            _calleeOf[method] = id;
            _callees.Add(new Callee(CalleeKind.Source, primal, "", TypeMapping.Scalar(method.ReturnType)!.Value, Parameters(method, _ => true), -1));
            int function = LowerFunction(method);
            _callees[id] = _callees[id] with { Function = function };
            callee = id;
            return "";
        }

        if (ExternalPullback(method) is { } pullback)
            return Add(method, new Callee(CalleeKind.Pullback, primal, TypeMapping.Display(method.ContainingType) + "." + pullback.Name,
                TypeMapping.Scalar(method.ReturnType)!.Value, Parameters(method, p => pullback.Wrt.Contains(p.Name)), -1), out callee);

        return "it has no body in this compilation, no generated Pullback and no [DerivativeOf] rule";
    }

    private string Add(IMethodSymbol method, Callee entry, out int callee)
    {
        callee = _callees.Count;
        _calleeOf[method] = callee;
        _callees.Add(entry);
        return "";
    }

    private static EquatableArray<CalleeParameter> Parameters(IMethodSymbol method, System.Func<IParameterSymbol, bool> differentiated) =>
        method.Parameters.Select(p =>
        {
            (ArrayShape shape, ScalarType element) = TypeMapping.Array(p.Type) ?? (ArrayShape.None, TypeMapping.Scalar(p.Type)!.Value);
            return new CalleeParameter(p.Name, element, shape, element.IsReal() && differentiated(p));
        }).ToEquatableArray();

    /// <summary>A referenced [Differentiable] method's generated {Name}Pullback and the parameters it differentiates.</summary>
    private static (string Name, HashSet<string> Wrt)? ExternalPullback(IMethodSymbol method)
    {
        AttributeData? attribute = method.GetAttributes().FirstOrDefault(a => a.AttributeClass?.ToDisplayString() == "AutoDiff.DifferentiableAttribute");
        if (attribute is null) return null;
        var wrt = new HashSet<string>(attribute.ConstructorArguments.SelectMany(a => a.Kind == TypedConstantKind.Array ? (IEnumerable<TypedConstant>)a.Values : new[] { a })
            .Select(v => v.Value as string).Where(s => s is not null)!);
        if (wrt.Count == 0) wrt.UnionWith(method.Parameters.Where(p => TypeMapping.IsFloatingPoint(p.Type)).Select(p => p.Name));
        string name = method.Name + "Pullback";
        bool exists = method.ContainingType.GetMembers(name).OfType<IMethodSymbol>()
            .Any(m => m.IsStatic && m.Parameters.Length == method.Parameters.Length + 1 + wrt.Count);
        return exists ? (name, wrt) : null;
    }
}
