using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// ADBench's Gaussian mixture model objective (log-likelihood plus Wishart term), exactly as
/// <c>src/cpp/shared/gmm.h</c> computes it; see /work/shared/docs/adbench.md §1.1.
/// Layouts: alphas[K], means[K·d], icf[K·T] with T = d(d+1)/2 (d log-diagonal entries, then the strictly
/// lower triangle of Q_k packed column by column), x[n·d].
/// </summary>
public static partial class Gmm
{
    /// <summary>ADBench's π (defs.h).</summary>
    public const double Pi = 3.14159265359;

    /// <summary>
    /// E(alphas, means, icf) for the points <paramref name="x"/> (n·d values). <paramref name="wishartC"/> is
    /// the constant C = N·d·(ln γ − ½ ln 2) − lnΓ_d(N/2) of <see cref="WishartConstant"/>, computed outside
    /// because it does not depend on the differentiated inputs.
    /// </summary>
    [Differentiable(nameof(alphas), nameof(means), nameof(icf))]
    public static double Objective(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, double gamma, int m, double wishartC)
    {
        int K = alphas.Length;
        int n = x.Length / d;
        int T = d * (d + 1) / 2;

        // Q_k's diagonal exp(q_k) and sum_j q_k[j].
        Span<double> qdiags = stackalloc double[K * d];
        Span<double> sumQs = stackalloc double[K];
        for (int k = 0; k < K; k++)
        {
            double sumQ = 0;
            for (int j = 0; j < d; j++)
            {
                sumQ += icf[k * T + j];
                qdiags[k * d + j] = Math.Exp(icf[k * T + j]);
            }
            sumQs[k] = sumQ;
        }

        Span<double> xcentered = stackalloc double[d];
        Span<double> qxcentered = stackalloc double[d];
        Span<double> mainTerm = stackalloc double[K];
        double slse = 0;
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < K; k++)
            {
                for (int j = 0; j < d; j++) xcentered[j] = x[i * d + j] - means[k * d + j];
                // Q_k · xcentered: diagonal, then the column-packed strictly lower triangle.
                for (int j = 0; j < d; j++) qxcentered[j] = qdiags[k * d + j] * xcentered[j];
                int idx = k * T + d;
                for (int c = 0; c < d; c++)
                {
                    for (int r = c + 1; r < d; r++)
                    {
                        qxcentered[r] += icf[idx] * xcentered[c];
                        idx++;
                    }
                }
                double sqnorm = 0;
                for (int j = 0; j < d; j++) sqnorm += qxcentered[j] * qxcentered[j];
                mainTerm[k] = alphas[k] + sumQs[k] - 0.5 * sqnorm;
            }
            slse += LogSumExp(mainTerm);
        }
        double lseAlphas = LogSumExp(alphas);

        // Wishart term: ½γ²(Σ exp(q)² + Σ l²) − m·sum q, per component, minus K·C.
        double prior = 0;
        for (int k = 0; k < K; k++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++) frobenius += qdiags[k * d + j] * qdiags[k * d + j];
            for (int t = d; t < T; t++) frobenius += icf[k * T + t] * icf[k * T + t];
            prior += 0.5 * gamma * gamma * frobenius - m * sumQs[k];
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Pi);
        return constant + slse - n * lseAlphas + prior - K * wishartC;
    }

    /// <summary>Stable log-sum-exp; the maximum is a constant for differentiation.</summary>
    public static double LogSumExp(ReadOnlySpan<double> v)
    {
        double max = double.NegativeInfinity;
        for (int k = 0; k < v.Length; k++) max = Math.Max(max, Ad.StopGradient(v[k]));
        double sum = 0;
        for (int k = 0; k < v.Length; k++) sum += Math.Exp(v[k] - max);
        return max + Math.Log(sum);
    }

    /// <summary>
    /// The hand-written gradients' −n·lse(α) term: returns lse(α) = ln Σ exp(α_k) and subtracts
    /// <paramref name="n"/>·softmax(α)_k from each <paramref name="dalphas"/>[k].
    /// </summary>
    internal static double LogSumExpHandWritten(ReadOnlySpan<double> alphas, int n, Span<double> dalphas)
    {
        double amax = double.NegativeInfinity;
        for (int k = 0; k < alphas.Length; k++) amax = Math.Max(amax, alphas[k]);
        double asum = 0;
        for (int k = 0; k < alphas.Length; k++) asum += Math.Exp(alphas[k] - amax);
        for (int k = 0; k < alphas.Length; k++) dalphas[k] -= n * Math.Exp(alphas[k] - amax) / asum;
        return amax + Math.Log(asum);
    }

    /// <summary>C = N·d·(ln γ − ½ ln 2) − lnΓ_d(N/2) with N = d + m + 1 (ADBench's log_wishart_prior constant).</summary>
    public static double WishartConstant(int d, double gamma, int m)
    {
        int N = d + m + 1;
        return N * d * (Math.Log(gamma) - 0.5 * Math.Log(2)) - LogMultivariateGamma(0.5 * N, d);
    }

    /// <summary>lnΓ_p(a) = p(p−1)/4·ln π + Σ_{j=1..p} lnΓ(a + (1−j)/2).</summary>
    public static double LogMultivariateGamma(double a, int p)
    {
        double result = 0.25 * p * (p - 1) * Math.Log(Pi);
        for (int j = 1; j <= p; j++) result += LogGamma(a + 0.5 * (1 - j));
        return result;
    }

    /// <summary>lnΓ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error ~1e-15).</summary>
    public static double LogGamma(double x)
    {
        if (x < 0.5) return Math.Log(Math.PI / Math.Abs(Math.Sin(Math.PI * x))) - LogGamma(1 - x);
        ReadOnlySpan<double> c =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) a += c[i] / (x + i);
        return 0.5 * Math.Log(2 * Math.PI) + (x + 0.5) * Math.Log(t) - t + Math.Log(a);
    }
    /// <summary>
    /// Hand-written gradient in the structure of ADBench's manual <c>gmm_d.cpp</c>: per point, the inner terms'
    /// derivatives are weighted by the softmax of the main terms and accumulated. Adds ∂E/∂alphas, ∂E/∂means,
    /// ∂E/∂icf into the spans; returns E.
    /// </summary>
    public static double ObjectiveHandWritten(
        ReadOnlySpan<double> alphas, ReadOnlySpan<double> means, ReadOnlySpan<double> icf,
        ReadOnlySpan<double> x, int d, double gamma, int m, double wishartC,
        Span<double> dalphas, Span<double> dmeans, Span<double> dicf)
    {
        int K = alphas.Length;
        int n = x.Length / d;
        int T = d * (d + 1) / 2;

        Span<double> qdiags = stackalloc double[K * d];
        Span<double> sumQs = stackalloc double[K];
        for (int k = 0; k < K; k++)
        {
            double sumQ = 0;
            for (int j = 0; j < d; j++)
            {
                sumQ += icf[k * T + j];
                qdiags[k * d + j] = Math.Exp(icf[k * T + j]);
            }
            sumQs[k] = sumQ;
        }

        Span<double> xcentered = stackalloc double[K * d];   // per component, for the current point
        Span<double> qxcentered = stackalloc double[K * d];
        Span<double> mainTerm = stackalloc double[K];
        double slse = 0;
        for (int i = 0; i < n; i++)
        {
            ReadOnlySpan<double> xi = x.Slice(i * d, d);
            double max = double.NegativeInfinity;
            for (int k = 0; k < K; k++)
            {
                Span<double> xc = xcentered.Slice(k * d, d);
                Span<double> y = qxcentered.Slice(k * d, d);
                ReadOnlySpan<double> mu = means.Slice(k * d, d);
                ReadOnlySpan<double> qd = qdiags.Slice(k * d, d);
                for (int j = 0; j < d; j++) { xc[j] = xi[j] - mu[j]; y[j] = qd[j] * xc[j]; }
                int idx = k * T + d;
                for (int c = 0; c < d; c++)
                {
                    double xcc = xc[c];
                    for (int r = c + 1; r < d; r++) y[r] += icf[idx++] * xcc;
                }
                double sqnorm = 0;
                for (int j = 0; j < d; j++) sqnorm += y[j] * y[j];
                double beta = alphas[k] + sumQs[k] - 0.5 * sqnorm;
                mainTerm[k] = beta;
                if (beta > max) max = beta;
            }
            double sum = 0;
            for (int k = 0; k < K; k++) { mainTerm[k] = Math.Exp(mainTerm[k] - max); sum += mainTerm[k]; }
            slse += max + Math.Log(sum);
            double inv = 1 / sum;
            for (int k = 0; k < K; k++)
            {
                // dβ_k: α_k → 1; μ_k → Qᵀy; q_j → 1 − y_j·e^{q_j}·xc_j; L[r,c] → −y_r·xc_c.
                double w = mainTerm[k] * inv;
                dalphas[k] += w;
                Span<double> xc = xcentered.Slice(k * d, d);
                Span<double> y = qxcentered.Slice(k * d, d);
                ReadOnlySpan<double> qd = qdiags.Slice(k * d, d);
                Span<double> dmu = dmeans.Slice(k * d, d);
                Span<double> dq = dicf.Slice(k * T, T);
                int idx = k * T + d;
                int didx = d;
                for (int c = 0; c < d; c++)
                {
                    double qty = qd[c] * y[c];
                    dq[c] += w * (1 - qty * xc[c]);
                    double wxc = w * xc[c];
                    for (int r = c + 1; r < d; r++)
                    {
                        qty += icf[idx++] * y[r];
                        dq[didx++] -= wxc * y[r];
                    }
                    dmu[c] += w * qty;
                }
            }
        }

        double lseAlphas = LogSumExpHandWritten(alphas, n, dalphas);

        double prior = 0;
        double g2 = gamma * gamma;
        for (int k = 0; k < K; k++)
        {
            double frobenius = 0;
            for (int j = 0; j < d; j++)
            {
                double q2 = qdiags[k * d + j] * qdiags[k * d + j];
                frobenius += q2;
                dicf[k * T + j] += g2 * q2 - m;
            }
            for (int t = d; t < T; t++)
            {
                double l = icf[k * T + t];
                frobenius += l * l;
                dicf[k * T + t] += g2 * l;
            }
            prior += 0.5 * g2 * frobenius - m * sumQs[k];
        }

        double constant = -n * d * 0.5 * Math.Log(2 * Pi);
        return constant + slse - n * lseAlphas + prior - K * wishartC;
    }
}
