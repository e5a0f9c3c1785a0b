// BUG 2 (fixed in 22d7e71) (CS8785, generator crash): two partial types with the same name in different namespaces, each with a
// [Differentiable] method of the same name and signature, give the same hint name
// ("Dup.F.<hash>.g.cs"): the generator throws ArgumentException and emits nothing for the whole compilation.
using AutoDiff;

namespace AutoDiff.Tests.Corpus.HintNames.A
{
    public static partial class Dup { [Differentiable] public static double F(double x) => x * x; }
}

namespace AutoDiff.Tests.Corpus.HintNames.B
{
    public static partial class Dup { [Differentiable] public static double F(double x) => x * x * x; }
}

namespace AutoDiff.Tests.Corpus.HintNames
{
    public class HintNameCollisionTests
    {
        [Xunit.Fact]
        public void SameTypeAndMethodNameInTwoNamespaces()
        {
            double a = 0, b = 0;
            A.Dup.FGradient(3, ref a);
            B.Dup.FGradient(3, ref b);
            Xunit.Assert.Equal(6.0, a);
            Xunit.Assert.Equal(27.0, b);
        }
    }
}
