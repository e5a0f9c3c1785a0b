using System;
using System.Linq;
using Xunit;

namespace AutoDiff.Tests.Runtime;

/// <summary>Bitwise comparison of doubles (NaN-safe, and -0.0 differs from 0.0).</summary>
internal static class Bits
{
    public static void Equal(double expected, double actual) =>
        Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(actual));

    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual) =>
        Assert.Equal(Of(expected), Of(actual));

    private static long[] Of(ReadOnlySpan<double> values) => values.ToArray().Select(BitConverter.DoubleToInt64Bits).ToArray();
}
