using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CsCheck;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// A random differentiable program <c>double F(double a, double b[, double c, double d], double[] w)</c>
/// and the points to check it at. Each point packs the scalars, then w (whose length varies by point).
/// The class around it adds array-taking wrappers for reflection:
/// <c>Value(x)</c>, <c>Grad(x, dx)</c> (adds the gradient into dx) and <c>Pull(x, seed, dx)</c>.
/// </summary>
public sealed record RandomProgram(int Scalars, string Body, double[][] Points)
{
    public static readonly string[] ScalarNames = { "a", "b", "c", "d" };

    public string Source(string className)
    {
        string[] names = ScalarNames[..Scalars];
        string parameters = string.Join(", ", names.Select(n => "double " + n));
        string values = string.Join(", ", names.Select((_, i) => $"x[{i}]"));
        string adjoints = string.Join(", ", names.Select((_, i) => $"ref dx[{i}]"));
        string body = string.Join("\n", Body.Split('\n').Select(line => "        " + line));
        return $$"""
            using System;
            using AutoDiff;

            public static partial class {{className}}
            {
                [Differentiable]
                public static double F({{parameters}}, double[] w)
                {
            {{body}}
                }

                public static double Value(double[] x) => F({{values}}, x[{{Scalars}}..]);

                public static double Grad(double[] x, double[] dx)
                {
                    double[] dw = dx[{{Scalars}}..];
                    double value = FGradient({{values}}, x[{{Scalars}}..], {{adjoints}}, dw);
                    dw.CopyTo(dx, {{Scalars}});
                    return value;
                }

                public static void Pull(double[] x, double seed, double[] dx)
                {
                    double[] dw = dx[{{Scalars}}..];
                    FPullback({{values}}, x[{{Scalars}}..], seed, {{adjoints}}, dw);
                    dw.CopyTo(dx, {{Scalars}});
                }
            }
            """;
    }

    public override string ToString() =>
        Source("P") + "\n// points: " + string.Join(" | ", Points.Select(p => string.Join(", ", p.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
}

/// <summary>
/// CsCheck generators of <see cref="RandomProgram"/>s from a small grammar: + - * /, unary minus,
/// Math.Sin/Cos/Tanh/Exp/Sqrt/Log/Pow, ?:, locals, compound assignments, if/else, early return, and
/// for loops over w (accumulating, overwriting, with a body local, with a scalar carried into the next
/// iteration and a row of w at an offset, with continue or break), local
/// arrays (new or stackalloc) filled, updated in place next to a temporary, and folded into a local,
/// and a local span refilled at the top of every iteration of an outer loop.
/// </summary>
/// <remarks>
/// Two rules keep finite differences reliable. (1) Every expression carries an upper bound of its
/// magnitude (scalars and w elements are at most 2); one that could exceed <see cref="Limit"/> is
/// squashed as <c>Math.Tanh(k * e)</c>, so values stay moderate. (2) Branches only compare a scalar
/// parameter (never assigned) with 0, and sample points keep scalars at least 0.3 away from 0, far
/// from any branch switch.
/// </remarks>
public static class RandomPrograms
{
    private const double Limit = 20.0;
    private const int MaxWLength = 3;

    private readonly record struct Term(string Text, double Bound);

    private sealed record Scope(string[] Scalars, ImmutableArray<Term> Locals, int LoopDepth, int Arrays = 0)
    {
        public Term[] Atoms() => Scalars.Select(s => new Term(s, 2.0))
            .Concat(Locals)
            .Append(new Term(LoopDepth > 0 ? "w[i]" : "w[0]", 2.0))
            .ToArray();

        public string Indent => new(' ', 4 * LoopDepth);
    }

    private static readonly Term[] Constants =
        { new("0.5", 0.5), new("1.5", 1.5), new("2.0", 2.0), new("0.25", 0.25), new("3.0", 3.0), new("(-0.75)", 0.75) };

    private static readonly Func<Term, Term>[] Unary =
    {
        e => new($"Math.Sin({e.Text})", 1.0),
        e => new($"Math.Cos({e.Text})", 1.0),
        e => new($"Math.Tanh({e.Text})", 1.0),
        e => new($"Math.Exp(Math.Sin({e.Text}))", Math.E),
        e => new($"Math.Sqrt(1.0 + {e.Text} * {e.Text})", Math.Sqrt(1 + e.Bound * e.Bound)),
        e => new($"Math.Log(1.0 + {e.Text} * {e.Text})", Math.Log(1 + e.Bound * e.Bound)),
        e => new($"Math.Pow(1.0 + {e.Text} * {e.Text}, 1.5)", Math.Pow(1 + e.Bound * e.Bound, 1.5)),
        e => new($"(-({e.Text}))", e.Bound),
    };

    /// <summary>Squashes a term that could exceed <see cref="Limit"/> into (-1, 1).</summary>
    private static Term Bounded(Term e)
    {
        if (e.Bound <= Limit) return e;
        double scale = Math.Pow(10, -Math.Ceiling(Math.Log10(e.Bound)));
        return new($"Math.Tanh({scale.ToString("R", CultureInfo.InvariantCulture)} * {e.Text})", 1.0);
    }

    private static Gen<Term> Expr(int depth, Scope scope)
    {
        Gen<Term> leaf = Gen.Frequency((4, Gen.OneOf(scope.Atoms())), (1, Gen.OneOf(Constants)));
        if (depth == 0) return leaf;
        Gen<Term> e = Expr(depth - 1, scope);
        Gen<string> condition = Gen.Select(Gen.OneOf(scope.Scalars), Gen.OneOf(">", "<"), (p, op) => $"{p} {op} 0.0");
        return Gen.Frequency(
            (3, leaf),
            (2, Gen.Select(e, e, (x, y) => new Term($"({x.Text} + {y.Text})", x.Bound + y.Bound))),
            (2, Gen.Select(e, e, (x, y) => new Term($"({x.Text} - {y.Text})", x.Bound + y.Bound))),
            (2, Gen.Select(e, e, (x, y) => new Term($"{x.Text} * {y.Text}", x.Bound * y.Bound))),
            (1, Gen.Select(e, e, (x, y) => new Term($"{x.Text} / (1.0 + {y.Text} * {y.Text})", x.Bound))),
            (3, Gen.Select(Gen.OneOf(Unary), e, (f, x) => f(x))),
            (1, Gen.Select(condition, e, e, (c, x, y) => new Term($"({c} ? {x.Text} : {y.Text})", Math.Max(x.Bound, y.Bound)))))
            .Select(Bounded);
    }

    private static Gen<Term> Expr(Scope scope) => Gen.Int[0, 3].SelectMany(depth => Expr(depth, scope));

    /// <summary><c>t += e</c> or <c>t -= e</c> when the bound allows, else <c>t *= Math.Cos(e)</c>.</summary>
    private static Gen<(string Code, Term Local)> Update(Term local, Scope scope, int repeats) =>
        Gen.Select(Expr(scope), Gen.OneOf("+=", "-="), (e, op) =>
            local.Bound + repeats * e.Bound <= Limit
                ? ($"{local.Text} {op} {e.Text};", local with { Bound = local.Bound + repeats * e.Bound })
                : ($"{local.Text} *= Math.Cos({e.Text});", local));

    private static Scope Replace(Scope scope, int index, Term local) => scope with { Locals = scope.Locals.SetItem(index, local) };

    private static Gen<(string Code, Scope After)> Declare(Scope scope) =>
        Expr(scope).Select(e =>
        {
            var local = new Term($"t{scope.Locals.Length}", e.Bound);
            return ($"double {local.Text} = {e.Text};", scope with { Locals = scope.Locals.Add(local) });
        });

    private static Gen<(string Code, Scope After)> Statement(Scope scope)
    {
        Gen<int> pick = Gen.Int[0, scope.Locals.Length - 1];
        Gen<string> scalar = Gen.OneOf(scope.Scalars);
        Scope loop = scope with { LoopDepth = scope.LoopDepth + 1 };

        Gen<(string, Scope)> compound = pick.SelectMany(j =>
            Update(scope.Locals[j], scope, 1).Select(u => (u.Code, Replace(scope, j, u.Local))));

        Gen<(string, Scope)> branch = Gen.Select(pick, scalar, Expr(scope), (j, p, e) => (j, p, e))
            .Where(s => s.e.Text != scope.Locals[s.j].Text) // t = t; would be a compiler warning
            .SelectMany(s =>
            Update(scope.Locals[s.j], scope, 1).Select(u =>
            {
                var local = scope.Locals[s.j];
                string code = $"if ({s.p} > 0.0)\n{{\n    {local.Text} = {s.e.Text};\n}}\nelse\n{{\n    {u.Code}\n}}";
                return (code, Replace(scope, s.j, local with { Bound = Math.Max(s.e.Bound, u.Local.Bound) }));
            }));

        Gen<(string, Scope)> earlyReturn = Gen.Select(scalar, Expr(scope), (p, e) =>
            ($"if ({p} < 0.0)\n    return {e.Text};", scope));

        Gen<(string, Scope)> accumulate = pick.SelectMany(j =>
            Update(scope.Locals[j], loop, MaxWLength).Select(u =>
                ($"for (int i = 0; i < w.Length; i++)\n{{\n    {u.Code}\n}}", Replace(scope, j, u.Local))));

        // Overwrites t from its old value each iteration: the reverse sweep needs the old values back.
        Gen<(string, Scope)> recurrence = Gen.Select(pick, Expr(loop), (j, e) => (j, e)).Select(s =>
        {
            var local = scope.Locals[s.j];
            Term next = Bounded(new Term($"{local.Text} * Math.Cos(w[i]) + {s.e.Text}", local.Bound + MaxWLength * s.e.Bound));
            return ($"for (int i = 0; i < w.Length; i++)\n{{\n    {local.Text} = {next.Text};\n}}",
                Replace(scope, s.j, local with { Bound = Math.Max(local.Bound, next.Bound) }));
        });

        // A local declared in the loop body, fresh each iteration.
        Gen<(string, Scope)> loopLocal = Gen.Select(pick, Expr(loop), Expr(loop), (j, e1, e2) => (j, e1, e2)).Select(s =>
        {
            var local = scope.Locals[s.j];
            bool fits = local.Bound + MaxWLength * s.e1.Bound <= Limit;
            string update = fits ? $"{local.Text} += u * Math.Sin({s.e2.Text});" : $"{local.Text} *= Math.Cos(u);";
            return ($"for (int i = 0; i < w.Length; i++)\n{{\n    double u = {s.e1.Text};\n    {update}\n}}",
                Replace(scope, s.j, fits ? local with { Bound = local.Bound + MaxWLength * s.e1.Bound } : local));
        });

        // A scalar carried into the next iteration (read before it is reassigned from fixed inputs), and
        // a row of w read at a constant offset (o + i).
        Gen<(string, Scope)> carried = Gen.Select(pick, Gen.Int[0, 1], Expr(scope), (j, o, e) => (j, o, e)).Select(s =>
        {
            var local = scope.Locals[s.j];
            string c = "c" + scope.Arrays;
            bool fits = local.Bound + MaxWLength <= Limit;
            string update = fits ? $"{local.Text} += Math.Sin(w[{s.o} + i] * {c});" : $"{local.Text} *= Math.Cos(w[{s.o} + i] * {c});";
            string code = $"double {c} = Math.Tanh({s.e.Text});\nfor (int i = 0; i < w.Length - {s.o}; i++)\n{{\n    {update}\n    {c} = 0.25 * i + w[0] * 0.5;\n}}";
            return (code, Replace(scope, s.j, fits ? local with { Bound = local.Bound + MaxWLength } : local) with { Arrays = scope.Arrays + 1 });
        });

        // continue or break on the (integer) loop counter.
        Gen<(string, Scope)> jump = Gen.Select(pick, Gen.OneOf("continue", "break"), Gen.Int[0, MaxWLength - 1], (j, k, at) => (j, k, at))
            .SelectMany(s => Update(scope.Locals[s.j], loop, MaxWLength).Select(u =>
                ($"for (int i = 0; i < w.Length; i++)\n{{\n    if (i == {s.at}) {s.k};\n    {u.Code}\n}}", Replace(scope, s.j, u.Local))));

        return Gen.Frequency(
            (3, Declare(scope)), (3, compound), (2, branch), (1, earlyReturn),
            (2, accumulate), (2, recurrence), (1, loopLocal), (1, carried), (1, jump), (2, LocalArray(scope)), (1, RefilledArray(scope)));
    }

    private static readonly Func<Term, Term>[] Fills =
    {
        e => new($"Math.Tanh({e.Text})", 1.0),
        e => new($"Math.Exp(Math.Sin({e.Text}))", Math.E),
        e => Bounded(new($"Math.Sqrt(1.0 + {e.Text} * {e.Text})", Math.Sqrt(1 + e.Bound * e.Bound))),
        e => e,
    };

    /// <summary>
    /// A local array over w's length: filled (often as h[i] = tanh(e), whose reverse reads h[i] back),
    /// updated in place for a few steps next to a temporary of the iteration, then folded into a local.
    /// </summary>
    private static Gen<(string Code, Scope After)> LocalArray(Scope scope)
    {
        string h = "h" + scope.Arrays;
        Scope loop = scope with { LoopDepth = 1 };
        Gen<int> pick = Gen.Int[0, scope.Locals.Length - 1];
        Gen<Term> fill = Gen.Select(Gen.OneOf(Fills), Expr(loop), (f, e) => f(e));
        return Gen.Select(fill, Gen.Int[0, 2], Gen.OneOf("new double[w.Length]", "stackalloc double[w.Length]"), pick)
            .SelectMany(s =>
            {
                var element = new Term($"{h}[i]", Math.Max(s.Item1.Bound, 1.0));
                Scope withElement = loop with { Locals = loop.Locals.Add(element) };
                Scope withTemporary = withElement with { Locals = withElement.Locals.Add(new Term("u", Limit)) };
                Gen<(Term U, Term Next)> step = Gen.Select(Expr(withElement), Expr(withTemporary), (u, next) => (u, next));
                Gen<(string Code, Term Local)> fold = Update(scope.Locals[s.Item4], withElement, MaxWLength);
                return Gen.Select(step, fold, (st, f) =>
                {
                    string type = s.Item3.StartsWith("new", StringComparison.Ordinal) ? "double[]" : "Span<double>";
                    string code = $"{type} {h} = {s.Item3};\n" +
                        $"for (int i = 0; i < w.Length; i++)\n    {h}[i] = {s.Item1.Text};\n" +
                        $"for (int step = 0; step < {s.Item2}; step++)\n{{\n    for (int i = 0; i < {h}.Length; i++)\n    {{\n" +
                        $"        double u = {st.U.Text};\n        {h}[i] = Math.Tanh(0.5 * u + {st.Next.Text});\n    }}\n}}\n" +
                        $"for (int i = 0; i < w.Length; i++)\n{{\n    {f.Code}\n}}";
                    return (code, Replace(scope, s.Item4, f.Local) with { Arrays = scope.Arrays + 1 });
                });
            });
    }

    /// <summary>
    /// A local span that an outer loop refills whole at the top of every iteration, updates in place and
    /// folds into a local: the shape the generator gives a tape row per iteration (GMM's <c>qxcentered</c>).
    /// Arithmetic on parameters only, so nothing else in the loop needs the tape and no temporary is
    /// saved: then the generator must use rows, which <see cref="PropertyTests"/> checks.
    /// </summary>
    private static Gen<(string Code, Scope After)> RefilledArray(Scope scope)
    {
        string r = "r" + scope.Arrays;
        Gen<string> active = Gen.OneOf(scope.Scalars.Append("w[i]").ToArray());
        Gen<string> fill = Gen.Select(active, Gen.OneOf("+", "-", "*"), Gen.OneOf(scope.Scalars.Append("w[i]").Append("0.5").ToArray()),
            (x, op, y) => $"{x} {op} {y}");
        return Gen.Select(fill, Gen.Int[0, 3], active, Gen.Int[0, scope.Locals.Length - 1], (f, steps, b, j) => (f, steps, b, j))
            .Select(s =>
            {
                // |fill| <= 4, |r| <= 8 after the update, so the fold adds at most 0.1 * 2 * 8 per element and step.
                Term local = scope.Locals[s.j];
                string code = $"Span<double> {r} = stackalloc double[w.Length];\n" +
                    $"for (int k = 0; k < {s.steps}; k++)\n{{\n" +
                    $"    for (int i = 0; i < {r}.Length; i++)\n        {r}[i] = ({s.f}) * (1.0 - 0.25 * k);\n" +
                    $"    for (int i = 1; i < {r}.Length; i++)\n        {r}[i] += 0.5 * {r}[i - 1];\n" +
                    $"    for (int i = 0; i < {r}.Length; i++)\n        {local.Text} += 0.1 * {s.b} * {r}[i];\n}}";
                double grown = local.Bound + 0.1 * 2 * 8 * MaxWLength * 3;
                return (code, Replace(scope, s.j, local with { Bound = grown }) with { Arrays = scope.Arrays + 1 });
            });
    }

    private static Gen<string> Body(Scope scope, int statements) =>
        statements == 0
            ? Expr(scope).Select(e => $"return {string.Join(" + ", scope.Locals.Select(l => l.Text))} + {e.Text};")
            : Statement(scope).SelectMany(s => Body(s.After, statements - 1).Select(rest => s.Code + "\n" + rest));

    private static readonly Gen<double> Scalar =
        Gen.Select(Gen.Double[0.3, 2.0], Gen.Bool, (magnitude, negative) => negative ? -magnitude : magnitude);

    private static Gen<double[]> Point(int scalars) =>
        Gen.Int[1, MaxWLength].SelectMany(length =>
            Gen.Select(Scalar.Array[scalars], Gen.Double[-2.0, 2.0].Array[length], (s, w) => s.Concat(w).ToArray()));

    /// <summary>A program with 2-4 scalars, a first local, what <paramref name="rest"/> adds after it, and 2 points.</summary>
    private static Gen<RandomProgram> Programs(Func<Scope, Gen<string>> rest) =>
        Gen.Int[2, 4].SelectMany(scalars =>
        {
            var scope = new Scope(RandomProgram.ScalarNames[..scalars], ImmutableArray<Term>.Empty, 0);
            Gen<string> body = Declare(scope).SelectMany(first => rest(first.After).Select(code => first.Code + "\n" + code));
            return Gen.Select(body, Point(scalars).Array[2], (b, points) => new RandomProgram(scalars, b, points));
        });

    /// <summary>A program with 2-4 scalars, 1-5 statements after the first local, and 2 points.</summary>
    public static readonly Gen<RandomProgram> Program = Programs(scope => Gen.Int[1, 5].SelectMany(n => Body(scope, n)));

    /// <summary>A program that starts with a <see cref="RefilledArray"/>, so a batch of them exercises tape rows.</summary>
    public static readonly Gen<RandomProgram> ProgramWithRefilledArray = Programs(scope =>
        RefilledArray(scope).SelectMany(rows => Gen.Int[0, 2].SelectMany(n => Body(rows.After, n)).Select(rest => rows.Code + "\n" + rest)));
}
