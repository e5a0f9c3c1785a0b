using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Activity analysis: a variable is active when it depends on a differentiated input (varied) and
/// influences the result (useful). Only active variables get adjoints. Flow-insensitive, so it is
/// conservative. With optimizations off, every floating-point variable is active.
/// </summary>
internal sealed class Activity
{
    private readonly HashSet<int> _active;
    private readonly Dictionary<Expr, bool> _activeExpressions = new(ReferenceComparer<Expr>.Instance);

    private Activity(HashSet<int> active) => _active = active;

    public bool IsActive(int variable) => _active.Contains(variable);

    public static Activity Analyze(Function function, IReadOnlyCollection<int> activeParameters, bool optimize)
    {
        if (!optimize)
            return new Activity(new HashSet<int>(function.Variables.Where(v => v.IsReal).Select(v => v.Id)));

        List<(int Target, Expr Value)> flows = Walk.Statements(function.Body).OfType<Assign>()
            .Select(a => (Walk.Written(a), a.Value)).ToList();

        var varied = new HashSet<int>(activeParameters);
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((int target, Expr value) in flows)
                if (function.Variables[target].IsReal && !varied.Contains(target) && Sources(value).Any(varied.Contains))
                    changed |= varied.Add(target);
        }

        var useful = new HashSet<int>(Walk.Statements(function.Body).OfType<Return>().SelectMany(r => Sources(r.Value)));
        for (bool changed = true; changed;)
        {
            changed = false;
            foreach ((int target, Expr value) in flows)
                if (useful.Contains(target))
                    foreach (int source in Sources(value))
                        changed |= useful.Add(source);
        }

        varied.IntersectWith(useful);
        return new Activity(varied);
    }

    /// <summary>The floating-point variables whose derivatives flow into the value of <paramref name="expr"/>.</summary>
    private static IEnumerable<int> Sources(Expr expr)
    {
        if (!expr.Type.IsReal()) yield break;
        switch (expr)
        {
            case VarRef v: yield return v.Variable; break;
            case ArrayRef a: yield return a.Variable; break;
            case Element e: yield return e.Array; break;
            case StopGradient or PassiveCall or Literal or StaticField: break;
            case Conditional c:
                foreach (int s in Sources(c.WhenTrue).Concat(Sources(c.WhenFalse))) yield return s;
                break;
            case MathCall m when MathRules.TryGet(m.Name, m.Arguments.Count, out MathRule rule) && rule.Kind == MathRuleKind.Zero:
                break;
            case Call c:
                foreach (Expr argument in c.Arguments)
                    foreach (int s in argument is ArrayRef a ? new[] { a.Variable } : Sources(argument)) yield return s;
                break;
            default:
                foreach (Expr child in Walk.Children(expr))
                    foreach (int s in Sources(child)) yield return s;
                break;
        }
    }

    /// <summary>Whether derivatives flow through this expression (it reads an active variable).</summary>
    public bool IsActive(Expr expr)
    {
        if (_activeExpressions.TryGetValue(expr, out bool active)) return active;
        // The same cases as Sources, memoized node by node so long expressions stay linear.
        active = expr.Type.IsReal() && expr switch
        {
            VarRef v => _active.Contains(v.Variable),
            ArrayRef a => _active.Contains(a.Variable),
            Element e => _active.Contains(e.Array),
            StopGradient or PassiveCall or Literal or StaticField => false,
            Conditional c => IsActive(c.WhenTrue) || IsActive(c.WhenFalse),
            MathCall m when MathRules.TryGet(m.Name, m.Arguments.Count, out MathRule rule) && rule.Kind == MathRuleKind.Zero => false,
            _ => Walk.Children(expr).Any(IsActive),
        };
        _activeExpressions[expr] = active;
        return active;
    }
}
