using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace AutoDiff;

/// <summary>The outcome of a <see cref="GradientCheck"/>: every coordinate, worst first.</summary>
public sealed class GradientCheckReport
{
    private const int LinesShown = 10;

    internal GradientCheckReport(GradientCheckEntry[] entries, double tolerance)
    {
        // Worst first; ties keep index order so the report reads the same every run.
        Array.Sort(entries, (a, b) => b.Error != a.Error ? b.Error.CompareTo(a.Error) : a.Index.CompareTo(b.Index));
        Entries = entries;
        MaxError = entries.Length == 0 ? 0 : entries[0].Error;
        Tolerance = tolerance;
    }

    /// <summary>Every coordinate, sorted by decreasing <see cref="GradientCheckEntry.Error"/>.</summary>
    public IReadOnlyList<GradientCheckEntry> Entries { get; }

    /// <summary>The largest error over all coordinates (0 for an empty gradient).</summary>
    public double MaxError { get; }

    /// <summary>The largest error a coordinate may have for the check to pass.</summary>
    public double Tolerance { get; }

    /// <summary>True when every coordinate's error is at most <see cref="Tolerance"/>.</summary>
    public bool Passed => MaxError <= Tolerance;

    /// <summary>A verdict line followed by the worst coordinates, one per line.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        CultureInfo invariant = CultureInfo.InvariantCulture;
        int failures = 0;
        foreach (GradientCheckEntry entry in Entries) if (!(entry.Error <= Tolerance)) failures++;

        if (Passed)
        {
            text.Append(invariant, $"Gradient check passed: max error {MaxError:E2} <= tolerance {Tolerance:E2} over {Entries.Count} coordinates.");
        }
        else
        {
            text.Append(invariant, $"Gradient check FAILED: {failures} of {Entries.Count} coordinates exceed tolerance {Tolerance:E2} (max error {MaxError:E2} at index {Entries[0].Index}).");
        }
        text.AppendLine();
        text.Append(invariant, $"{"index",8} {"analytic",24} {"numerical",24} {"error",10}").AppendLine();
        for (int i = 0; i < Math.Min(LinesShown, Entries.Count); i++)
        {
            GradientCheckEntry entry = Entries[i];
            text.Append(invariant, $"{entry.Index,8} {entry.Analytic,24:R} {entry.Numerical,24:R} {entry.Error,10:E2}").AppendLine();
        }
        if (Entries.Count > LinesShown) text.Append(invariant, $"... {Entries.Count - LinesShown} more coordinates.").AppendLine();
        return text.ToString();
    }
}
