// BUG (CS8785, generator crash): two partial types with the same name in different namespaces, each with a
// [Differentiable] method of the same name and signature, give the same hint name
// ("Dup.F.<hash>.g.cs"): the generator throws ArgumentException and emits nothing for the whole compilation.
using AutoDiff;

namespace AutoDiff.Tests.Corpus.Pending.A
{
    public static partial class Dup { [Differentiable] public static double F(double x) => x * x; }
}

namespace AutoDiff.Tests.Corpus.Pending.B
{
    public static partial class Dup { [Differentiable] public static double F(double x) => x * x * x; }
}
