using System;
using Xunit;

namespace AutoDiff.Tests.Runtime;

public class GradientCheckTests
{
    private static readonly double[] Weights = [0.4, -1.3, 2.2, 0.05, -0.7];  // 4 weights and a bias
    private static readonly double[] Row = [1.5, -0.25, 0.8, 3.0];

    // The logistic gradient with a bug in coordinate 2 (a forgotten factor of 2 elsewhere would look the same).
    private static double WrongAtIndexTwo(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y, Span<double> dw)
    {
        double loss = HandWrittenLosses.LogisticGradient(w, x, y, dw);
        dw[2] += 0.1;
        return loss;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void CorrectSampleGradientPasses(double target)
    {
        GradientCheckReport report = GradientCheck.Compare(HandWrittenLosses.LogisticGradient, Weights, Row, target);

        Assert.True(report.Passed, report.ToString());
        Assert.True(report.MaxError < 1e-8, report.ToString());
        Assert.Equal(Weights.Length, report.Entries.Count);
        Assert.StartsWith("Gradient check passed", report.ToString());
    }

    [Fact]
    public void WrongCoordinateIsReportedFirst()
    {
        GradientCheckReport report = GradientCheck.Compare(WrongAtIndexTwo, Weights, Row, 1.0);

        Assert.False(report.Passed);
        Assert.Equal(2, report.Entries[0].Index);
        Assert.True(report.Entries[0].Error > 0.01);
        Assert.True(report.Entries[1].Error < 1e-8, "only coordinate 2 is wrong");
        Assert.Contains("FAILED: 1 of 5 coordinates", report.ToString());
        Assert.Contains("at index 2", report.ToString());
    }

    [Fact]
    public void EntriesAreSortedWorstFirst()
    {
        GradientCheckReport report = GradientCheck.Compare(x => x[0] * x[0] + x[1] * x[1] + x[2] * x[2], [1.0, 2.0, 3.0], [2.0, 0.0, 5.0]);

        Assert.Equal([1, 2, 0], new[] { report.Entries[0].Index, report.Entries[1].Index, report.Entries[2].Index });
        Assert.Equal(1.0, report.Entries[0].Error, 1e-8);        // |0 - 4| / max(1, 0 + 4)
        Assert.Equal(1.0 / 11.0, report.Entries[1].Error, 1e-8); // |5 - 6| / max(1, 5 + 6)
        Assert.Equal(0.0, report.Entries[2].Error, 1e-8);
    }

    [Fact]
    public void StepScalesWithLargeCoordinates()
    {
        // Rosenbrock far from the origin: a fixed step of 1e-6 would drown in rounding.
        double[] x = [300.0, -2e4];
        double a = 1 - x[0], b = x[1] - x[0] * x[0];
        double[] gradient = [-2 * a - 400 * x[0] * b, 200 * b];

        GradientCheckReport report = GradientCheck.Compare(p => (1 - p[0]) * (1 - p[0]) + 100 * (p[1] - p[0] * p[0]) * (p[1] - p[0] * p[0]), x, gradient);

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void NaNGradientFails()
    {
        GradientCheckReport report = GradientCheck.Compare(x => x[0], [1.0], [double.NaN]);

        Assert.False(report.Passed);
        Assert.Equal(double.PositiveInfinity, report.MaxError);
    }

    [Fact]
    public void GenericSampleGradient()
    {
        SampleGradient<(double X, double Y)> correct = (ReadOnlySpan<double> w, in (double X, double Y) s, Span<double> dw) =>
        {
            double r = w[0] * Math.Sin(s.X) + w[1] - s.Y;  // loss = r^2 / 2: dw0 += r sin x; dw1 += r
            dw[0] += r * Math.Sin(s.X);
            dw[1] += r;
            return 0.5 * r * r;
        };

        GradientCheckReport report = GradientCheck.Compare(correct, [0.7, -0.2], (1.3, 0.4));

        Assert.True(report.Passed, report.ToString());
    }

    [Fact]
    public void TheSampleIsNotModified()
    {
        double[] weights = (double[])Weights.Clone();

        GradientCheck.Compare(HandWrittenLosses.LogisticGradient, weights, Row, 1.0);

        Assert.Equal(Weights, weights);
    }

    [Fact]
    public void GradientLengthMismatch()
    {
        var error = Assert.Throws<ArgumentException>(() => GradientCheck.Compare(x => x[0], [1.0, 2.0], [1.0]));
        Assert.Equal("gradient", error.ParamName);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1e-6)]
    [InlineData(double.NaN)]
    public void ToleranceMustBePositive(double tolerance)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GradientCheck.Compare(x => x[0], [1.0], [1.0], tolerance));
        Assert.Equal("tolerance", error.ParamName);
    }

    [Fact]
    public void NullFunction()
    {
        Assert.Equal("function", Assert.Throws<ArgumentNullException>(() => GradientCheck.Compare((ScalarFunction)null!, [1.0], [1.0])).ParamName);
        Assert.Equal("sampleGradient", Assert.Throws<ArgumentNullException>(() => GradientCheck.Compare((SampleGradient)null!, [1.0], [1.0], 0.0)).ParamName);
    }
}
