using System;
using System.Buffers;

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

    /// <summary>
    /// Hand-written gradient of this formulation, the baseline its generated gradient is measured against: per point,
    /// the rows Q_k(x − μ_k) are kept, then each component's adjoint is walked row by row as the objective walks it
    /// (∂/∂Q[r, c] = −w·y_r·xc_c and ∂/∂xc_c = −w·Σ_r y_r·Q[r, c], with w the softmax weight of the component). Like the
    /// objective it unpacks each Q_k into a full matrix; the matrices come from the shared array pool, so a call allocates
    /// nothing in steady state. Adds ∂E/∂alphas, ∂E/∂means, ∂E/∂icf into the spans; returns E.
    /// </summary>
    public static double ObjectiveHandWritten(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, double gamma, int m, double wishartC,
        Span<double> dalphas, Span<double> dmeans, Span<double> dicf)
    {
        int K = alphas.Length;
        int n = x.Length / d;
        int T = d * (d + 1) / 2;
        int dd = d * d;

        double[] pooledQ = ArrayPool<double>.Shared.Rent(K * dd), pooledDQ = ArrayPool<double>.Shared.Rent(K * dd);
        Span<double> Q = pooledQ.AsSpan(0, K * dd), dQ = pooledDQ.AsSpan(0, K * dd);
        Q.Clear();
        dQ.Clear();
        Span<double> sumQ = stackalloc double[K];
        for (int k = 0; k < K; k++)
        {
            double sum = 0;
            for (int j = 0; j < d; j++)
            {
                Q[k * dd + j * d + j] = Math.Exp(icf[k * T + j]);
                sum += icf[k * T + j];
            }
            sumQ[k] = sum;
            int idx = k * T + d;
            for (int c = 0; c < d; c++)
                for (int r = c + 1; r < d; r++) Q[k * dd + r * d + c] = icf[idx++];
        }

        Span<double> xc = stackalloc double[K * d];   // per component, for the current point
        Span<double> qx = stackalloc double[K * d];
        Span<double> dxc = stackalloc double[d];
        Span<double> beta = stackalloc double[K];
        Span<double> wsum = stackalloc double[K];
        double slse = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> xi = x.Slice(i * d, d);
            double max = double.NegativeInfinity;
            for (int k = 0; k < K; k++)
            {
                Span<double> xck = xc.Slice(k * d, d), y = qx.Slice(k * d, d);
                ReadOnlySpan<double> mu = means.Slice(k * d, d);
                for (int j = 0; j < d; j++) xck[j] = xi[j] - mu[j];
                double sqnorm = 0;
                for (int r = 0; r < d; r++)
                {
                    ReadOnlySpan<double> row = Q.Slice(k * dd + r * d, r + 1);
                    double dot = 0;
                    for (int c = 0; c < row.Length; c++) dot += row[c] * xck[c];
                    y[r] = dot;
                    sqnorm += dot * dot;
                }
                beta[k] = alphas[k] + sumQ[k] - 0.5 * sqnorm;
                if (beta[k] > max) max = beta[k];
            }
            double sumExp = 0;
            for (int k = 0; k < K; k++) { beta[k] = Math.Exp(beta[k] - max); sumExp += beta[k]; }
            slse += max + Math.Log(sumExp);
            for (int k = 0; k < K; k++)
            {
                double w = beta[k] / sumExp;
                dalphas[k] += w;
                wsum[k] += w;   // ∂β_k/∂sumQ_k = 1, added to the log-diagonal once, below
                ReadOnlySpan<double> xck = xc.Slice(k * d, d), y = qx.Slice(k * d, d);
                dxc.Clear();
                for (int r = 0; r < d; r++)
                {
                    double s = -w * y[r];
                    ReadOnlySpan<double> row = Q.Slice(k * dd + r * d, r + 1);
                    Span<double> drow = dQ.Slice(k * dd + r * d, r + 1);
                    for (int c = 0; c < drow.Length; c++)
                    {
                        drow[c] += s * xck[c];
                        dxc[c] += s * row[c];
                    }
                }
                Span<double> dmu = dmeans.Slice(k * d, d);
                for (int j = 0; j < d; j++) dmu[j] -= dxc[j];
            }
        }

        double lseAlphas = Gmm.LogSumExpHandWritten(alphas, n, dalphas);

        // Wishart term, then dQ back into the packed icf: the diagonal through exp, the triangle as unpacked.
        double prior = 0;
        double g2 = gamma * gamma;
        for (int k = 0; k < K; k++)
        {
            double frobenius = 0;
            for (int r = 0; r < d; r++)
                for (int c = 0; c <= r; c++)
                {
                    double q = Q[k * dd + r * d + c];
                    frobenius += q * q;
                    dQ[k * dd + r * d + c] += g2 * q;
                }
            prior += 0.5 * g2 * frobenius - m * sumQ[k];
            for (int j = 0; j < d; j++) dicf[k * T + j] += wsum[k] - m + dQ[k * dd + j * d + j] * Q[k * dd + j * d + j];
            int idx = k * T + d;
            for (int c = 0; c < d; c++)
                for (int r = c + 1; r < d; r++) dicf[idx++] += dQ[k * dd + r * d + c];
        }
        ArrayPool<double>.Shared.Return(pooledQ);
        ArrayPool<double>.Shared.Return(pooledDQ);

        const double Pi = 3.14159265359;
        return -n * d * 0.5 * Math.Log(2 * Pi) + slse - n * lseAlphas + prior - K * wishartC;
    }
}
