using System;
using AutoDiff;

namespace PackageSmoke;

/// <summary>Differentiable functions compiled by the generator that ships in the package.</summary>
public static partial class Functions
{
    /// <summary>F(x, y) = x^2 y + sin x; dF/dx = 2xy + cos x, dF/dy = x^2.</summary>
    [Differentiable]
    public static double F(double x, double y) => x * x * y + Math.Sin(x);

    /// <summary>G(a) = a e^a in single precision; dG/da = e^a (1 + a).</summary>
    [Differentiable]
    public static float G(float a) => a * MathF.Exp(a);

    /// <summary>
    /// Squared error of a linear model, differentiated with respect to the weights only:
    /// L = (w.x - y)^2 / 2, dL/dw = (w.x - y) x.
    /// </summary>
    [Differentiable(nameof(w))]
    public static double Loss(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        double dot = 0;
        for (int i = 0; i < w.Length; i++)
        {
            dot += w[i] * x[i];
        }
        double r = dot - y;
        return 0.5 * r * r;
    }
}
