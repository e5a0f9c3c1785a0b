using System;
using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Diagnostics;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// The Differentiate stage, a pure function of the extracted model: builds the adjoint of the
/// method and of every called function for each set of active arguments it is called with
/// (a worklist of variants), plus the public FGradient and FPullback that forward to the method's adjoint.
/// </summary>
internal sealed class Differentiator
{
    private readonly MethodModel _model;
    private readonly GeneratorOptions _options;
    private readonly Dictionary<string, (int Function, List<int> Active)> _variants = new();
    private readonly Queue<string> _pending = new();
    private readonly Dictionary<int, Function> _bodies = new();
    private readonly List<DiagnosticInfo> _diagnostics = new();

    private Differentiator(MethodModel model, GeneratorOptions options)
    {
        _model = model;
        _options = options;
    }

    /// <summary>Whether small local arrays may live on the stack in the generated code.</summary>
    internal bool StackArrays => _model.StackArrays;

    public static GeneratedUnit Differentiate(MethodModel model, GeneratorOptions options)
    {
        var differentiator = new Differentiator(model, options);
        try
        {
            return differentiator.Run();
        }
        catch (Exception exception)
        {
            var info = new DiagnosticInfo(DiagnosticDescriptors.InternalError.Id, model.Location,
                new[] { model.MethodName, exception.GetType().Name + ": " + exception.Message }.ToEquatableArray());
            return new GeneratedUnit(model.HintName, null, EquatableArray<ContainingType>.Empty, "", EquatableArray<GeneratedMethod>.Empty,
                EquatableArray<GeneratedMethod>.Empty, new[] { info }.ToEquatableArray());
        }
    }

    private GeneratedUnit Run()
    {
        Function root = _model.Functions[0];
        string rootName = VariantName(0, _model.Wrt.ToList());
        string rootBare = rootName.Substring(rootName.LastIndexOf('.') + 1);
        var derivatives = new List<GeneratedMethod>();
        var built = new HashSet<string>();
        while (_pending.Count > 0)
        {
            string name = _pending.Dequeue();
            if (!built.Add(name)) continue;
            (int function, List<int> active) = _variants[name];
            var builder = new AdjointBuilder(Body(function), active, this, _options.Optimize);
            GeneratedMethod method = builder.Build(name, isRoot: name == rootBare, active);
            derivatives.Add(method with { Documentation = VariantDocumentation(_model.Functions[function], active) });
        }

        return new GeneratedUnit(
            _model.HintName,
            _model.Namespace,
            _model.ContainingTypes,
            _model.DerivativesClass,
            PublicMethods(root, rootName).ToEquatableArray(),
            derivatives.ToEquatableArray(),
            _diagnostics.ToEquatableArray());
    }

    /// <summary>
    /// The function as differentiated: with small helpers inlined, indices rebased and unread view bounds dropped
    /// when optimizing (<see cref="Inlining"/>, <see cref="IndexRebasing"/>, <see cref="UnreadLocals"/>), and its
    /// array parameters taken as spans where it can.
    /// </summary>
    private Function Body(int function)
    {
        if (!_bodies.TryGetValue(function, out Function? body))
        {
            body = _options.Optimize
                ? UnreadLocals.Remove(IndexRebasing.Rebase(Inlining.Inline(_model.Functions[function], _model.Functions, _model.Callees)))
                : _model.Functions[function];
            _bodies[function] = body = ArrayParametersAsSpans(body);
        }
        return body;
    }

    /// <summary>
    /// A <c>T[]</c> parameter that the body only indexes, slices or passes on as a span is a
    /// <c>ReadOnlySpan&lt;T&gt;</c> in the adjoint method (a differentiable method never writes its parameters:
    /// ADIFF0103); the public
    /// Gradient and Pullback keep the array and pass it on. The JIT's code indexes a span parameter
    /// faster: 7-11 % on a GMM gradient with <c>double[]</c> parameters, in two BenchmarkDotNet runs.
    /// After inlining, so that an array passed whole only to an inlined helper qualifies too.
    /// </summary>
    private Function ArrayParametersAsSpans(Function function)
    {
        HashSet<int> needed = Walk.NeededAsArrays(function.Body, _model.Callees.Items);
        var variables = function.Variables.ToList();
        foreach (Parameter p in function.Parameters)
            if (p.Variable >= 0 && variables[p.Variable] is { Shape: ArrayShape.Array } array && !needed.Contains(p.Variable))
                variables[p.Variable] = array with { Shape = ArrayShape.ReadOnlySpan };
        return function with { Variables = variables.ToEquatableArray() };
    }

    /// <summary>The name of the adjoint of a function for a set of active parameters, queuing it to be built.</summary>
    public string VariantName(int function, IReadOnlyList<int> activeOrdinals)
    {
        Function f = _model.Functions[function];
        string name = Extraction.FunctionLowering.Escape(f.Name.TrimStart('@') + "_wrt" +
            (activeOrdinals.Count == 0 ? "_nothing" : string.Concat(activeOrdinals.Select(k => "_" + f.Parameters[k].Name.TrimStart('@')))));
        if (!_variants.ContainsKey(name))
        {
            _variants[name] = (function, activeOrdinals.ToList());
            _pending.Enqueue(name);
        }
        return _model.DerivativesClass + "." + name;
    }

    public Callee Callee(int id) => _model.Callees[id];

    public string PrimalName(int callee) => _model.Callees[callee].Primal;

    public void ReportInactiveParameter(Callee callee, string parameter, LocationInfo? location)
    {
        var info = new DiagnosticInfo(DiagnosticDescriptors.NotDifferentiableCall.Id, location ?? _model.Location,
            new[] { callee.Primal.Replace("global::", ""), $"its generated Pullback does not differentiate parameter '{parameter}', which receives a value that depends on the differentiated inputs" }.ToEquatableArray());
        if (!_diagnostics.Contains(info)) _diagnostics.Add(info);
    }

    private IEnumerable<GeneratedMethod> PublicMethods(Function root, string rootName)
    {
        string parameters = string.Join(", ", root.Parameters.Select(p => p.TypeName + " " + p.Name));
        string arguments = string.Join(", ", root.Parameters.Select(p => p.Name));
        var adjointParameters = new List<string>();
        var adjointArguments = new List<string>();
        var names = new HashSet<string>(root.Parameters.Select(p => p.Name));
        foreach (int ordinal in _model.Wrt)
        {
            Parameter p = root.Parameters[ordinal];
            Variable v = root.Variables[p.Variable];
            string name = "d" + p.Name.TrimStart('@');
            while (!names.Add(name)) name += "_";
            adjointParameters.Add(v.IsArray ? $"global::System.Span<{v.Type.Keyword()}> {name}" : $"ref {v.Type.Keyword()} {name}");
            adjointArguments.Add(v.IsArray ? name : "ref " + name);
        }
        string dResult = names.Contains("dResult") ? "dResult_" : "dResult";
        string type = root.ReturnType.Keyword();
        string one = root.ReturnType == ScalarType.Float ? "1f" : "1.0";
        string cref = _model.MethodName + "(" + string.Join(", ", root.Parameters.Select(p => CrefType(p.TypeName))) + ")";
        string wrtList = string.Join(", ", _model.Wrt.Select(k => "<paramref name=\"" + root.Parameters[k].Name.TrimStart('@') + "\"/>"));
        string adjointDocs(string verb) => string.Join("\n", _model.Wrt.Select((k, i) =>
            $"<param name=\"{adjointArguments[i].Replace("ref ", "")}\">{verb}d{_model.MethodName}/d{root.Parameters[k].Name.TrimStart('@')} is added here; it is never cleared.</param>"));

        yield return new GeneratedMethod(
            Lines($"<summary>Computes <see cref=\"{cref}\"/> and adds its gradient with respect to {wrtList} into the adjoint arguments.</summary>",
                ParamDocs(root), adjointDocs("The gradient "),
                $"<returns>The value of <see cref=\"{cref}\"/>.</returns>",
                "<exception cref=\"global::System.ArgumentException\">An adjoint span's length differs from its parameter's.</exception>"),
            $"{_model.Accessibility} static {type} {_model.MethodName}Gradient({Join(parameters, string.Join(", ", adjointParameters))})",
            EquatableArray<Code>.Empty,
            $"{rootName}({Join(arguments, one, string.Join(", ", adjointArguments))})");

        yield return new GeneratedMethod(
            Lines($"<summary>Vector-Jacobian product of <see cref=\"{cref}\"/>: adds <paramref name=\"{dResult}\"/> times its gradient with respect to {wrtList} into the adjoint arguments.</summary>",
                ParamDocs(root), $"<param name=\"{dResult}\">The adjoint of the result.</param>", adjointDocs("dResult times "),
                "<exception cref=\"global::System.ArgumentException\">An adjoint span's length differs from its parameter's.</exception>"),
            $"{_model.Accessibility} static void {_model.MethodName}Pullback({Join(parameters, type + " " + dResult, string.Join(", ", adjointParameters))})",
            EquatableArray<Code>.Empty,
            $"{rootName}({Join(arguments, dResult, string.Join(", ", adjointArguments))})");
    }

    private static EquatableArray<string> VariantDocumentation(Function function, List<int> active) =>
        Lines($"<summary>Adjoint of {Xml(function.QualifiedName.Replace("global::", ""))} with respect to {(active.Count == 0 ? "nothing" : string.Join(", ", active.Select(k => function.Parameters[k].Name)))}: returns its value and adds dResult times its gradient into the adjoints.</summary>");

    private static string ParamDocs(Function root) =>
        string.Join("\n", root.Parameters.Select(p => $"<param name=\"{p.Name.TrimStart('@')}\">As in <c>{root.Name}</c>.</param>"));

    private static EquatableArray<string> Lines(params string[] parts) =>
        parts.SelectMany(p => p.Split('\n')).Where(l => l.Length > 0).ToEquatableArray();

    private static string Join(params string[] parts) => string.Join(", ", parts.Where(p => p.Length > 0));

    /// <summary>A type as a cref argument: generic brackets become braces.</summary>
    private static string CrefType(string type) => type.Replace("global::", "").Replace('<', '{').Replace('>', '}');

    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
