using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// ADBench's bundle adjustment (<c>src/cpp/shared/ba.h</c>; /work/shared/docs/adbench.md §1.3).
/// camera[11] = r0 r1 r2 | C0 C1 C2 | f | u0 v0 | κ1 κ2; point[3]; weight w.
/// </summary>
public static partial class BundleAdjustment
{
    public const int CamSize = 11;

    /// <summary>
    /// Component <paramref name="output"/> (0 = x, 1 = y) of the weighted reprojection error
    /// w·(proj(camera, point) − feature) of one observation.
    /// </summary>
    [Differentiable(nameof(camera), nameof(point), nameof(w))]
    public static double Reprojection(
        ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double w,
        double featureX, double featureY, int output)
    {
        // Xo = X − C
        double xo0 = point[0] - camera[3];
        double xo1 = point[1] - camera[4];
        double xo2 = point[2] - camera[5];

        // Rodrigues rotation by r = camera[0..3).
        double r0 = camera[0], r1 = camera[1], r2 = camera[2];
        double theta2 = r0 * r0 + r1 * r1 + r2 * r2;
        double xc0, xc1, xc2;
        if (theta2 != 0)
        {
            double theta = Math.Sqrt(theta2);
            double cos = Math.Cos(theta);
            double sin = Math.Sin(theta);
            double w0 = r0 / theta, w1 = r1 / theta, w2 = r2 / theta;
            double wDotX = w0 * xo0 + w1 * xo1 + w2 * xo2;
            double k = wDotX * (1 - cos);
            xc0 = xo0 * cos + (w1 * xo2 - w2 * xo1) * sin + w0 * k;
            xc1 = xo1 * cos + (w2 * xo0 - w0 * xo2) * sin + w1 * k;
            xc2 = xo2 * cos + (w0 * xo1 - w1 * xo0) * sin + w2 * k;
        }
        else
        {
            xc0 = xo0 + (r1 * xo2 - r2 * xo1);
            xc1 = xo1 + (r2 * xo0 - r0 * xo2);
            xc2 = xo2 + (r0 * xo1 - r1 * xo0);
        }

        // Projection with radial distortion.
        double u0 = xc0 / xc2;
        double u1 = xc1 / xc2;
        double rho2 = u0 * u0 + u1 * u1;
        double distortion = 1 + camera[9] * rho2 + camera[10] * rho2 * rho2;
        if (output == 0) return w * (u0 * distortion * camera[6] + camera[7] - featureX);
        return w * (u1 * distortion * camera[6] + camera[8] - featureY);
    }

    /// <summary>
    /// Both components of the weighted reprojection error in one pass (what the objective evaluates).
    /// The same arithmetic as <see cref="Reprojection"/>, which the generator differentiates one output at a time.
    /// </summary>
    public static void ReprojectionError(
        ReadOnlySpan<double> camera, ReadOnlySpan<double> point, double w,
        double featureX, double featureY, Span<double> err)
    {
        double xo0 = point[0] - camera[3];
        double xo1 = point[1] - camera[4];
        double xo2 = point[2] - camera[5];
        double r0 = camera[0], r1 = camera[1], r2 = camera[2];
        double theta2 = r0 * r0 + r1 * r1 + r2 * r2;
        double xc0, xc1, xc2;
        if (theta2 != 0)
        {
            double theta = Math.Sqrt(theta2);
            double cos = Math.Cos(theta);
            double sin = Math.Sin(theta);
            double w0 = r0 / theta, w1 = r1 / theta, w2 = r2 / theta;
            double wDotX = w0 * xo0 + w1 * xo1 + w2 * xo2;
            double k = wDotX * (1 - cos);
            xc0 = xo0 * cos + (w1 * xo2 - w2 * xo1) * sin + w0 * k;
            xc1 = xo1 * cos + (w2 * xo0 - w0 * xo2) * sin + w1 * k;
            xc2 = xo2 * cos + (w0 * xo1 - w1 * xo0) * sin + w2 * k;
        }
        else
        {
            xc0 = xo0 + (r1 * xo2 - r2 * xo1);
            xc1 = xo1 + (r2 * xo0 - r0 * xo2);
            xc2 = xo2 + (r0 * xo1 - r1 * xo0);
        }
        double u0 = xc0 / xc2;
        double u1 = xc1 / xc2;
        double rho2 = u0 * u0 + u1 * u1;
        double distortion = 1 + camera[9] * rho2 + camera[10] * rho2 * rho2;
        err[0] = w * (u0 * distortion * camera[6] + camera[7] - featureX);
        err[1] = w * (u1 * distortion * camera[6] + camera[8] - featureY);
    }

    /// <summary>The objective: reprojection errors (2p values), then weight errors 1 − w_i² (p values).</summary>
    public static void Objective(
        ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, Span<double> reprojErr, Span<double> wErr)
    {
        int p = weights.Length;
        for (int i = 0; i < p; i++)
        {
            ReprojectionError(cams.Slice(CamSize * obs[2 * i], CamSize), points.Slice(3 * obs[2 * i + 1], 3),
                weights[i], feats[2 * i], feats[2 * i + 1], reprojErr.Slice(2 * i, 2));
        }
        for (int i = 0; i < p; i++) wErr[i] = 1 - weights[i] * weights[i];
    }

    /// <summary>
    /// The 3p × (11n + 3m + p) Jacobian in CSR (ADBench's BASparseMat layout): rows 2i, 2i+1 hold 15 entries
    /// (11 camera columns, 3 point columns, the weight column), row 2p + i holds −2w_i. Each 2×15 block comes from
    /// two generated pullbacks (one per output) that add straight into the row's slice of the value array.
    /// </summary>
    public static void Jacobian(
        ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, SparseMatrix jacobian)
    {
        WriteStructure(cams.Length / CamSize, points.Length / 3, weights, obs, jacobian);
        Span<double> vals = jacobian.Values;
        for (int i = 0; i < weights.Length; i++)
        {
            ReadOnlySpan<double> cam = cams.Slice(CamSize * obs[2 * i], CamSize);
            ReadOnlySpan<double> x = points.Slice(3 * obs[2 * i + 1], 3);
            for (int output = 0; output < 2; output++)
            {
                Span<double> block = vals.Slice(15 * (2 * i + output), 15);
                block.Clear();
                ReprojectionPullback(cam, x, weights[i], feats[2 * i], feats[2 * i + 1], output, 1.0,
                    block.Slice(0, CamSize), block.Slice(CamSize, 3), ref block[14]);
            }
        }
    }

    /// <summary>
    /// The Jacobian's CSR structure (row starts and columns; see <see cref="Jacobian"/>) and its weight rows,
    /// whose single entry −2w_i needs no differentiation. The 2×15 blocks are left to the caller.
    /// </summary>
    public static void WriteStructure(int n, int m, ReadOnlySpan<double> weights, ReadOnlySpan<int> obs, SparseMatrix jacobian)
    {
        int p = weights.Length;
        Span<int> rows = jacobian.RowStart;
        Span<int> cols = jacobian.Columns;
        for (int i = 0; i < p; i++)
        {
            int camIdx = obs[2 * i], ptIdx = obs[2 * i + 1];
            for (int output = 0; output < 2; output++)
            {
                int row = 2 * i + output;
                int start = 15 * row;
                rows[row] = start;
                for (int j = 0; j < CamSize; j++) cols[start + j] = CamSize * camIdx + j;
                for (int j = 0; j < 3; j++) cols[start + CamSize + j] = CamSize * n + 3 * ptIdx + j;
                cols[start + 14] = CamSize * n + 3 * m + i;
            }
        }
        for (int i = 0; i < p; i++)
        {
            rows[2 * p + i] = 30 * p + i;
            cols[30 * p + i] = CamSize * n + 3 * m + i;
            jacobian.Values[30 * p + i] = -2 * weights[i];
        }
        rows[3 * p] = 31 * p;
    }

    /// <summary>
    /// The same Jacobian by forward differences (what a user without AD writes): per observation,
    /// 1 + 15 evaluations of <see cref="ReprojectionError"/>.
    /// </summary>
    public static void JacobianFiniteDifferences(
        ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, SparseMatrix jacobian)
    {
        WriteStructure(cams.Length / CamSize, points.Length / 3, weights, obs, jacobian);
        Span<double> vals = jacobian.Values;
        Span<double> input = stackalloc double[15];
        Span<double> e0 = stackalloc double[2];
        Span<double> e1 = stackalloc double[2];
        for (int i = 0; i < weights.Length; i++)
        {
            cams.Slice(CamSize * obs[2 * i], CamSize).CopyTo(input);
            points.Slice(3 * obs[2 * i + 1], 3).CopyTo(input.Slice(CamSize));
            input[14] = weights[i];
            double fx = feats[2 * i], fy = feats[2 * i + 1];
            ReprojectionError(input.Slice(0, CamSize), input.Slice(CamSize, 3), input[14], fx, fy, e0);
            for (int j = 0; j < 15; j++)
            {
                double saved = input[j];
                double h = 1e-7 * Math.Max(1, Math.Abs(saved));
                input[j] = saved + h;
                ReprojectionError(input.Slice(0, CamSize), input.Slice(CamSize, 3), input[14], fx, fy, e1);
                input[j] = saved;
                vals[30 * i + j] = (e1[0] - e0[0]) / h;
                vals[30 * i + 15 + j] = (e1[1] - e0[1]) / h;
            }
        }
    }
}

/// <summary>A compressed-sparse-row matrix (ADBench's BASparseMat): RowStart[rows + 1], Columns[nnz], Values[nnz].</summary>
public sealed class SparseMatrix
{
    public SparseMatrix(int rowCount, int columnCount, int nonZeros)
    {
        RowCount = rowCount;
        ColumnCount = columnCount;
        RowStart = new int[rowCount + 1];
        Columns = new int[nonZeros];
        Values = new double[nonZeros];
    }

    public int RowCount { get; }
    public int ColumnCount { get; }
    public int[] RowStart { get; }
    public int[] Columns { get; }
    public double[] Values { get; }

    /// <summary>The BA Jacobian's shape for n cameras, m points, p observations: 3p × (11n + 3m + p), 31p non-zeros.</summary>
    public static SparseMatrix ForBundleAdjustment(int n, int m, int p) => new(3 * p, 11 * n + 3 * m + p, 31 * p);
}
