using System;
using AutoDiff.GradientBenchmarks.Data;
using AutoDiff.GradientBenchmarks.Objectives;
using Xunit;

namespace AutoDiff.GradientBenchmarks.Tests;

public class GmmTests
{
    public static TheoryData<int, int, int> Instances => new() { { 2, 3, 5 }, { 3, 4, 7 }, { 5, 2, 10 }, { 1, 3, 4 } };

    [Theory]
    [MemberData(nameof(Instances))]
    public void Objective_matches_a_reference_built_from_explicit_matrices(int d, int k, int n)
    {
        var data = new GmmData(d, k, n, seed: 100 * d + k);
        Assert.True(Check.Rho(ReferenceObjective(data), data.Objective()) <= 1e-12);
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void Generated_gradient_matches_finite_differences_and_hand_written(int d, int k, int n)
    {
        var data = new GmmData(d, k, n, seed: 100 * d + k);
        var (value, generated) = Generated(data);
        Assert.True(Check.Rho(data.Objective(), value) <= 1e-13);
        double[] fd = Check.CentralDifferences(data.Objective, data.Alphas, data.Means, data.Icf);
        Check.Close(fd, generated, 1e-6, "generated vs FD");

        var da = new double[data.Alphas.Length];
        var dm = new double[data.Means.Length];
        var di = new double[data.Icf.Length];
        double handValue = Gmm.ObjectiveHandWritten(data.Alphas, data.Means, data.Icf, data.X, d, data.Gamma, data.M, data.WishartC, da, dm, di);
        Assert.True(Check.Rho(value, handValue) <= 1e-12);
        Check.Close(Check.Concat(da, dm, di), generated, 1e-10, "generated vs hand-written");
    }

    [Theory]
    [MemberData(nameof(Instances))]
    public void AdBench_style_port_has_the_same_value_and_gradient(int d, int k, int n) =>
        SameValueAndGradientAsGmm(new GmmData(d, k, n, seed: 100 * d + k), "ADBench-style port", GmmAdBenchStyle.Objective, GmmAdBenchStyle.ObjectiveGradient);

    [Theory]
    [MemberData(nameof(Instances))]
    public void Span_views_style_has_the_same_value_and_gradient(int d, int k, int n) =>
        SameValueAndGradientAsGmm(new GmmData(d, k, n, seed: 100 * d + k), "span-views style", GmmSpanViews.Objective, GmmSpanViews.ObjectiveGradient);

    [Theory]
    [MemberData(nameof(Instances))]
    public void Full_matrices_style_has_the_same_value_and_gradient(int d, int k, int n) =>
        SameValueAndGradientAsGmm(new GmmData(d, k, n, seed: 100 * d + k), "full-matrices style", GmmFullMatrices.Objective, GmmFullMatrices.ObjectiveGradient);

    [Theory]
    [MemberData(nameof(Instances))]
    public void Closed_form_style_has_the_same_value_and_gradient(int d, int k, int n) =>
        SameValueAndGradientAsGmm(new GmmData(d, k, n, seed: 100 * d + k), "closed-form style", GmmClosedForm.Objective, GmmClosedForm.ObjectiveGradient);

    [Theory]
    [MemberData(nameof(Instances))]
    public void Full_matrices_hand_written_gradient_matches_the_generated_one(int d, int k, int n)
    {
        // γ and m other than ADBench's 1 and 0, so the Wishart term's every part is checked.
        var data = new GmmData(d, k, n, seed: 100 * d + k);
        double gamma = 1.7, wishartC = Gmm.WishartConstant(d, gamma, 2);
        double[] generated = new double[data.Alphas.Length + data.Means.Length + data.Icf.Length];
        double[] hand = new double[generated.Length];
        double value = GmmFullMatrices.ObjectiveGradient(data.Alphas, data.Means, data.Icf, data.X, d, gamma, 2, wishartC,
            generated.AsSpan(0, k), generated.AsSpan(k, k * d), generated.AsSpan(k + k * d));
        // Twice, into the same spans: the second call must add, and the pooled matrices must come back clean.
        for (int call = 0; call < 2; call++)
        {
            double handValue = GmmFullMatrices.ObjectiveHandWritten(data.Alphas, data.Means, data.Icf, data.X, d, gamma, 2, wishartC,
                hand.AsSpan(0, k), hand.AsSpan(k, k * d), hand.AsSpan(k + k * d));
            Assert.True(Check.Rho(value, handValue) <= 1e-12);
        }
        for (int i = 0; i < hand.Length; i++) hand[i] /= 2;
        Check.Close(generated, hand, 1e-10, "full-matrices hand-written vs generated");
    }

    private delegate double StyleObjective(double[] alphas, double[] means, double[] icf, double[] x, int d, double gamma, int m, double wishartC);
    private delegate double StyleGradient(double[] alphas, double[] means, double[] icf, double[] x, int d, double gamma, int m, double wishartC,
        Span<double> dalphas, Span<double> dmeans, Span<double> dicf);

    /// <summary>Another way of writing GMM: the same value as <see cref="Gmm.Objective"/>, the same gradient as its generated one and FD.</summary>
    private static void SameValueAndGradientAsGmm(GmmData data, string style, StyleObjective objective, StyleGradient gradient)
    {
        double value = objective(data.Alphas, data.Means, data.Icf, data.X, data.D, data.Gamma, data.M, data.WishartC);
        Assert.True(Check.Rho(data.Objective(), value) <= 1e-12);
        var da = new double[data.Alphas.Length];
        var dm = new double[data.Means.Length];
        var di = new double[data.Icf.Length];
        double gradientValue = gradient(data.Alphas, data.Means, data.Icf, data.X, data.D, data.Gamma, data.M, data.WishartC, da, dm, di);
        Assert.True(Check.Rho(value, gradientValue) <= 1e-12);
        var (_, generated) = Generated(data);
        Check.Close(generated, Check.Concat(da, dm, di), 1e-10, style + " vs Gmm.ObjectiveGradient");
        double[] fd = Check.CentralDifferences(data.Objective, data.Alphas, data.Means, data.Icf);
        Check.Close(fd, Check.Concat(da, dm, di), 1e-6, style + " vs FD");
    }

    [Fact]
    public void Wishart_term_with_gamma_and_m_is_differentiated_too()
    {
        // ADBench files use γ = 1, m = 0; the formula has both, check the general case.
        var data = new GmmData(3, 2, 4);
        double gamma = 1.7, wc = Gmm.WishartConstant(3, gamma, 2);
        double F() => Gmm.Objective(data.Alphas, data.Means, data.Icf, data.X, 3, gamma, 2, wc);
        var da = new double[data.Alphas.Length];
        var dm = new double[data.Means.Length];
        var di = new double[data.Icf.Length];
        Gmm.ObjectiveGradient(data.Alphas, data.Means, data.Icf, data.X, 3, gamma, 2, wc, da, dm, di);
        Check.Close(Check.CentralDifferences(F, data.Alphas, data.Means, data.Icf), Check.Concat(da, dm, di), 1e-6, "γ=1.7, m=2");
        var ha = new double[da.Length];
        var hm = new double[dm.Length];
        var hi = new double[di.Length];
        Gmm.ObjectiveHandWritten(data.Alphas, data.Means, data.Icf, data.X, 3, gamma, 2, wc, ha, hm, hi);
        Check.Close(Check.Concat(ha, hm, hi), Check.Concat(da, dm, di), 1e-10, "hand-written, γ=1.7, m=2");
    }

    [Fact]
    public void Log_gamma_matches_known_values()
    {
        Assert.Equal(0, Gmm.LogGamma(1), 14);
        Assert.Equal(0, Gmm.LogGamma(2), 14);
        Assert.Equal(0.5 * Math.Log(Math.PI), Gmm.LogGamma(0.5), 14);
        Assert.Equal(Math.Log(24), Gmm.LogGamma(5), 13);
        Assert.Equal(Math.Log(0.75 * Math.Sqrt(Math.PI)), Gmm.LogGamma(2.5), 14);
    }

    internal static (double Value, double[] Gradient) Generated(GmmData data)
    {
        var da = new double[data.Alphas.Length];
        var dm = new double[data.Means.Length];
        var di = new double[data.Icf.Length];
        double v = Gmm.ObjectiveGradient(data.Alphas, data.Means, data.Icf, data.X, data.D, data.Gamma, data.M, data.WishartC, da, dm, di);
        return (v, Check.Concat(da, dm, di));
    }

    /// <summary>adbench.md §1.1 written out with an explicit Q_k, the closed-form packing index and a direct lnΓ_d.</summary>
    private static double ReferenceObjective(GmmData g)
    {
        int d = g.D, K = g.K, n = g.N, T = d * (d + 1) / 2;
        var Q = new double[K, d, d];
        var sumq = new double[K];
        for (int k = 0; k < K; k++)
        {
            for (int j = 0; j < d; j++) { Q[k, j, j] = Math.Exp(g.Icf[k * T + j]); sumq[k] += g.Icf[k * T + j]; }
            for (int c = 0; c < d; c++)
                for (int r = c + 1; r < d; r++)
                    Q[k, r, c] = g.Icf[k * T + d + c * d - c * (c + 1) / 2 + (r - c - 1)];
        }
        double Lse(double[] v)
        {
            double mx = double.NegativeInfinity;
            foreach (double e in v) mx = Math.Max(mx, e);
            double s = 0;
            foreach (double e in v) s += Math.Exp(e - mx);
            return mx + Math.Log(s);
        }
        double total = -n * d / 2.0 * Math.Log(2 * Gmm.Pi);
        var beta = new double[K];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < K; k++)
            {
                double norm = 0;
                for (int r = 0; r < d; r++)
                {
                    double y = 0;
                    for (int c = 0; c <= r; c++) y += Q[k, r, c] * (g.X[i * d + c] - g.Means[k * d + c]);
                    norm += y * y;
                }
                beta[k] = g.Alphas[k] + sumq[k] - 0.5 * norm;
            }
            total += Lse(beta);
        }
        total -= n * Lse(g.Alphas);
        int N = d + g.M + 1;
        double lnGammaD = d * (d - 1) / 4.0 * Math.Log(Gmm.Pi);
        for (int j = 1; j <= d; j++) lnGammaD += Gmm.LogGamma(N / 2.0 + (1 - j) / 2.0);
        double C = N * d * (Math.Log(g.Gamma) - 0.5 * Math.Log(2)) - lnGammaD;
        for (int k = 0; k < K; k++)
        {
            double frob = 0;
            for (int r = 0; r < d; r++)
                for (int c = 0; c <= r; c++)
                    frob += Q[k, r, c] * Q[k, r, c];
            total += 0.5 * g.Gamma * g.Gamma * frob - g.M * sumq[k];
        }
        return total - K * C;
    }
}

public class LstmTests
{
    [Theory]
    [InlineData(2, 5)]
    [InlineData(1, 3)]
    [InlineData(3, 8)]
    public void Generated_gradient_matches_finite_differences_and_hand_written(int layers, int c)
    {
        var data = new LstmData(layers, c, seed: 10 * layers + c);
        var dm = new double[data.MainParams.Length];
        var de = new double[data.ExtraParams.Length];
        double value = Lstm.ObjectiveGradient(data.MainParams, data.ExtraParams, data.State, data.Sequence, dm, de);
        Assert.True(Check.Rho(data.Objective(), value) <= 1e-14);
        double[] generated = Check.Concat(dm, de);
        Check.Close(Check.CentralDifferences(data.Objective, data.MainParams, data.ExtraParams), generated, 1e-6, "generated vs FD");

        var hm = new double[dm.Length];
        var he = new double[de.Length];
        double handValue = Lstm.ObjectiveHandWritten(data.MainParams, data.ExtraParams, data.State, data.Sequence, hm, he);
        Assert.True(Check.Rho(value, handValue) <= 1e-13);
        Check.Close(Check.Concat(hm, he), generated, 1e-10, "generated vs hand-written");
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(1, 3)]
    [InlineData(3, 8)]
    public void AdBench_style_port_has_the_same_value_and_gradient(int layers, int c)
    {
        var data = new LstmData(layers, c, seed: 10 * layers + c);
        double value = LstmAdBenchStyle.Objective(data.MainParams, data.ExtraParams, data.State, data.Sequence);
        Assert.True(Check.Rho(data.Objective(), value) <= 1e-13);
        var dm = new double[data.MainParams.Length];
        var de = new double[data.ExtraParams.Length];
        Assert.True(Check.Rho(value, LstmAdBenchStyle.ObjectiveGradient(data.MainParams, data.ExtraParams, data.State, data.Sequence, dm, de)) <= 1e-13);
        var gm = new double[dm.Length];
        var ge = new double[de.Length];
        Lstm.ObjectiveGradient(data.MainParams, data.ExtraParams, data.State, data.Sequence, gm, ge);
        Check.Close(Check.Concat(gm, ge), Check.Concat(dm, de), 1e-10, "ADBench-style port vs Lstm.ObjectiveGradient");
        Check.Close(Check.CentralDifferences(data.Objective, data.MainParams, data.ExtraParams), Check.Concat(dm, de), 1e-6, "ADBench-style port vs FD");
    }

    [Theory]
    [InlineData(2, 5)]
    [InlineData(1, 3)]
    [InlineData(3, 8)]
    public void One_method_style_has_the_same_value_and_gradient(int layers, int c)
    {
        var data = new LstmData(layers, c, seed: 10 * layers + c);
        double[] state = (double[])data.State.Clone();
        double value = LstmOneMethod.Objective(data.MainParams, data.ExtraParams, data.State, data.Sequence, data.Layers, data.B);
        Assert.True(Check.Rho(data.Objective(), value) <= 1e-13);
        var dm = new double[data.MainParams.Length];
        var de = new double[data.ExtraParams.Length];
        Assert.True(Check.Rho(value, LstmOneMethod.ObjectiveGradient(data.MainParams, data.ExtraParams, data.State, data.Sequence, data.Layers, data.B, dm, de)) <= 1e-13);
        Assert.Equal(state, data.State);
        var gm = new double[dm.Length];
        var ge = new double[de.Length];
        Lstm.ObjectiveGradient(data.MainParams, data.ExtraParams, data.State, data.Sequence, gm, ge);
        Check.Close(Check.Concat(gm, ge), Check.Concat(dm, de), 1e-10, "one-method style vs Lstm.ObjectiveGradient");
        Check.Close(Check.CentralDifferences(data.Objective, data.MainParams, data.ExtraParams), Check.Concat(dm, de), 1e-6, "one-method style vs FD");
    }

    [Fact]
    public void Objective_keeps_the_state_constant_and_the_plus_two()
    {
        // One time step, one layer, b = 1: everything by hand.
        double[] main = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
        double[] extra = [0.9, 1.1, 1.2];
        double[] state = [0.25, 0.75];
        double[] seq = [1, 1];
        static double S(double v) => 1 / (1 + Math.Exp(-v));
        double z = 1 * 0.9;
        double f = S(z * 0.1 + 0.5), g = S(0.25 * 0.2 + 0.6), o = S(z * 0.3 + 0.7), ch = Math.Tanh(0.25 * 0.4 + 0.8);
        double cell = 0.75 * f + g * ch, h = o * Math.Tanh(cell);
        double y = h * 1.1 + 1.2;
        double expected = -(y - Math.Log(2 + Math.Exp(y)));
        Assert.Equal(expected, Lstm.Objective(main, extra, state, seq), 14);
        Assert.Equal([0.25, 0.75], state);
    }
}

public class BundleAdjustmentTests
{
    /// <summary>Distinct random cameras, points, weights and features (not ADBench's replicated ones), one camera with r = 0.</summary>
    private static (double[] Cams, double[] Points, double[] Weights, int[] Obs, double[] Feats) Problem(int n, int m, int p)
    {
        var random = Rng.Create(21);
        var cams = new double[11 * n];
        for (int i = 0; i < n; i++)
        {
            double[] c =
            [
                0.3 * (random.NextDouble() - 0.5), 0.3 * (random.NextDouble() - 0.5), 0.3 * (random.NextDouble() - 0.5),
                random.NextDouble() - 0.5, random.NextDouble() - 0.5, random.NextDouble() - 0.5,
                1 + random.NextDouble(), 0.1 * random.NextDouble(), 0.1 * random.NextDouble(),
                0.05 * (random.NextDouble() - 0.5), 0.01 * (random.NextDouble() - 0.5),
            ];
            c.CopyTo(cams, 11 * i);
        }
        cams[0] = cams[1] = cams[2] = 0; // the first-order Rodrigues branch
        var points = new double[3 * m];
        for (int j = 0; j < m; j++)
        {
            points[3 * j] = random.NextDouble() - 0.5;
            points[3 * j + 1] = random.NextDouble() - 0.5;
            points[3 * j + 2] = 4 + random.NextDouble();
        }
        double[] weights = Rng.Uniform(random, p, 0.5, 1.5);
        double[] feats = Rng.Uniform(random, 2 * p, -0.2, 0.2);
        var obs = new int[2 * p];
        for (int i = 0; i < p; i++) { obs[2 * i] = i % n; obs[2 * i + 1] = (3 * i) % m; }
        return (cams, points, weights, obs, feats);
    }

    [Fact]
    public void Scalar_reprojection_matches_the_two_output_objective()
    {
        var (cams, points, weights, obs, feats) = Problem(3, 5, 12);
        var err = new double[2];
        for (int i = 0; i < 12; i++)
        {
            var cam = cams.AsSpan(11 * obs[2 * i], 11);
            var x = points.AsSpan(3 * obs[2 * i + 1], 3);
            BundleAdjustment.ReprojectionError(cam, x, weights[i], feats[2 * i], feats[2 * i + 1], err);
            Assert.Equal(err[0], BundleAdjustment.Reprojection(cam, x, weights[i], feats[2 * i], feats[2 * i + 1], 0));
            Assert.Equal(err[1], BundleAdjustment.Reprojection(cam, x, weights[i], feats[2 * i], feats[2 * i + 1], 1));
        }
    }

    private delegate void ObjectiveFunction(ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, Span<double> reprojErr, Span<double> wErr);

    private delegate void JacobianFunction(ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, SparseMatrix jacobian);

    /// <summary>BundleAdjustment, or the port written as in ba.h.</summary>
    private static (ObjectiveFunction Objective, JacobianFunction Jacobian) Implementation(string name) => name switch
    {
        "ba.h style" => (BundleAdjustmentAdBenchStyle.Objective, BundleAdjustmentAdBenchStyle.Jacobian),
        _ => (BundleAdjustment.Objective, BundleAdjustment.Jacobian),
    };

    [Fact]
    public void Port_written_as_in_ba_h_has_the_same_residuals_and_jacobian()
    {
        const int n = 3, m = 5, p = 12;
        var (cams, points, weights, obs, feats) = Problem(n, m, p);
        double[] reproj = new double[2 * p], werr = new double[p], portReproj = new double[2 * p], portWerr = new double[p];
        BundleAdjustment.Objective(cams, points, weights, obs, feats, reproj, werr);
        BundleAdjustmentAdBenchStyle.Objective(cams, points, weights, obs, feats, portReproj, portWerr);
        for (int k = 0; k < reproj.Length; k++) Assert.True(Check.Rho(reproj[k], portReproj[k]) <= 1e-14);
        Assert.Equal(werr, portWerr);

        var jacobian = SparseMatrix.ForBundleAdjustment(n, m, p);
        var portJacobian = SparseMatrix.ForBundleAdjustment(n, m, p);
        BundleAdjustment.Jacobian(cams, points, weights, obs, feats, jacobian);
        BundleAdjustmentAdBenchStyle.Jacobian(cams, points, weights, obs, feats, portJacobian);
        Assert.Equal(jacobian.RowStart, portJacobian.RowStart);
        Assert.Equal(jacobian.Columns, portJacobian.Columns);
        for (int k = 0; k < jacobian.Values.Length; k++) Assert.True(Check.Rho(jacobian.Values[k], portJacobian.Values[k]) <= 1e-12);
    }

    [Theory]
    [InlineData("BundleAdjustment")]
    [InlineData("ba.h style")]
    public void Jacobian_matches_central_differences_of_the_objective_in_csr_layout(string implementation)
    {
        const int n = 3, m = 5, p = 12;
        var (cams, points, weights, obs, feats) = Problem(n, m, p);
        var (objective, jacobianOf) = Implementation(implementation);
        var jacobian = SparseMatrix.ForBundleAdjustment(n, m, p);
        jacobianOf(cams, points, weights, obs, feats, jacobian);

        // Dense Jacobian by central differences over all 11n + 3m + p inputs.
        int rows = 3 * p, cols = 11 * n + 3 * m + p;
        var dense = new double[rows, cols];
        var reproj = new double[2 * p];
        var werr = new double[p];
        double[] Residuals()
        {
            objective(cams, points, weights, obs, feats, reproj, werr);
            return Check.Concat(reproj, werr);
        }
        int col = 0;
        foreach (double[] block in new[] { cams, points, weights })
        {
            for (int j = 0; j < block.Length; j++, col++)
            {
                double saved = block[j], h = 1e-6 * Math.Max(1, Math.Abs(saved));
                block[j] = saved + h;
                double[] up = Residuals();
                block[j] = saved - h;
                double[] down = Residuals();
                block[j] = saved;
                for (int r = 0; r < rows; r++) dense[r, col] = (up[r] - down[r]) / (2 * h);
            }
        }

        Assert.Equal(31 * p, jacobian.RowStart[rows]);
        var fromCsr = new double[rows, cols];
        for (int r = 0; r < rows; r++)
        {
            int count = jacobian.RowStart[r + 1] - jacobian.RowStart[r];
            Assert.Equal(r < 2 * p ? 15 : 1, count);
            for (int k = jacobian.RowStart[r]; k < jacobian.RowStart[r + 1]; k++)
                fromCsr[r, jacobian.Columns[k]] = jacobian.Values[k];
        }
        // Column order inside a reprojection row: 11 camera columns, 3 point columns, the weight column.
        int i0 = 7;
        int start = jacobian.RowStart[2 * i0];
        Assert.Equal(11 * obs[2 * i0], jacobian.Columns[start]);
        Assert.Equal(11 * n + 3 * obs[2 * i0 + 1], jacobian.Columns[start + 11]);
        Assert.Equal(11 * n + 3 * m + i0, jacobian.Columns[start + 14]);

        double worst = 0;
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                worst = Math.Max(worst, Check.Rho(dense[r, c], fromCsr[r, c]));
        Assert.True(worst <= 1e-6, $"max ρ = {worst:E3}");

        // The forward-difference baseline fills the same structure.
        var fdJacobian = SparseMatrix.ForBundleAdjustment(n, m, p);
        BundleAdjustment.JacobianFiniteDifferences(cams, points, weights, obs, feats, fdJacobian);
        Assert.Equal(jacobian.RowStart, fdJacobian.RowStart);
        Assert.Equal(jacobian.Columns, fdJacobian.Columns);
        for (int k = 0; k < jacobian.Values.Length; k++) Assert.True(Check.Rho(jacobian.Values[k], fdJacobian.Values[k]) <= 1e-5);
    }
}
