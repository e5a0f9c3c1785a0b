using System.Collections.Generic;
using System.Linq;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

/// <summary>
/// Locals that already hold a math function's value where a derivative rule needs it. sin's derivative is
/// cos, and code that rotates or projects computes both into locals (ba.h's Rodrigues rotation:
/// <c>double cos = Math.Cos(theta); double sin = Math.Sin(theta);</c>). The reverse block of either then
/// reads the other's local instead of calling the function again: 2 of the 5 calls of each BA pullback.
/// <para>
/// A local <c>c</c> assigned <c>c = f(u)</c> by statement P holds f(u) for a call f'(u) in statement S when
/// </para>
/// <list type="bullet">
/// <item>P is the only statement that writes <c>c</c>, and it is in no loop, so <c>c</c> has one value while the reverse sweep runs;</item>
/// <item>P runs whenever S does: it comes before S in S's block or an enclosing one, or after S in S's block or an
/// enclosing one (S's reverse block runs after the whole forward sweep; lowering leaves no jumps, so a statement
/// runs whenever its block does). S is in no loop either;</item>
/// <item>u reads only scalar variables, and nothing between P and S writes one of them;</item>
/// <item>a P after S is not undone by its reverse block before S's runs (<see cref="Known.Later"/>: the builder checks
/// that P saves nothing).</item>
/// </list>
/// </summary>
internal sealed class KnownCalls
{
    /// <summary>A local holding <paramref name="Function"/>(u), written by <paramref name="Definition"/>, which runs after the call's statement if <paramref name="Later"/>.</summary>
    internal sealed record Known(string Function, int Local, Assign Definition, bool Later);

    private sealed record Candidate(Assign Definition, int Local, MathCall Call);

    private readonly Dictionary<MathCall, List<Known>> _known = new(ReferenceComparer<MathCall>.Instance);
    private readonly Function _function;
    private readonly Dictionary<int, int> _writes = new();

    private KnownCalls(Function function)
    {
        _function = function;
        foreach (int v in Walk.WrittenVariables(function.Body)) _writes[v] = _writes.TryGetValue(v, out int n) ? n + 1 : 1;
    }

    public static KnownCalls Analyze(Function function, bool optimize)
    {
        var known = new KnownCalls(function);
        if (!optimize) return known;
        known.Visit(function.Body, new List<Candidate>(), later: false);
        known.Visit(function.Body, new List<Candidate>(), later: true);
        return known;
    }

    /// <summary>The locals known to hold a function of <paramref name="call"/>'s argument where its statement is reversed, earlier definitions first.</summary>
    public IEnumerable<Known> For(MathCall call) =>
        _known.TryGetValue(call, out List<Known>? list) ? list.OrderBy(k => k.Later) : Enumerable.Empty<Known>();

    /// <summary>
    /// Walks a block in order (<paramref name="later"/> false: definitions that come before) or backwards (definitions
    /// that come after), carrying the candidates that hold at each statement. A branch sees the candidates from
    /// outside it; its own definitions stay inside it. Loops are not entered, only their writes counted.
    /// </summary>
    private void Visit(IEnumerable<Stmt> block, List<Candidate> available, bool later)
    {
        foreach (Stmt statement in later ? block.Reverse() : block)
        {
            // Walking backwards, S's own write comes between S's arguments and a definition after it.
            if (later && statement is Assign) Kill(statement, available);
            foreach (MathCall call in Walk.OwnExpressions(statement).SelectMany(Walk.Expressions).OfType<MathCall>())
                Record(call, available, later);
            if (statement is If branch)
            {
                Visit(branch.Then, new List<Candidate>(available), later);
                Visit(branch.Else, new List<Candidate>(available), later);
            }
            Kill(statement, available);
            if (Definition(statement) is { } candidate) available.Add(candidate);
        }
    }

    private void Record(MathCall call, List<Candidate> available, bool later)
    {
        if (call.Arguments.Count != 1) return;
        foreach (Candidate c in available)
            if (c.Call.Class == call.Class && c.Call.Arguments[0].Equals(call.Arguments[0]) && !ReferenceEquals(c.Call, call))
            {
                if (!_known.TryGetValue(call, out List<Known>? list)) _known[call] = list = new List<Known>();
                list.Add(new Known(c.Call.Name, c.Local, c.Definition, later));
            }
    }

    /// <summary>Drops the candidates whose argument reads a variable the statement (or a statement in it) writes.</summary>
    private static void Kill(Stmt statement, List<Candidate> available)
    {
        var written = new HashSet<int>(Walk.WrittenVariables(new[] { statement }));
        if (written.Count > 0) available.RemoveAll(c => Walk.Variables(c.Call.Arguments[0]).Any(written.Contains));
    }

    /// <summary><c>c = f(u)</c>: c a real scalar local written only here, u arithmetic on scalar variables other than c.</summary>
    private Candidate? Definition(Stmt statement)
    {
        if (statement is not Assign { Target: VarRef target, Value: MathCall { Arguments.Count: 1 } call } assign) return null;
        Variable local = _function.Variables[target.Variable];
        if (local.Kind is not (VariableKind.Local or VariableKind.Synthetic) || local.IsArray || !local.IsReal || _writes[target.Variable] != 1) return null;
        Expr argument = call.Arguments[0];
        bool scalar = Walk.Expressions(argument).All(e => e is Literal or Unary or Binary or Conversion
            || e is VarRef v && !_function.Variables[v.Variable].IsArray && v.Variable != target.Variable);
        return scalar ? new Candidate(assign, target.Variable, call) : null;
    }
}
