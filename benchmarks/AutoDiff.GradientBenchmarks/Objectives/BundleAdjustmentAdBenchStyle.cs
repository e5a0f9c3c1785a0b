using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same BA residual as <see cref="BundleAdjustment"/>, written the way ADBench's <c>ba.h</c> is: helper by
/// helper (<c>rodrigues_rotate_point</c>, <c>cross</c>, <c>radial_distort</c> and <c>project</c> writing into
/// output spans, <c>sqsum</c>), with <c>stackalloc</c> scratch arrays and <c>radial_distort</c> scaling
/// <c>proj</c> in place. It checks that a port written independently, in C's style, compiles and gets a
/// Jacobian cost like <see cref="BundleAdjustment.Reprojection"/>'s. ba.h's <c>computeReprojError</c> has two
/// outputs; a <c>[Differentiable]</c> method returns one, so the port selects it with <c>output</c>.
/// </summary>
public static partial class BundleAdjustmentAdBenchStyle
{
    static double SqSum(int n, ReadOnlySpan<double> x)
    {
        double res = 0;
        for (int i = 0; i < n; i++) res = res + x[i] * x[i];
        return res;
    }

    static void Cross(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> output)
    {
        output[0] = a[1] * b[2] - a[2] * b[1];
        output[1] = a[2] * b[0] - a[0] * b[2];
        output[2] = a[0] * b[1] - a[1] * b[0];
    }

    static void RodriguesRotatePoint(ReadOnlySpan<double> rot, ReadOnlySpan<double> pt, Span<double> rotatedPt)
    {
        double sqtheta = SqSum(3, rot);
        if (sqtheta != 0)
        {
            double theta = Math.Sqrt(sqtheta);
            double costheta = Math.Cos(theta);
            double sintheta = Math.Sin(theta);
            double thetaInverse = 1.0 / theta;
            Span<double> w = stackalloc double[3];
            Span<double> wCrossPt = stackalloc double[3];
            for (int i = 0; i < 3; i++) w[i] = rot[i] * thetaInverse;
            Cross(w, pt, wCrossPt);
            double tmp = (w[0] * pt[0] + w[1] * pt[1] + w[2] * pt[2]) * (1.0 - costheta);
            for (int i = 0; i < 3; i++) rotatedPt[i] = pt[i] * costheta + wCrossPt[i] * sintheta + w[i] * tmp;
        }
        else
        {
            Span<double> rotCrossPt = stackalloc double[3];
            Cross(rot, pt, rotCrossPt);
            for (int i = 0; i < 3; i++) rotatedPt[i] = pt[i] + rotCrossPt[i];
        }
    }

    static void RadialDistort(ReadOnlySpan<double> radParams, Span<double> proj)
    {
        double rsq = SqSum(2, proj);
        double l = 1.0 + radParams[0] * rsq + radParams[1] * rsq * rsq;
        proj[0] = proj[0] * l;
        proj[1] = proj[1] * l;
    }

    static void Project(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, Span<double> proj)
    {
        ReadOnlySpan<double> c = cam.Slice(3, 3);
        Span<double> xo = stackalloc double[3];
        Span<double> xcam = stackalloc double[3];
        xo[0] = x[0] - c[0];
        xo[1] = x[1] - c[1];
        xo[2] = x[2] - c[2];
        RodriguesRotatePoint(cam.Slice(0, 3), xo, xcam);
        proj[0] = xcam[0] / xcam[2];
        proj[1] = xcam[1] / xcam[2];
        RadialDistort(cam.Slice(9, 2), proj);
        proj[0] = proj[0] * cam[6] + cam[7];
        proj[1] = proj[1] * cam[6] + cam[8];
    }

    /// <summary>Output <paramref name="output"/> (0 = x, 1 = y) of ba.h's <c>computeReprojError</c>: w·(proj − feat).</summary>
    [Differentiable(nameof(cam), nameof(x), nameof(w))]
    public static double ReprojError(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, double w, ReadOnlySpan<double> feat, int output)
    {
        Span<double> proj = stackalloc double[2];
        Project(cam, x, proj);
        return w * (proj[output] - feat[output]);
    }

    /// <summary>ba.h's <c>computeReprojError</c>: both outputs in one pass (what the objective evaluates).</summary>
    public static void ComputeReprojError(ReadOnlySpan<double> cam, ReadOnlySpan<double> x, double w, ReadOnlySpan<double> feat, Span<double> err)
    {
        Span<double> proj = stackalloc double[2];
        Project(cam, x, proj);
        err[0] = w * (proj[0] - feat[0]);
        err[1] = w * (proj[1] - feat[1]);
    }

    /// <summary>ba.h's <c>ba_objective</c>: reprojection errors (2p values), then weight errors 1 − w_i² (p values).</summary>
    public static void Objective(
        ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, Span<double> reprojErr, Span<double> wErr)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            ComputeReprojError(cams.Slice(BundleAdjustment.CamSize * obs[2 * i], BundleAdjustment.CamSize),
                points.Slice(3 * obs[2 * i + 1], 3), weights[i], feats.Slice(2 * i, 2), reprojErr.Slice(2 * i, 2));
        }
        for (int i = 0; i < weights.Length; i++) wErr[i] = 1 - weights[i] * weights[i];
    }

    /// <summary>The CSR Jacobian of <see cref="Objective"/>, laid out as <see cref="BundleAdjustment.Jacobian"/>'s: two generated pullbacks per observation.</summary>
    public static void Jacobian(
        ReadOnlySpan<double> cams, ReadOnlySpan<double> points, ReadOnlySpan<double> weights,
        ReadOnlySpan<int> obs, ReadOnlySpan<double> feats, SparseMatrix jacobian)
    {
        const int CamSize = BundleAdjustment.CamSize;
        BundleAdjustment.WriteStructure(cams.Length / CamSize, points.Length / 3, weights, obs, jacobian);
        Span<double> vals = jacobian.Values;
        for (int i = 0; i < weights.Length; i++)
        {
            ReadOnlySpan<double> cam = cams.Slice(CamSize * obs[2 * i], CamSize);
            ReadOnlySpan<double> x = points.Slice(3 * obs[2 * i + 1], 3);
            for (int output = 0; output < 2; output++)
            {
                Span<double> block = vals.Slice(15 * (2 * i + output), 15);
                block.Clear();
                ReprojErrorPullback(cam, x, weights[i], feats.Slice(2 * i, 2), output, 1.0,
                    block.Slice(0, CamSize), block.Slice(CamSize, 3), ref block[14]);
            }
        }
    }
}
