using System.Linq;
using AutoDiff.Generators.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using Xunit;

namespace AutoDiff.Generators.Tests;

/// <summary>
/// Generator diagnostics point into the user's syntax tree (a source location, not an external-file
/// one), so the IDE squiggles the code, and #pragma and .editorconfig severities apply to them.
/// </summary>
public class DiagnosticLocationTests
{
    [Fact]
    public void DiagnosticIsASourceLocationOnTheOffendingCode()
    {
        GeneratorRun run = GeneratorHarness.Run(Sources.Rejected);
        run.AssertNoGeneratorException();

        Diagnostic diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("ADIFF0101", diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        SyntaxTree userTree = run.InputCompilation.SyntaxTrees.Single();
        Assert.True(diagnostic.Location.Kind == LocationKind.SourceFile,
            $"The diagnostic's location is {diagnostic.Location.Kind}, not SourceFile: {GeneratorRun.Format(new[] { diagnostic })}");
        Assert.Same(userTree, diagnostic.Location.SourceTree);
        Assert.Equal("Environment.ProcessorCount", userTree.GetText().ToString(diagnostic.Location.SourceSpan));
    }
}
