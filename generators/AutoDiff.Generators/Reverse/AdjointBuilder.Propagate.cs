using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using AutoDiff.Generators.Emit;
using AutoDiff.Generators.Ir;
using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Reverse;

internal sealed partial class AdjointBuilder
{
    private static readonly Regex s_atom = new(@"^(-?[A-Za-z_@][A-Za-z0-9_]*|-?[0-9][0-9.Ee+\-]*f?)$", RegexOptions.Compiled);

    /// <summary>
    /// Adds <paramref name="adjoint"/> (the adjoint of <paramref name="expr"/>'s value) into the
    /// adjoints of the active variables it reads, applying the chain rule node by node.
    /// </summary>
    private void Propagate(Expr expr, string adjoint, List<Code> output)
    {
        if (!_activity.IsActive(expr)) return;
        switch (expr)
        {
            case VarRef v:
                Accumulate(Adjoint(v.Variable), adjoint, output);
                break;
            case Element e:
                Accumulate(Adjoint(e.Array) + "[" + _printer.Print(e.Index) + "]", adjoint, output);
                break;
            case Conversion c:
                // (T)u: the adjoint converts back to u's type.
                Propagate(c.Operand, "(" + c.Operand.Type.Keyword() + ")" + Parenthesize(adjoint), output);
                break;
            case Unary { Op: UnaryOp.Negate } u:
                // z = -u: du -= dz
                Propagate(u.Operand, Negate(adjoint), output);
                break;
            case Binary b:
                PropagateBinary(b, adjoint, output);
                break;
            case Conditional c:
            {
                string a = Bind(adjoint, c.Type, output);
                List<Code> whenTrue = Nested(code => Propagate(c.WhenTrue, a, code));
                List<Code> whenFalse = Nested(code => Propagate(c.WhenFalse, a, code));
                output.AddRange(IfElse(_printer.Print(c.Condition), whenTrue, whenFalse));
                break;
            }
            case MathCall m:
                PropagateMath(m, adjoint, output);
                break;
            case Call call:
                PropagateCall(call, adjoint, output);
                break;
        }
    }

    private void PropagateBinary(Binary b, string adjoint, List<Code> output)
    {
        bool left = _activity.IsActive(b.Left), right = _activity.IsActive(b.Right);
        switch (b.Op)
        {
            case BinaryOp.Add:
            case BinaryOp.Subtract:
            {
                // z = u + v: du += dz, dv += dz (dv -= dz for u - v)
                string a = left && right ? Bind(adjoint, b.Type, output) : adjoint;
                Propagate(b.Left, a, output);
                Propagate(b.Right, b.Op == BinaryOp.Add ? a : Negate(a), output);
                break;
            }
            case BinaryOp.Multiply:
            {
                if (left && right && b.Left.Equals(b.Right))
                {
                    // z = u * u: du += 2 * (dz * u), which is exactly dz * u + dz * u with one product
                    Propagate(b.Left, "2 * " + Parenthesize(Product(adjoint, Value(b.Left, output))), output);
                    break;
                }
                // z = u * v: du += dz * v, dv += dz * u
                string a = left && right ? Bind(adjoint, b.Type, output) : adjoint;
                if (left) Propagate(b.Left, Product(a, Value(b.Right, output)), output);
                if (right) Propagate(b.Right, Product(a, Value(b.Left, output)), output);
                break;
            }
            case BinaryOp.Divide:
            {
                if (right && _values.TryGetValue(b, out string? z))
                {
                    // The quotient z is read back from its target: dv -= dz * z / v, and for z = 1 / v, dv -= dz * z * z.
                    if (b.Left is Literal { Value: 1 })
                    {
                        Propagate(b.Right, Negate(Product(adjoint, z) + " * " + z), output);
                        break;
                    }
                    string q = Bind(Parenthesize(adjoint) + " / " + Value(b.Right, output), b.Type, output);
                    if (left) Propagate(b.Left, q, output);
                    Propagate(b.Right, Negate(Product(q, z)), output);
                    break;
                }
                // z = u / v: du += dz / v, dv -= dz * u / v^2
                string v = Value(b.Right, output);
                string quotient = Bind(Parenthesize(adjoint) + " / " + v, b.Type, output);
                if (left) Propagate(b.Left, quotient, output);
                if (right) Propagate(b.Right, "-" + quotient + (b.Left is Literal { Value: 1 } ? "" : " * " + Value(b.Left, output)) + " / " + v, output);
                break;
            }
        }
    }

    private void PropagateMath(MathCall call, string adjoint, List<Code> output)
    {
        if (!MathRules.TryGet(call.Name, call.Arguments.Count, out MathRule rule) || rule.Kind == MathRuleKind.Zero) return;
        (string?[] partials, string reused) = Reusing(rule, call);
        if (call.Name == "Pow" && call.Arguments[1] is Literal exponent && PowerOf(exponent.Value, call.Type) is { } power)
        {
            // A constant exponent: w u^(w-1) without calling Pow again (u^2's derivative is 2 u).
            partials[0] = power;
            reused += "; w = " + ExprPrinter.Literal(exponent.Value, call.Type);
        }
        string[] arguments = call.Arguments.Select((a, k) => rule.UsesArgument(k, partials) ? Value(a, output) : "").ToArray();
        string a = Bind(adjoint, call.Type, output);
        string math = "global::System." + call.Class;
        string? value = rule.UsesValue ? Value(call, output) : null;
        string Fill(string template)
        {
            // A leading "-{adj}" folds with a negative adjoint: -(-r) is printed as r.
            if (template.StartsWith("-{adj}", System.StringComparison.Ordinal)) template = "{-adj}" + template.Substring(6);
            string text = template.Replace("{-adj}", Negate(a)).Replace("{adj}", Parenthesize(a)).Replace("{v}", value ?? "").Replace("{M}", math)
                .Replace("{f}", call.Type == ScalarType.Float ? "f" : "");
            for (int k = 0; k < arguments.Length; k++) text = text.Replace("{a" + k + "}", arguments[k]);
            return text;
        }

        output.Add(new Line("// " + rule.Formula + reused));
        if (rule.Kind == MathRuleKind.Smooth)
        {
            for (int k = 0; k < arguments.Length; k++)
                if (partials[k] is { } partial)
                    Propagate(call.Arguments[k], Fill(partial), output);
            return;
        }

        // Select: the argument that was returned receives the whole adjoint.
        List<Code> chosen = Selected(rule.Fallback);
        for (int s = rule.Selections.Length - 1; s >= 0; s--)
            chosen = IfElse(Fill(rule.Selections[s].Condition), Selected(rule.Selections[s].Argument), chosen);
        output.AddRange(chosen);

        List<Code> Selected(int argument) => Nested(code => Propagate(call.Arguments[argument], a, code));
    }

    /// <summary>
    /// The rule's partials with each <c>{M}.F({a0})</c> whose value is at hand read from where it is: a local that
    /// holds it (<see cref="KnownCalls"/>: <c>double c = Math.Cos(t)</c> for sin(t)'s derivative), or a temporary
    /// this statement's reverse block has computed it into (<c>sin(t) * cos(t)</c>, whose product rule reads cos(t)
    /// first). The note names them for the rule's comment.
    /// </summary>
    private (string?[] Partials, string Note) Reusing(MathRule rule, MathCall call)
    {
        string?[] partials = rule.Partials.ToArray();
        if (!_optimize || call.Arguments.Count != 1) return (partials, "");
        var notes = new List<string>();
        foreach (Match m in s_sameArgument.Matches(string.Concat(partials)))
        {
            string function = m.Groups[1].Value;
            if (notes.Any(n => n.StartsWith(function.ToLowerInvariant() + "(", System.StringComparison.Ordinal))) continue;
            string? holder = _knownCalls.For(call)
                .Where(k => k.Function == function && !(k.Later && _saves.MustSave(k.Definition))) // a later definition must not be restored before this block runs
                .Select(k => Var(k.Local).Name).FirstOrDefault()
                ?? _values.FirstOrDefault(v => v.Key is MathCall other && other.Name == function && other.Class == call.Class && other.Arguments.Equals(call.Arguments)).Value;
            if (holder is null) continue;
            for (int k = 0; k < partials.Length; k++) partials[k] = partials[k]?.Replace(m.Value, holder);
            notes.Add(function.ToLowerInvariant() + "(u) is " + holder);
        }
        return (partials, notes.Count == 0 ? "" : "; " + string.Join(", ", notes));
    }

    /// <summary>The du partial of u^w for a literal w: products of u for small integers, else Pow with w - 1 folded.</summary>
    private static string? PowerOf(double w, ScalarType type) => w switch
    {
        0 => null, // u^0 = 1: the rule's 0 * ... stays
        1 => "{adj}",
        2 => "{adj} * 2 * {a0}",
        3 => "{adj} * 3 * ({a0} * {a0})",
        4 => "{adj} * 4 * ({a0} * {a0} * {a0})",
        _ => "{adj} * " + ExprPrinter.Literal(w, type) + " * {M}.Pow({a0}, " + ExprPrinter.Literal(w - 1, type) + ")",
    };

    private static readonly Regex s_sameArgument = new(@"\{M\}\.(\w+)\(\{a0\}\)", RegexOptions.Compiled);

    /// <summary>A call: the callee's pullback (generated, referenced or a rule) runs the callee again and adds its adjoints.</summary>
    private void PropagateCall(Call call, string adjoint, List<Code> output)
    {
        Callee callee = _owner.Callee(call.Callee);
        var primal = call.Arguments.Select(argument => _printer.Print(argument)).ToList();
        var adjoints = new List<string>();
        var after = new List<(Expr Argument, string Adjoint)>();
        var activeOrdinals = new List<int>();
        for (int k = 0; k < call.Arguments.Count; k++)
        {
            Expr argument = call.Arguments[k];
            CalleeParameter parameter = callee.Parameters[k];
            bool active = parameter.Type.IsReal() && (_optimize ? _activity.IsActive(argument) : true);
            bool slot = callee.Kind == CalleeKind.Source ? active : parameter.HasAdjoint;
            if (!slot) continue;
            activeOrdinals.Add(k);
            if (parameter.Shape != ArrayShape.None)
            {
                var array = (ArrayRef)argument;
                string slice = array is { Start: { } start, Count: { } count } ? $".Slice({_printer.Print(start)}, {_printer.Print(count)})" : "";
                if (active || _activity.IsActive(array.Variable)) adjoints.Add(Adjoint(array.Variable) + slice);
                else
                {
                    _usesTape = true;
                    string length = array.Count is { } n ? _printer.Print(n) : Var(array.Variable).Name + ".Length";
                    adjoints.Add($"{_tape}.{Rent(parameter.Type)}({length})");
                }
                continue;
            }
            if (active && argument is VarRef v) adjoints.Add("ref " + Adjoint(v.Variable));
            else if (active && argument is Element e) adjoints.Add("ref " + Adjoint(e.Array) + "[" + _printer.Print(e.Index) + "]");
            else
            {
                string temporary = Temporary("_da");
                output.Add(new Line($"{parameter.Type.Keyword()} {temporary} = 0;"));
                adjoints.Add("ref " + temporary);
                if (active) after.Add((argument, temporary));
            }
        }
        if (callee.Kind == CalleeKind.Pullback)
            for (int k = 0; k < call.Arguments.Count; k++)
                if (!callee.Parameters[k].HasAdjoint && callee.Parameters[k].Type.IsReal() && _activity.IsActive(call.Arguments[k]))
                    _owner.ReportInactiveParameter(callee, callee.Parameters[k].Name, call.Location);

        string name = callee.Kind == CalleeKind.Source ? _owner.VariantName(callee.Function, activeOrdinals) : callee.Derivative;
        output.Add(new Line($"{name}({string.Join(", ", primal.Append(adjoint).Concat(adjoints))});"));
        foreach ((Expr argument, string temporary) in after) Propagate(argument, temporary, output);
    }

    // ---- Small pieces of generated code ------------------------------------------------------

    private static void Accumulate(string target, string adjoint, List<Code> output) =>
        output.Add(adjoint.StartsWith("-", System.StringComparison.Ordinal) && IsAtom(adjoint.Substring(1))
            ? new Line($"{target} -= {adjoint.Substring(1)};")
            : new Line($"{target} += {adjoint};"));

    /// <summary>
    /// The expression's value as an atom: itself if simple, else a temporary. Subexpressions are
    /// computed bottom-up and remembered for the statement being reversed, so a value that several
    /// partial derivatives need (tanh(c), exp(-z)) is computed once.
    /// </summary>
    private string Value(Expr expr, List<Code> output)
    {
        bool simple = expr is VarRef or Literal or StaticField or Length || expr is Element { Index: VarRef or Literal };
        if (simple || !expr.Type.IsReal())
        {
            string text = _printer.Print(expr);
            return simple && !text.StartsWith("-", System.StringComparison.Ordinal) ? text : "(" + text + ")";
        }
        if (_values.TryGetValue(expr, out string? known)) return known;
        string composed = expr switch
        {
            Binary { Op: BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide } b =>
                Value(b.Left, output) + " " + (b.Op switch { BinaryOp.Add => "+", BinaryOp.Subtract => "-", BinaryOp.Multiply => "*", _ => "/" }) + " " + Value(b.Right, output),
            Unary { Op: UnaryOp.Negate } u => Negate(Value(u.Operand, output)),
            Conversion c => "(" + c.Type.Keyword() + ")" + Value(c.Operand, output),
            MathCall m => "global::System." + m.Class + "." + m.Name + "(" + string.Join(", ", m.Arguments.Select(a => Value(a, output))) + ")",
            _ => _printer.Print(expr), // conditionals and calls are evaluated as written: their branches are lazy
        };
        string temporary = Bind(composed, expr.Type, output, force: true);
        _values[expr] = temporary;
        return temporary;
    }

    /// <summary>Propagates inside a nested block (a branch): values computed there are not visible after it.</summary>
    private List<Code> Nested(System.Action<List<Code>> propagate)
    {
        var saved = new Dictionary<Expr, string>(_values, ReferenceComparer<Expr>.Instance);
        var code = new List<Code>();
        propagate(code);
        _values.Clear();
        foreach (KeyValuePair<Expr, string> pair in saved) _values[pair.Key] = pair.Value;
        return code;
    }

    /// <summary>Keeps atoms; puts anything else in a temporary so it is computed once.</summary>
    private string Bind(string text, ScalarType type, List<Code> output, bool force = false)
    {
        if (!force && IsAtom(text)) return text;
        string temporary = Temporary("_t");
        output.Add(new Line($"{type.Keyword()} {temporary} = {text};"));
        return temporary;
    }

    private static bool IsAtom(string text) => s_atom.IsMatch(text);

    private static string Parenthesize(string text) => IsAtom(text) && !text.StartsWith("-", System.StringComparison.Ordinal) ? text : "(" + text + ")";

    private static string Negate(string text) =>
        text.StartsWith("-", System.StringComparison.Ordinal) && IsAtom(text.Substring(1)) ? text.Substring(1) : "-" + Parenthesize(text);

    private static string Product(string a, string b) => Parenthesize(a) + " * " + b;
}
