using AutoDiff.CompilerServices;
using Xunit;

namespace AutoDiff.Tests.Runtime;

/// <summary>The tape's per-iteration rows: reserved above the saved values, written through views, read back after release.</summary>
public class GradientTapeRowsTests
{
    [Fact]
    public void RowsKeepTheirValuesAndTheSavesBelowThem()
    {
        GradientTape tape = GradientTape.Rent();
        for (int v = 0; v < 300; v++) tape.Push(v); // past the pooled stack's first size, so the reservation grows it
        int start = tape.ReserveRows(4 * 100);
        for (int row = 0; row < 4; row++)
        {
            var view = tape.Row(start + row * 100, 100);
            for (int j = 0; j < view.Length; j++) view[j] = row * 1000 + j;
        }

        Assert.Equal(start, tape.ReleaseRows(4 * 100));
        for (int row = 3; row >= 0; row--)
        {
            var view = tape.Row(start + row * 100, 100);
            for (int j = 0; j < view.Length; j++) Assert.Equal(row * 1000 + j, view[j]);
        }
        for (int v = 299; v >= 0; v--) Assert.Equal(v, tape.PopDouble());
        tape.Return();
    }

    [Fact]
    public void AnEmptyReservationChangesNothing()
    {
        GradientTape tape = GradientTape.Rent();
        tape.Push(2.5);
        int start = tape.ReserveRows(0);
        Assert.Equal(start, tape.ReleaseRows(0));
        Assert.Equal(2.5, tape.PopDouble());
        tape.Return();
    }
}
