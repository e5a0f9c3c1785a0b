using AutoDiff.Generators.Tests.Infrastructure;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// The generated code of each <see cref="GradientCases"/> function, compared with the committed
/// Snapshots/GeneratedCodeSnapshotTests.*.verified.cs. After an intended change of the generator,
/// review the diff and accept with <c>AUTODIFF_ACCEPT_SNAPSHOTS=1 dotnet test</c>.
/// </summary>
public class GeneratedCodeSnapshotTests
{
    [Theory]
    [MemberData(nameof(GradientCases.Names), MemberType = typeof(GradientCases))]
    public void GeneratedCode(string name)
    {
        GeneratorRun run = GeneratorHarness.Run(GradientCases.Get(name).Source);
        run.AssertSuccess();
        Snapshot.VerifyGenerated(run, name);
    }

    [Fact]
    public void GeneratedCodeWithOptimizationsDisabled()
    {
        GeneratorRun run = GeneratorHarness.Run(GeneratorHarness.CreateCompilation(GradientCases.Get("LoopOverwrite").Source), disableOptimizations: true);
        run.AssertSuccess();
        Snapshot.VerifyGenerated(run);
    }
}
