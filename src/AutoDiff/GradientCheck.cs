using System;

namespace AutoDiff;

/// <summary>
/// Checks an analytic gradient against central finite differences, coordinate by coordinate. The
/// numerical gradient is only ever the check: AutoDiff never uses it in place of a real gradient.
/// </summary>
/// <remarks>
/// Coordinate i is perturbed by h = 1e-6 * max(1, |x_i|) in both directions and the numerical derivative is
/// (f(x + h e_i) - f(x - h e_i)) / (2h), using the step actually representable in floating point. Analytic a and
/// numerical b are compared with the relative error |a - b| / max(1, |a| + |b|).
/// </remarks>
public static class GradientCheck
{
    /// <summary>The default largest acceptable relative error, well above finite-difference noise for smooth functions of moderate scale.</summary>
    public const double DefaultTolerance = 1e-6;

    private const double RelativeStep = 1e-6;

    /// <summary>Compares <paramref name="gradient"/> with the finite-difference gradient of <paramref name="function"/> at <paramref name="x"/>.</summary>
    /// <param name="function">The function whose gradient is checked; it must not keep or modify its argument.</param>
    /// <param name="x">The point of the check; it is not modified.</param>
    /// <param name="gradient">The analytic gradient at <paramref name="x"/>; same length as <paramref name="x"/>.</param>
    /// <param name="tolerance">The largest acceptable relative error per coordinate.</param>
    /// <returns>Every coordinate, worst first, and the verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="function"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="gradient"/> and <paramref name="x"/> differ in length.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static GradientCheckReport Compare(
        ScalarFunction function, ReadOnlySpan<double> x, ReadOnlySpan<double> gradient, double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(function);
        if (gradient.Length != x.Length)
        {
            throw new ArgumentException(
                $"gradient has length {gradient.Length} but x has length {x.Length}. Pass one derivative per coordinate of x.",
                nameof(gradient));
        }
        if (!(tolerance > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(tolerance), tolerance, "Pass a positive tolerance, e.g. GradientCheck.DefaultTolerance.");
        }

        double[] point = x.ToArray();
        var entries = new GradientCheckEntry[point.Length];
        for (int i = 0; i < point.Length; i++)
        {
            double xi = point[i];
            double h = RelativeStep * Math.Max(1, Math.Abs(xi));
            double plus = xi + h, minus = xi - h;
            point[i] = plus;
            double valuePlus = function(point);
            point[i] = minus;
            double valueMinus = function(point);
            point[i] = xi;
            double numerical = (valuePlus - valueMinus) / (plus - minus);
            entries[i] = new GradientCheckEntry(i, gradient[i], numerical, RelativeError(gradient[i], numerical));
        }
        return new GradientCheckReport(entries, tolerance);
    }

    /// <summary>
    /// Checks a per-sample gradient (e.g. a generated <c>Model.LossGradient</c>) at one sample: its gradient
    /// against finite differences of the loss it returns.
    /// </summary>
    /// <param name="sampleGradient">The per-sample loss and gradient to check.</param>
    /// <param name="parameters">The parameters at which to check.</param>
    /// <param name="features">The sample's feature row.</param>
    /// <param name="target">The sample's target.</param>
    /// <param name="tolerance">The largest acceptable relative error per coordinate.</param>
    /// <returns>Every parameter, worst first, and the verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sampleGradient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static GradientCheckReport Compare(
        SampleGradient sampleGradient,
        ReadOnlySpan<double> parameters,
        ReadOnlySpan<double> features,
        double target,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(sampleGradient);
        var analytic = new double[parameters.Length];
        sampleGradient(parameters, features, target, analytic);

        double[] row = features.ToArray();
        var discarded = new double[parameters.Length];
        return Compare(p => sampleGradient(p, row, target, discarded), parameters, analytic, tolerance);
    }

    /// <summary>Checks a per-sample gradient of a user sample type at one sample.</summary>
    /// <typeparam name="TSample">The sample type.</typeparam>
    /// <param name="sampleGradient">The per-sample loss and gradient to check.</param>
    /// <param name="parameters">The parameters at which to check.</param>
    /// <param name="sample">The sample.</param>
    /// <param name="tolerance">The largest acceptable relative error per coordinate.</param>
    /// <returns>Every parameter, worst first, and the verdict.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sampleGradient"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tolerance"/> is not positive.</exception>
    public static GradientCheckReport Compare<TSample>(
        SampleGradient<TSample> sampleGradient,
        ReadOnlySpan<double> parameters,
        in TSample sample,
        double tolerance = DefaultTolerance)
    {
        ArgumentNullException.ThrowIfNull(sampleGradient);
        var analytic = new double[parameters.Length];
        sampleGradient(parameters, in sample, analytic);

        TSample copy = sample;
        var discarded = new double[parameters.Length];
        return Compare(p => sampleGradient(p, in copy, discarded), parameters, analytic, tolerance);
    }

    /// <summary>|a - b| / max(1, |a| + |b|): absolute near zero, relative for large values; NaN counts as infinitely wrong.</summary>
    private static double RelativeError(double a, double b)
    {
        double error = Math.Abs(a - b) / Math.Max(1, Math.Abs(a) + Math.Abs(b));
        return double.IsNaN(error) ? double.PositiveInfinity : error;
    }
}
