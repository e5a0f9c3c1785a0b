using System;
using AutoDiff.GradientBenchmarks.Data;
using AutoDiff.GradientBenchmarks.Objectives;
using Xunit;

namespace AutoDiff.GradientBenchmarks.Tests;

/// <summary>A warm gradient call allocates nothing (GradientTape is pooled per thread).</summary>
public class AllocationTests
{
    [Fact]
    public void Logistic()
    {
        double[] w = new double[101], x = new double[100], dw = new double[101];
        Assert.Equal(0, Check.AllocatedBytes(() => LogisticRegression.LossGradient(w, x, 1, dw)));
        Assert.Equal(0, Check.AllocatedBytes(() => LogisticRegression.LossHandWritten(w, x, 1, dw)));
    }

    [Fact]
    public void Rosenbrock_()
    {
        double[] x = Rng.Uniform(Rng.Create(1), 100), dx = new double[100];
        Assert.Equal(0, Check.AllocatedBytes(() => Rosenbrock.ValueGradient(x, dx)));
    }

    [Fact]
    public void Mlp_()
    {
        double[] p = new double[Mlp.ParameterCount], x = new double[Mlp.Inputs], dp = new double[Mlp.ParameterCount];
        Assert.Equal(0, Check.AllocatedBytes(() => Mlp.LossGradient(p, x, 2, dp)));
        Assert.Equal(0, Check.AllocatedBytes(() => Mlp.LossHandWritten(p, x, 2, dp)));
    }

    [Fact]
    public void Recurrence_()
    {
        double[] w = new double[100], dw = new double[100];
        Assert.Equal(0, Check.AllocatedBytes(() => Recurrence.ValueGradient(w, 2.5, 50, dw)));
    }

    [Fact]
    public void Gmm_()
    {
        var g = new GmmData(10, 5, 200);
        double[] da = new double[g.Alphas.Length], dm = new double[g.Means.Length], di = new double[g.Icf.Length];
        Assert.Equal(0, Check.AllocatedBytes(() => Gmm.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, g.WishartC, da, dm, di)));
        Assert.Equal(0, Check.AllocatedBytes(() => Gmm.ObjectiveHandWritten(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, g.WishartC, da, dm, di)));
        // Its new double[] scratch arrays are rented from the tape in the gradient.
        Assert.Equal(0, Check.AllocatedBytes(() => GmmAdBenchStyle.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, g.WishartC, da, dm, di)));
        Assert.Equal(0, Check.AllocatedBytes(() => GmmSpanViews.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, g.WishartC, da, dm, di)));
        Assert.Equal(0, Check.AllocatedBytes(() => GmmFullMatrices.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, g.WishartC, da, dm, di)));
        Assert.Equal(0, Check.AllocatedBytes(() => GmmClosedForm.ObjectiveGradient(g.Alphas, g.Means, g.Icf, g.X, g.D, g.Gamma, g.M, g.WishartC, da, dm, di)));
    }

    [Fact]
    public void Lstm_()
    {
        var l = new LstmData(2, 64);
        double[] dm = new double[l.MainParams.Length], de = new double[l.ExtraParams.Length];
        Assert.Equal(0, Check.AllocatedBytes(() => Lstm.ObjectiveGradient(l.MainParams, l.ExtraParams, l.State, l.Sequence, dm, de)));
        Assert.Equal(0, Check.AllocatedBytes(() => LstmAdBenchStyle.ObjectiveGradient(l.MainParams, l.ExtraParams, l.State, l.Sequence, dm, de)));
        Assert.Equal(0, Check.AllocatedBytes(() => LstmOneMethod.ObjectiveGradient(l.MainParams, l.ExtraParams, l.State, l.Sequence, l.Layers, l.B, dm, de)));
        Assert.Equal(0, Check.AllocatedBytes(() => Lstm.ObjectiveHandWritten(l.MainParams, l.ExtraParams, l.State, l.Sequence, dm, de)));
    }

    [Fact]
    public void BundleAdjustment_jacobian()
    {
        var b = new BaData(5, 20, 100);
        var j = SparseMatrix.ForBundleAdjustment(5, 20, 100);
        Assert.Equal(0, Check.AllocatedBytes(() => BundleAdjustment.Jacobian(b.Cams, b.Points, b.Weights, b.Obs, b.Feats, j)));
        // Its 3-element scratch arrays and their adjoints are stackalloc'ed in the pullback too.
        Assert.Equal(0, Check.AllocatedBytes(() => BundleAdjustmentAdBenchStyle.Jacobian(b.Cams, b.Points, b.Weights, b.Obs, b.Feats, j)));
    }
}
