using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace AutoDiff.Generators.Diagnostics;

/// <summary>
/// Every diagnostic the generator reports. Ranges: 0001-0099 declaration and signature, 0100-0199
/// unsupported constructs in a body, 0200-0299 differentiability, 0900+ internal errors.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "AutoDiff";
    private const string HelpBase = "https://github.com/autodiff-dotnet/autodiff/blob/main/docs/diagnostics/";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error("ADIFF0001",
        "Containing type must be partial",
        "Type '{0}' must be declared partial so that the gradient of '{1}' can be added to it",
        "The generator adds FGradient and FPullback to the type that declares the method, and to every type around it.");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error("ADIFF0002",
        "Differentiable method must be static",
        "Method '{0}' must be static to be differentiable; make it static and pass what it reads as parameters",
        "Only static methods are differentiated: instance state would be an input the gradient cannot see.");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error("ADIFF0003",
        "Differentiable method must return double or float",
        "Method '{0}' returns '{1}'; a differentiable method returns double or float",
        "Reverse mode differentiates a scalar result: return a double or float loss.");

    public static readonly DiagnosticDescriptor UnknownWrtParameter = Error("ADIFF0004",
        "Unknown parameter in [Differentiable]",
        "Method '{0}' has no parameter named '{1}'; use nameof(parameter) in [Differentiable]",
        "The names given to [Differentiable(...)] must be parameters of the method.");

    public static readonly DiagnosticDescriptor WrtNotFloatingPoint = Error("ADIFF0005",
        "Parameter cannot be differentiated",
        "Parameter '{0}' of type '{1}' cannot be differentiated; only double, float, arrays and spans of them can. Remove it from [Differentiable]",
        "Integer, boolean and other parameters are passed through; they have no derivative.");

    public static readonly DiagnosticDescriptor UnsupportedParameter = Error("ADIFF0006",
        "Unsupported parameter",
        "Parameter '{0}' is '{1}'; differentiable methods take parameters by value (no ref, out or in modifiers, no params arrays of other types)",
        "Pass values and spans; the gradient returns derivatives through its adjoint arguments instead.");

    public static readonly DiagnosticDescriptor GenericMethod = Error("ADIFF0007",
        "Generic methods are not differentiable",
        "Method '{0}' is generic; write it for double or float (overloads are fine)",
        "The generator emits concrete code for double and float; generic type parameters cannot be differentiated.");

    public static readonly DiagnosticDescriptor NoBody = Error("ADIFF0008",
        "Method has no body",
        "Method '{0}' has no body to differentiate; give it a body or register a [DerivativeOf] rule",
        "Partial, extern and abstract methods without an implementation cannot be differentiated.");

    public static readonly DiagnosticDescriptor NameClash = Error("ADIFF0009",
        "Generated member name is taken",
        "Type '{0}' already has a member named '{1}'; rename it or the differentiable method",
        "The generator adds '{Method}Gradient' and '{Method}Pullback' next to the method.");

    public static readonly DiagnosticDescriptor RuleSignatureMismatch = Error("ADIFF0010",
        "[DerivativeOf] signature does not match",
        "Rule '{0}' for '{1}' must have the signature '{2}'",
        "A [DerivativeOf] rule takes the method's parameters, then the result's adjoint, then one adjoint per floating-point parameter (ref double, ref float or Span<T>).");

    public static readonly DiagnosticDescriptor RuleTargetNotFound = Error("ADIFF0011",
        "[DerivativeOf] target not found",
        "[DerivativeOf] on '{0}' names '{1}', but '{2}' has no static method of that name returning double or float",
        "Name the method with nameof, and the type with typeof when it is not the rule's own type.");

    public static readonly DiagnosticDescriptor FileLocalType = Error("ADIFF0012",
        "File-local types cannot receive generated members",
        "Type '{0}' is declared 'file'; the gradient of '{1}' is generated in another file, so remove the 'file' modifier",
        "A file-local type can only be extended in its own file, and generated code lives in a separate file.");

    public static readonly DiagnosticDescriptor NotAMethod = Error("ADIFF0013",
        "[Differentiable] applies to methods",
        "[Differentiable] is on {0}; put it on a static method of a partial type",
        "Local functions, lambdas and property accessors cannot be differentiated: write the computation as a static method.");

    public static readonly DiagnosticDescriptor DuplicateRule = Error("ADIFF0014",
        "Two [DerivativeOf] rules for one method",
        "Rule '{0}' is a second [DerivativeOf] rule for '{1}', which '{2}' already differentiates; keep one",
        "Each method has at most one derivative rule, so that it is clear which one every call uses.");

    public static readonly DiagnosticDescriptor UnsupportedStatement = Error("ADIFF0100",
        "Unsupported statement",
        "'{0}' is not supported in a differentiable method; {1}",
        "Differentiable bodies use locals, assignments, if/else, switch, loops, break, continue and return.");

    public static readonly DiagnosticDescriptor UnsupportedExpression = Error("ADIFF0101",
        "Unsupported expression",
        "'{0}' is not supported in a differentiable method; {1}",
        "Differentiable bodies use arithmetic, comparisons, ?:, element access, .Length and calls to Math, MathF and static methods.");

    public static readonly DiagnosticDescriptor UnsupportedLocalType = Error("ADIFF0102",
        "Unsupported local variable type",
        "Local '{0}' has type '{1}'; {2}",
        "Locals of other types cannot be differentiated.");

    public static readonly DiagnosticDescriptor WriteToParameterArray = Error("ADIFF0103",
        "Cannot write into a parameter array",
        "'{0}' writes into the parameter '{1}'; copy it into a local array (new double[n]) and write there",
        "The gradient must leave its inputs as they were; writes go to local arrays.");

    public static readonly DiagnosticDescriptor ArrayAliasing = Error("ADIFF0104",
        "Array variables cannot be reassigned or aliased",
        "'{0}' makes an array variable refer to another array; declare each local array once with new double[n] or stackalloc and copy elements instead",
        "Each array's adjoint is tracked by its variable, so arrays cannot be aliased.");

    public static readonly DiagnosticDescriptor ArraySizeNotFixed = Error("ADIFF0105",
        "Local array size must be known at the start",
        "Local array '{0}' is declared inside a loop, so its size must depend only on constants, parameters that are never assigned, int locals assigned once outside loops and ifs, and .Length; '{1}' does not",
        "A local array declared inside a loop is allocated once, before the method's body runs, and cleared at each iteration.");

    public static readonly DiagnosticDescriptor SideEffectInExpression = Error("ADIFF0106",
        "Assignment inside an expression",
        "'{0}' assigns inside an expression; write the assignment as its own statement",
        "Conditions, indices and arguments must not change variables: the reverse sweep re-reads them.");

    public static readonly DiagnosticDescriptor UnsupportedOperator = Error("ADIFF0107",
        "Unsupported operator",
        "Operator '{0}' is not supported on '{1}' in a differentiable method; {2}",
        "Floating-point remainder and bitwise operators on reals have no derivative rule here.");

    public static readonly DiagnosticDescriptor NotDifferentiableCall = Error("ADIFF0200",
        "Call cannot be differentiated",
        "'{0}' cannot be differentiated: {1}. Call 'Ad.StopGradient' on its result if its derivative is not needed, or register a [DerivativeOf] rule for it",
        "A call is differentiable when the method is a static method of this compilation, has a generated Pullback, or has a [DerivativeOf] rule.");

    public static readonly DiagnosticDescriptor InternalError = Error("ADIFF0900",
        "AutoDiff generator internal error",
        "The AutoDiff generator failed on '{0}': {1}. Please report this with the method's code.",
        "The generator caught an unexpected exception; no gradient was emitted for this method.");

    private static readonly Dictionary<string, DiagnosticDescriptor> s_byId = new()
    {
        [TypeNotPartial.Id] = TypeNotPartial,
        [MethodNotStatic.Id] = MethodNotStatic,
        [UnsupportedReturnType.Id] = UnsupportedReturnType,
        [UnknownWrtParameter.Id] = UnknownWrtParameter,
        [WrtNotFloatingPoint.Id] = WrtNotFloatingPoint,
        [UnsupportedParameter.Id] = UnsupportedParameter,
        [GenericMethod.Id] = GenericMethod,
        [NoBody.Id] = NoBody,
        [NameClash.Id] = NameClash,
        [RuleSignatureMismatch.Id] = RuleSignatureMismatch,
        [RuleTargetNotFound.Id] = RuleTargetNotFound,
        [FileLocalType.Id] = FileLocalType,
        [NotAMethod.Id] = NotAMethod,
        [DuplicateRule.Id] = DuplicateRule,
        [UnsupportedStatement.Id] = UnsupportedStatement,
        [UnsupportedExpression.Id] = UnsupportedExpression,
        [UnsupportedLocalType.Id] = UnsupportedLocalType,
        [WriteToParameterArray.Id] = WriteToParameterArray,
        [ArrayAliasing.Id] = ArrayAliasing,
        [ArraySizeNotFixed.Id] = ArraySizeNotFixed,
        [SideEffectInExpression.Id] = SideEffectInExpression,
        [UnsupportedOperator.Id] = UnsupportedOperator,
        [NotDifferentiableCall.Id] = NotDifferentiableCall,
        [InternalError.Id] = InternalError,
    };

    public static IEnumerable<DiagnosticDescriptor> All => s_byId.Values;

    public static DiagnosticDescriptor ById(string id) => s_byId[id];

    private static DiagnosticDescriptor Error(string id, string title, string message, string description) =>
        new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true,
            description: description, helpLinkUri: HelpBase + id + ".md");
}
