using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same GMM objective as <see cref="Gmm"/>, written the way ADBench's <c>gmm.h</c> is: helper by helper
/// (<c>subtract</c> and <c>Qtimesx</c> writing into output spans, <c>sqnorm</c>, <c>logsumexp</c> over
/// <c>arr_max</c>), with <c>new double[]</c> scratch arrays and <c>double[]</c> parameters (ADBench's convention:
/// "all arrays are flat <c>double[]</c>"). Like gmm.h it differentiates through <c>arr_max</c> (no
/// <c>StopGradient</c>) and ends with <c>err = CONSTANT + slse − n·lse(α); err += prior</c>. It checks that a port
/// written independently, in C's style, gets the same gradient cost as <see cref="Gmm.Objective"/>.
/// </summary>
public static partial class GmmAdBenchStyle
{
    static double ArrMax(ReadOnlySpan<double> x)
    {
        double m = x[0];
        for (int i = 1; i < x.Length; i++) if (m < x[i]) m = x[i];
        return m;
    }

    static double LogSumExp(ReadOnlySpan<double> x)
    {
        double mx = ArrMax(x); // differentiated as gmm.h's is: its share of the gradient cancels
        double semx = 0;
        for (int i = 0; i < x.Length; i++) semx += Math.Exp(x[i] - mx);
        return Math.Log(semx) + mx;
    }

    static double SqNorm(ReadOnlySpan<double> x)
    {
        if (x.Length == 0) return 0; // d = 1: no lower triangle (gmm.h would read past it)
        double res = x[0] * x[0];
        for (int i = 1; i < x.Length; i++) res += x[i] * x[i];
        return res;
    }

    static void Subtract(ReadOnlySpan<double> x, ReadOnlySpan<double> y, Span<double> output)
    {
        for (int i = 0; i < output.Length; i++) output[i] = x[i] - y[i];
    }

    static void QTimesX(int d, ReadOnlySpan<double> qdiag, ReadOnlySpan<double> ltri, ReadOnlySpan<double> x, Span<double> output)
    {
        for (int i = 0; i < d; i++) output[i] = qdiag[i] * x[i];
        int lparamsidx = 0;
        for (int i = 0; i < d; i++)
            for (int j = i + 1; j < d; j++)
            {
                output[j] += ltri[lparamsidx] * x[i];
                lparamsidx++;
            }
    }

    [Differentiable(nameof(alphas), nameof(means), nameof(icf))]
    public static double Objective(double[] alphas, double[] means, double[] icf,
        double[] x, int d, double gamma, int m, double wishartC)
    {
        int k = alphas.Length;
        int n = x.Length / d;
        int icfSz = d * (d + 1) / 2;
        const double Pi = 3.14159265359;
        double constant = -n * d * 0.5 * Math.Log(2 * Pi);

        double[] qdiags = new double[d * k];
        double[] sumQs = new double[k];
        double[] xcentered = new double[d];
        double[] qxcentered = new double[d];
        double[] mainTerm = new double[k];

        for (int ik = 0; ik < k; ik++)
        {
            sumQs[ik] = 0;
            for (int id = 0; id < d; id++)
            {
                double q = icf[ik * icfSz + id];
                sumQs[ik] += q;
                qdiags[ik * d + id] = Math.Exp(q);
            }
        }

        double slse = 0;
        for (int ix = 0; ix < n; ix++)
        {
            for (int ik = 0; ik < k; ik++)
            {
                Subtract(x.AsSpan(ix * d, d), means.AsSpan(ik * d, d), xcentered);
                QTimesX(d, qdiags.AsSpan(ik * d, d), icf.AsSpan(ik * icfSz + d, icfSz - d), xcentered, qxcentered);
                mainTerm[ik] = alphas[ik] + sumQs[ik] - 0.5 * SqNorm(qxcentered);
            }
            slse += LogSumExp(mainTerm);
        }
        double lseAlphas = LogSumExp(alphas);
        double err = constant + slse - n * lseAlphas;

        // log_wishart_prior
        double outSum = 0;
        for (int ik = 0; ik < k; ik++)
        {
            double frobenius = SqNorm(qdiags.AsSpan(ik * d, d)) + SqNorm(icf.AsSpan(ik * icfSz + d, icfSz - d));
            outSum += 0.5 * gamma * gamma * frobenius - m * sumQs[ik];
        }
        err += outSum - k * wishartC;
        return err;
    }
}
