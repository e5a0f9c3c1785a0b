using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same GMM objective as <see cref="Gmm"/>, written a third way, as someone might from adbench.md alone: one
/// method, <c>double[]</c> parameters, span views of a point and of a component's rows, and the packed triangle
/// walked by an index of its own (<c>ltri[l]; l++</c>). It checks that this style, too, gets a gradient within the
/// targets (the generator's <c>IndexRebasing</c> makes <c>l</c> count in <c>icf</c>'s positions).
/// </summary>
public static partial class GmmSpanViews
{
    [Differentiable(nameof(alphas), nameof(means), nameof(icf))]
    public static double Objective(double[] alphas, double[] means, double[] icf, double[] x, int d, double gamma, int m, double wishartC)
    {
        int k = alphas.Length;
        int n = x.Length / d;
        int t = d * (d + 1) / 2;
        double[] xc = new double[d];
        double[] y = new double[d];
        double[] beta = new double[k];
        double slse = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> xi = x.AsSpan(i * d, d);
            for (int c = 0; c < k; c++)
            {
                ReadOnlySpan<double> mu = means.AsSpan(c * d, d);
                ReadOnlySpan<double> q = icf.AsSpan(c * t, d);
                ReadOnlySpan<double> ltri = icf.AsSpan(c * t + d, t - d);
                double sumq = 0;
                for (int j = 0; j < d; j++)
                {
                    sumq += q[j];
                    xc[j] = xi[j] - mu[j];
                    y[j] = Math.Exp(q[j]) * xc[j];
                }
                // Column by column below the diagonal: y = Q (x - mu).
                int l = 0;
                for (int col = 0; col < d; col++)
                    for (int row = col + 1; row < d; row++)
                    {
                        y[row] += ltri[l] * xc[col];
                        l++;
                    }
                double sq = 0;
                for (int j = 0; j < d; j++) sq += y[j] * y[j];
                beta[c] = alphas[c] + sumq - 0.5 * sq;
            }
            double mx = beta[0];
            for (int c = 1; c < k; c++) if (beta[c] > mx) mx = beta[c];
            mx = Ad.StopGradient(mx);
            double se = 0;
            for (int c = 0; c < k; c++) se += Math.Exp(beta[c] - mx);
            slse += Math.Log(se) + mx;
        }

        double amx = alphas[0];
        for (int c = 1; c < k; c++) if (alphas[c] > amx) amx = alphas[c];
        amx = Ad.StopGradient(amx);
        double ase = 0;
        for (int c = 0; c < k; c++) ase += Math.Exp(alphas[c] - amx);
        double lseAlphas = Math.Log(ase) + amx;

        double prior = 0;
        for (int c = 0; c < k; c++)
        {
            double frobenius = 0, sumq = 0;
            for (int j = 0; j < d; j++)
            {
                double qj = icf[c * t + j];
                sumq += qj;
                frobenius += Math.Exp(2 * qj);
            }
            for (int j = d; j < t; j++) frobenius += icf[c * t + j] * icf[c * t + j];
            prior += 0.5 * gamma * gamma * frobenius - m * sumq;
        }
        const double Pi = 3.14159265359;
        return -n * d * 0.5 * Math.Log(2 * Pi) + slse - n * lseAlphas + prior - k * wishartC;
    }
}
