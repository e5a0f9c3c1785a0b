using System;
using Xunit;

namespace AutoDiff.Tests.Generated;

public class ScratchTests2
{
    static double Fd(Func<double, double> f, double x)
    {
        double h = 1e-5 * Math.Max(1, Math.Abs(x));
        return (-f(x + 2 * h) + 8 * f(x + h) - 8 * f(x - h) + f(x - 2 * h)) / (12 * h);
    }
    static void Close(double a, double b) =>
        Assert.True(Math.Abs(a - b) / Math.Max(1, Math.Abs(a) + Math.Abs(b)) <= 1e-6, $"{a} vs {b}");

    [Fact] public void Calls() { double dx = 0, dy = 0; Scratch2.CallsGradient(0.4, 0.3, ref dx, ref dy); Close(dx, Fd(x => Scratch2.Calls(x, 0.3), 0.4)); Close(dy, Fd(y => Scratch2.Calls(0.4, y), 0.3)); }
    [Fact] public void Mlp()
    {
        double[] x = { 0.5, -0.3, 0.8 }; var w = new double[4 * 3]; for (int i = 0; i < w.Length; i++) w[i] = Math.Sin(i + 1);
        var g = new double[w.Length]; Scratch2.MlpGradient(w, x, 3, g);
        for (int i = 0; i < w.Length; i++) Close(g[i], Fd(v => { var c = (double[])w.Clone(); c[i] = v; return Scratch2.Mlp(c, x, 3); }, w[i]));
    }
    [Fact] public void Loops() { double dx = 0; Scratch2.LoopsGradient(0.3, 7, ref dx); Close(dx, Fd(x => Scratch2.Loops(x, 7), 0.3)); }
    [Fact] public void EarlyReturn() { foreach (int n in new[] { 1, 4 }) { double dx = 0; Scratch2.EarlyReturnGradient(0.3, n, ref dx); Close(dx, Fd(x => Scratch2.EarlyReturn(x, n), 0.3)); } }
    [Fact] public void Single() { float dx = 0, dy = 0; Scratch2.SingleGradient(0.3f, 0.7f, ref dx, ref dy); Assert.Equal(0.7 * Math.Exp(0.21) + 1 / 0.7, dx, 4); }
    [Fact] public void Switch() { foreach (int m in new[] { 0, 1, 2, 5 }) { double dx = 0; Scratch2.SwitchGradient(0.3, m, ref dx); Close(dx, Fd(x => Scratch2.Switch(x, m), 0.3)); } }
    [Fact] public void Stack() { double dx = 0; Scratch2.StackGradient(0.3, 5, ref dx); Close(dx, Fd(x => Scratch2.Stack(x, 5), 0.3)); }
    [Fact] public void Recursive() { double dx = 0; Scratch2.RecursiveGradient(0.9, ref dx); Close(dx, 5 * Math.Pow(0.9, 4)); }
}
