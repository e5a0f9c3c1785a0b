using AutoDiff.Generators.Model;

namespace AutoDiff.Generators.Ir;

/// <summary>
/// A statement of the lowered body. Lowering removes jumps (break, continue, early return become
/// flags and guards), so the body is structured: assignments, ifs and loops. <c>Source</c> is the
/// user's statement, quoted in the comments of the generated code.
/// </summary>
internal abstract record Stmt(string Source);

/// <summary>target = value, where target is a variable or an array element.</summary>
internal sealed record Assign(Expr Target, Expr Value, string Source) : Stmt(Source);

/// <summary>Declares a local array outside loops: it is taken from the tape's pool, zeroed, at this point.</summary>
internal sealed record AllocateArray(int Array, Expr Size, string Source) : Stmt(Source);

/// <summary>Declares a local array inside a loop: the array allocated at the start becomes zero again.</summary>
internal sealed record ClearArray(int Array, string Source) : Stmt(Source);

internal sealed record If(Expr Condition, EquatableArray<Stmt> Then, EquatableArray<Stmt> Else, string Source) : Stmt(Source);

/// <summary>A loop whose condition is re-tested before every iteration; the reverse replays its recorded trip count.</summary>
internal sealed record While(Expr Condition, EquatableArray<Stmt> Body, string Source) : Stmt(Source);

/// <summary>
/// for (int i = Start; i &lt; End (or &lt;=, &gt;, &gt;=); i += Step): the counter and bounds are not
/// changed by the body, so the reverse sweep runs the counter back down without recording anything.
/// </summary>
internal sealed record For(int Counter, Expr Start, Expr End, bool Inclusive, int Step, EquatableArray<Stmt> Body, string Source) : Stmt(Source);

/// <summary>The function's result; always the last statement of the body.</summary>
internal sealed record Return(Expr Value, string Source) : Stmt(Source);
