using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace AutoDiff.Generators.Tests.Diagnostics;

/// <summary>Assertions shared by the diagnostic tests.</summary>
internal static class DiagnosticAssert
{
    /// <summary>The generator did not crash: no exception, no CS8784/CS8785 and no AD0001.</summary>
    public static void NoCrash(GeneratorRun run)
    {
        Assert.True(run.Exception is null, "The generator threw:\n" + run.Describe());
        Assert.True(!run.CrashDiagnostics.Any(), "Crash diagnostics:\n" + run.Describe());
    }

    /// <summary>
    /// Exactly the given ADIFF diagnostics, in source order, one per marked span: each an Error with
    /// that id at exactly that span of Input.cs. The generator did not crash, emitted nothing, and the
    /// output compilation has no errors or warnings (the input compiles on its own; nothing cascades).
    /// </summary>
    public static GeneratorRun Reports(string markedSource, params string[] expectedIds)
    {
        GeneratorRun run = DiagnosticRunner.Run(markedSource);
        NoCrash(run);

        List<Diagnostic> actual = run.AdiffDiagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal).ToList();
        Assert.True(expectedIds.Length == run.Spans.Length, $"The test marks {run.Spans.Length} spans for {expectedIds.Length} expected diagnostics.");
        Assert.True(actual.Count == expectedIds.Length,
            $"Expected {expectedIds.Length} ADIFF diagnostics ({string.Join(", ", expectedIds)}), got {actual.Count}:\n" + run.Describe());
        for (int k = 0; k < expectedIds.Length; k++)
        {
            Diagnostic diagnostic = actual[k];
            TextSpan expected = run.Spans[k];
            Assert.Equal(expectedIds[k], diagnostic.Id);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
            Assert.Equal(DiagnosticSeverity.Error, diagnostic.DefaultSeverity);
            Assert.True(diagnostic.Location != Location.None, $"{diagnostic.Id} has no location.");
            Assert.Equal(DiagnosticRunner.FilePath, diagnostic.Location.GetLineSpan().Path);
            Assert.True(expected == diagnostic.Location.SourceSpan,
                $"{diagnostic.Id} points at '{run.TextAt(diagnostic)}' {diagnostic.Location.SourceSpan}, expected '{run.Source.Substring(expected.Start, expected.Length)}' {expected}.");
            Assert.Equal(LinePositionSpan(run.Source, expected), diagnostic.Location.GetLineSpan().Span);
            string message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
            Assert.DoesNotContain("{0}", message, StringComparison.Ordinal);
            Assert.DoesNotContain("{1}", message, StringComparison.Ordinal);
            Assert.EndsWith("docs/diagnostics/" + diagnostic.Id + ".md", diagnostic.Descriptor.HelpLinkUri, StringComparison.Ordinal);
        }

        Assert.True(run.InputDiagnostics.All(d => d.Severity < DiagnosticSeverity.Warning),
            "The test source itself must compile cleanly:\n" + string.Join("\n", run.InputDiagnostics));
        Assert.True(run.GeneratedSources.IsEmpty, "Nothing may be generated for an erroneous method:\n" + run.Describe());
        Assert.True(!run.OutputDiagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning),
            "The output compilation must have no errors or warnings beyond the ADIFF ones:\n" + run.Describe());
        return run;
    }

    /// <summary>Valid code: no ADIFF diagnostic at all, something generated, zero warnings and errors.</summary>
    public static GeneratorRun Clean(string source)
    {
        GeneratorRun run = DiagnosticRunner.Run(source);
        NoCrash(run);
        Assert.True(!run.AdiffDiagnostics.Any(), "Unexpected ADIFF diagnostics:\n" + run.Describe());
        Assert.True(run.GeneratorDiagnostics.IsEmpty, "Unexpected generator diagnostics:\n" + run.Describe());
        Assert.True(run.OutputDiagnostics.All(d => d.Severity < DiagnosticSeverity.Warning),
            "The output compilation must have no warnings or errors:\n" + run.Describe());
        return run;
    }

    private static LinePositionSpan LinePositionSpan(string source, TextSpan span) =>
        SourceText.From(source).Lines.GetLinePositionSpan(span);
}
