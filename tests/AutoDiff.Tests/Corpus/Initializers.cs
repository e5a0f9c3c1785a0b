using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

public static partial class Initializers
{
    [Differentiable]
    public static double StackallocAndCollection(double x)
    {
        Span<double> a = stackalloc double[] { x, 2 * x, x * x };
        Span<double> b = stackalloc double[2] { 3 * x, 1 };
        double[] c = [x, 3.0];
        return a[0] * a[1] + a[2] * c[0] * c[1] + b[0] * b[1];
    }
}

public class InitializerTests
{
    // f = 2x² + 3x³ + 3x: f' = 4x + 9x² + 3
    [Theory]
    [InlineData(0.7)]
    [InlineData(-1.3)]
    public void StackallocAndCollectionInitializers(double x)
    {
        double dx = 0;
        double value = Initializers.StackallocAndCollectionGradient(x, ref dx);
        Assert.Equal(Initializers.StackallocAndCollection(x), value);
        Assert.Equal(4 * x + 9 * x * x + 3, dx, 12);
    }
}
