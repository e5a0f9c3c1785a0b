using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same GMM objective as <see cref="Gmm"/>, written a fifth way, straight from adbench.md's formulas: one
/// method, y = Q_k(x − μ_k) row by row, <c>y[r] = exp(q[r])·xc[r] + Σ_{c&lt;r} Q[r][c]·xc[c]</c>, with each Q[r][c] read
/// through the closed-form packed index idx(r, c) = c·d − c(c+1)/2 + (r − c − 1). An independent evaluation wrote
/// it this way first (benchmarks/report-notes.md). Each element of the reversed triangle updates two adjoints that
/// another row touches again (∂icf and ∂xc), where the objective does one multiply-add.
/// </summary>
public static partial class GmmClosedForm
{
    [Differentiable(nameof(alphas), nameof(means), nameof(icf))]
    public static double Objective(double[] alphas, double[] means, double[] icf, double[] x, int d, double gamma, int m, double wishartC)
    {
        int K = alphas.Length;
        int n = x.Length / d;
        int T = d * (d + 1) / 2;

        double[] sumq = new double[K];
        double[] qdiag = new double[K * d];
        for (int k = 0; k < K; k++)
        {
            double s = 0;
            for (int j = 0; j < d; j++)
            {
                s += icf[k * T + j];
                qdiag[k * d + j] = Math.Exp(icf[k * T + j]);
            }
            sumq[k] = s;
        }

        double[] xc = new double[d];
        double[] beta = new double[K];
        double slse = 0;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < K; k++)
            {
                for (int j = 0; j < d; j++) xc[j] = x[i * d + j] - means[k * d + j];
                double sq = 0;
                for (int r = 0; r < d; r++)
                {
                    double yr = qdiag[k * d + r] * xc[r];
                    for (int c = 0; c < r; c++)
                        yr += icf[k * T + d + c * d - c * (c + 1) / 2 + (r - c - 1)] * xc[c];
                    sq += yr * yr;
                }
                beta[k] = alphas[k] + sumq[k] - 0.5 * sq;
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

        double prior = 0;
        for (int k = 0; k < K; k++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++) frobenius += qdiag[k * d + j] * qdiag[k * d + j];
            for (int t = d; t < T; t++) frobenius += icf[k * T + t] * icf[k * T + t];
            prior += 0.5 * gamma * gamma * frobenius - m * sumq[k];
        }
        const double Pi = 3.14159265359;
        return -0.5 * n * d * Math.Log(2 * Pi) + slse - n * lseAlphas + prior - K * wishartC;
    }
}
