using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using Xunit;

namespace AutoDiff.Generators.Tests.Infrastructure;

/// <summary>
/// Compares text with a committed baseline <c>Snapshots/&lt;Class&gt;.&lt;Test&gt;.verified.cs</c> of this
/// test project. On a mismatch it writes <c>.received.cs</c> beside it and fails with a diff.
/// <c>AUTODIFF_ACCEPT_SNAPSHOTS=1 dotnet test</c> writes the verified files instead (never in CI).
/// A missing baseline fails; outside CI the received file is written so it can be reviewed and accepted.
/// </summary>
/// <remarks>
/// The folder is found from the calling source file (<see cref="CallerFilePathAttribute"/>), not from
/// bin/, so accepted baselines land in the repository. &lt;Class&gt; is the caller's file name.
/// </remarks>
public static class Snapshot
{
    /// <summary>Asserts that <paramref name="actual"/> matches the baseline of the calling test.</summary>
    /// <param name="name">Suffix for a second snapshot in the same test: <c>&lt;Class&gt;.&lt;Test&gt;.&lt;name&gt;.verified.cs</c>.</param>
    public static void Verify(string actual, string? name = null,
        [CallerFilePath] string callerFile = "", [CallerMemberName] string test = "")
    {
        string className = Path.GetFileNameWithoutExtension(callerFile);
        string baseName = name is null ? $"{className}.{test}" : $"{className}.{test}.{name}";
        Verify(actual, SnapshotDirectory(callerFile), baseName, Settings.FromEnvironment());
    }

    /// <summary>Asserts that the generated files of <paramref name="run"/> (all of them, in hint-name order) match the baseline.</summary>
    public static void VerifyGenerated(GeneratorRun run, string? name = null,
        [CallerFilePath] string callerFile = "", [CallerMemberName] string test = "") =>
        Verify(run.AllGeneratedText, name, callerFile, test);

    /// <summary>How a comparison is steered; read from the environment except in the helper's own tests.</summary>
    internal sealed record Settings(bool Accept, bool InCi)
    {
        public static Settings FromEnvironment() => new(
            Accept: Environment.GetEnvironmentVariable("AUTODIFF_ACCEPT_SNAPSHOTS") is "1" or "true",
            InCi: string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase));
    }

    internal static void Verify(string actual, string directory, string baseName, Settings settings)
    {
        actual = Normalize(actual);
        string verifiedPath = Path.Combine(directory, baseName + ".verified.cs");
        string receivedPath = Path.Combine(directory, baseName + ".received.cs");

        if (settings.Accept && !settings.InCi)
        {
            Directory.CreateDirectory(directory);
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        if (!File.Exists(verifiedPath))
        {
            if (settings.InCi)
                Assert.Fail($"Missing snapshot {verifiedPath}. Run the tests locally with AUTODIFF_ACCEPT_SNAPSHOTS=1, review and commit it.");
            Directory.CreateDirectory(directory);
            File.WriteAllText(receivedPath, actual);
            Assert.Fail($"Missing snapshot {verifiedPath}; the output was written to {receivedPath}. " +
                        "Review it, then accept it with AUTODIFF_ACCEPT_SNAPSHOTS=1 dotnet test (or rename it to .verified.cs).");
        }

        string expected = Normalize(File.ReadAllText(verifiedPath));
        if (expected == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail($"Snapshot {baseName} differs from {verifiedPath} (received: {receivedPath}; " +
                    "if the change is intended, accept it with AUTODIFF_ACCEPT_SNAPSHOTS=1 dotnet test):\n" + Diff(expected, actual));
    }

    /// <summary>The <c>Snapshots</c> folder next to the test project file that contains <paramref name="sourceFile"/>.</summary>
    internal static string SnapshotDirectory(string sourceFile)
    {
        for (string? dir = Path.GetDirectoryName(sourceFile); dir is not null; dir = Path.GetDirectoryName(dir))
            if (Directory.GetFiles(dir, "*.csproj").Length > 0)
                return Path.Combine(dir, "Snapshots");
        throw new InvalidOperationException($"No project folder above '{sourceFile}': snapshots need the test sources on disk.");
    }

    internal static string Normalize(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>A line diff (longest common subsequence) with 3 lines of context: ' ' same, '-' expected, '+' actual.</summary>
    internal static string Diff(string expected, string actual, int maxLines = 200)
    {
        string[] a = expected.Split('\n'), b = actual.Split('\n');
        // lcs[i, j] = length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
            for (int j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var edits = new List<(char Kind, string Line, int Line1)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y]) { edits.Add((' ', a[x], x + 1)); x++; y++; }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1])) { edits.Add(('-', a[x], x + 1)); x++; }
            else { edits.Add(('+', b[y], x + 1)); y++; }
        }

        var output = new StringBuilder();
        int written = 0, lastShown = -1;
        for (int k = 0; k < edits.Count && written < maxLines; k++)
        {
            bool near = false;
            for (int d = Math.Max(0, k - 3); d <= Math.Min(edits.Count - 1, k + 3) && !near; d++)
                near = edits[d].Kind != ' ';
            if (!near) continue;
            if (lastShown != k - 1) output.Append("@@ expected line ").Append(edits[k].Line1).Append(" @@\n");
            output.Append(edits[k].Kind).Append(' ').Append(edits[k].Line).Append('\n');
            lastShown = k;
            written++;
        }
        if (written == maxLines) output.Append("... (diff cut)\n");
        return output.ToString();
    }
}
