using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same GMM objective as <see cref="Gmm"/>, written a fourth way, as someone thinking in matrices might: each
/// Q_k unpacked once into a full d×d lower-triangular matrix (row-major, the packed triangle read with
/// <c>icf[idx++]</c>), then Q_k(x − μ_k) row by row, <c>for (c = 0; c &lt;= r; c++)</c>. It checks that this style, too,
/// gets a gradient within the targets (the generator views each row of a triangle, <c>r + 1</c> elements).
/// </summary>
public static partial class GmmFullMatrices
{
    [Differentiable(nameof(alphas), nameof(means), nameof(icf))]
    public static double Objective(double[] alphas, double[] means, double[] icf, double[] x, int d, double gamma, int m, double wishartC)
    {
        int K = alphas.Length;
        int n = x.Length / d;
        int T = d * (d + 1) / 2;

        double[] Q = new double[K * d * d];
        double[] sumQ = new double[K];
        for (int k = 0; k < K; k++)
        {
            for (int j = 0; j < d; j++)
            {
                Q[k * d * d + j * d + j] = Math.Exp(icf[k * T + j]);
                sumQ[k] += icf[k * T + j];
            }
            int idx = k * T + d;
            for (int c = 0; c < d; c++)
                for (int r = c + 1; r < d; r++)
                    Q[k * d * d + r * d + c] = icf[idx++];
        }

        double[] xc = new double[d];
        double[] beta = new double[K];
        double slse = 0;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < K; k++)
            {
                for (int j = 0; j < d; j++) xc[j] = x[i * d + j] - means[k * d + j];
                double sqnorm = 0;
                for (int r = 0; r < d; r++)
                {
                    double qx = 0;
                    for (int c = 0; c <= r; c++) qx += Q[k * d * d + r * d + c] * xc[c];
                    sqnorm += qx * qx;
                }
                beta[k] = alphas[k] + sumQ[k] - 0.5 * sqnorm;
            }
            double mx = beta[0];
            for (int k = 1; k < K; k++) if (beta[k] > mx) mx = beta[k];
            double se = 0;
            for (int k = 0; k < K; k++) se += Math.Exp(beta[k] - mx);
            slse += mx + Math.Log(se);
        }

        double amx = alphas[0];
        for (int k = 1; k < K; k++) if (alphas[k] > amx) amx = alphas[k];
        double ase = 0;
        for (int k = 0; k < K; k++) ase += Math.Exp(alphas[k] - amx);
        double lseAlphas = amx + Math.Log(ase);

        // Wishart term: the squared Frobenius norm of each Q_k.
        double prior = 0;
        for (int k = 0; k < K; k++)
        {
            double frobenius = 0;
            for (int r = 0; r < d; r++)
                for (int c = 0; c <= r; c++) frobenius += Q[k * d * d + r * d + c] * Q[k * d * d + r * d + c];
            prior += 0.5 * gamma * gamma * frobenius - m * sumQ[k];
        }
        const double Pi = 3.14159265359;
        return -n * d * 0.5 * Math.Log(2 * Pi) + slse - n * lseAlphas + prior - K * wishartC;
    }
}
