using System.IO;
using Xunit;

namespace AutoDiff.Generators.Tests.Diagnostics;

public class ExploreScratch
{
    [Fact]
    public void Explore()
    {
        string dir = System.Environment.GetEnvironmentVariable("ADIFF_EXPLORE") ?? "";
        if (dir.Length == 0) return;
        foreach (string file in Directory.GetFiles(dir, "*.cs"))
        {
            GeneratorRun run = DiagnosticRunner.Run(File.ReadAllText(file));
            File.WriteAllText(Path.ChangeExtension(file, ".out"), run.Describe());
        }
    }
}
