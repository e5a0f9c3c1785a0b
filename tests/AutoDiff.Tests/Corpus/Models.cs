using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>Realistic losses: hidden layers filled in loops and read back.</summary>
public static partial class Models
{
    /// <summary>
    /// One hidden tanh layer, softmax cross-entropy over <paramref name="classes"/> outputs.
    /// Layout of w: W1 (hidden x d), b1 (hidden), W2 (classes x hidden), b2 (classes).
    /// </summary>
    [Differentiable(nameof(w))]
    public static double MlpSoftmax(ReadOnlySpan<double> w, ReadOnlySpan<double> x, int label, int hidden, int classes)
    {
        int d = x.Length;
        Span<double> h = stackalloc double[hidden];
        for (int j = 0; j < hidden; j++)
        {
            double a = w[hidden * d + j];
            for (int i = 0; i < d; i++) a += w[j * d + i] * x[i];
            h[j] = Math.Tanh(a);
        }
        int o = hidden * d + hidden;
        double[] logits = new double[classes];
        double max = double.NegativeInfinity;
        for (int k = 0; k < classes; k++)
        {
            double z = w[o + classes * hidden + k];
            for (int j = 0; j < hidden; j++) z += w[o + k * hidden + j] * h[j];
            logits[k] = z;
            if (z > max) max = z;
        }
        double sum = 0;
        for (int k = 0; k < classes; k++) sum += Math.Exp(logits[k] - max);
        return -(logits[label] - max - Math.Log(sum));
    }

    public static int MlpParameterCount(int d, int hidden, int classes) => hidden * d + hidden + classes * hidden + classes;

    /// <summary>
    /// LSTM-like cell unrolled over a sequence of scalars; returns squared error of the final output.
    /// w: 4 gates x (input weight, recurrent weight, bias) = 12, then the output weight and bias = 14.
    /// </summary>
    [Differentiable(nameof(w))]
    public static double Lstm(double[] w, double[] xs, double target)
    {
        double h = 0, c = 0;
        for (int t = 0; t < xs.Length; t++)
        {
            double x = xs[t];
            double i = Sigmoid(w[0] * x + w[1] * h + w[2]);
            double f = Sigmoid(w[3] * x + w[4] * h + w[5]);
            double o = Sigmoid(w[6] * x + w[7] * h + w[8]);
            double g = Math.Tanh(w[9] * x + w[10] * h + w[11]);
            c = f * c + i * g;
            h = o * Math.Tanh(c);
        }
        double y = w[12] * h + w[13];
        double e = y - target;
        return e * e;
    }

    static double Sigmoid(double z) => 1 / (1 + Math.Exp(-z));

    /// <summary>The same LSTM with the states in local arrays (h[t], c[t] kept for the whole sequence).</summary>
    [Differentiable(nameof(w))]
    public static double LstmArrays(double[] w, double[] xs, double target)
    {
        int n = xs.Length;
        double[] h = new double[xs.Length + 1];
        double[] c = new double[xs.Length + 1];
        for (int t = 0; t < n; t++)
        {
            double x = xs[t];
            double i = Sigmoid(w[0] * x + w[1] * h[t] + w[2]);
            double f = Sigmoid(w[3] * x + w[4] * h[t] + w[5]);
            double o = Sigmoid(w[6] * x + w[7] * h[t] + w[8]);
            double g = Math.Tanh(w[9] * x + w[10] * h[t] + w[11]);
            c[t + 1] = f * c[t] + i * g;
            h[t + 1] = o * Math.Tanh(c[t + 1]);
        }
        double y = w[12] * h[n] + w[13];
        return (y - target) * (y - target);
    }

    /// <summary>Two-layer network with ReLU and a mean squared error over a small batch held in one span.</summary>
    [Differentiable(nameof(w))]
    public static double ReluBatch(double[] w, double[] xs, double[] ys, int d, int hidden)
    {
        int n = ys.Length;
        double loss = 0;
        double[] h = new double[hidden];
        for (int s = 0; s < n; s++)
        {
            for (int j = 0; j < hidden; j++)
            {
                double a = w[j * (d + 1) + d];
                for (int i = 0; i < d; i++) a += w[j * (d + 1) + i] * xs[s * d + i];
                h[j] = a > 0 ? a : 0.01 * a;
            }
            double y = w[hidden * (d + 1) + hidden];
            for (int j = 0; j < hidden; j++) y += w[hidden * (d + 1) + j] * h[j];
            loss += (y - ys[s]) * (y - ys[s]);
        }
        return loss / n;
    }

    /// <summary>Logistic regression with L2 penalty: the README's example loss.</summary>
    [Differentiable(nameof(w))]
    public static double Logistic(ReadOnlySpan<double> w, ReadOnlySpan<double> x, double y)
    {
        double z = w[x.Length];
        for (int i = 0; i < x.Length; i++) z += w[i] * x[i];
        double p = 1 / (1 + Math.Exp(-z));
        double l2 = 0;
        foreach (double wi in w) l2 += wi * wi;
        return -(y * Math.Log(p) + (1 - y) * Math.Log(1 - p)) + 1e-2 * l2;
    }
}

public class ModelsTests
{
    [Fact]
    public void MlpSoftmax()
    {
        const int d = 3, hidden = 4, classes = 3;
        var rnd = new Random(81);
        int count = Models.MlpParameterCount(d, hidden, classes);
        foreach (int label in new[] { 0, 2 })
        {
            var w = new double[count];
            for (int i = 0; i < count; i++) w[i] = rnd.NextDouble() - 0.5;
            var x = new[] { rnd.NextDouble(), -rnd.NextDouble(), 2 * rnd.NextDouble() - 1 };
            Check.Gradient(p => Models.MlpSoftmax(p, x, label, hidden, classes),
                (p, g) => Models.MlpSoftmaxGradient(p, x, label, hidden, classes, g),
                (p, dr, g) => Models.MlpSoftmaxPullback(p, x, label, hidden, classes, dr, g), w);
        }
        Check.WrongLength(n => Models.MlpSoftmaxGradient(new double[count], new double[d], 0, hidden, classes, new double[n]), count);
    }

    [Fact]
    public void Lstm()
    {
        var rnd = new Random(82);
        foreach (int len in new[] { 1, 5 })
        {
            var w = new double[14];
            for (int i = 0; i < w.Length; i++) w[i] = rnd.NextDouble() - 0.5;
            var xs = new double[len];
            for (int i = 0; i < len; i++) xs[i] = Math.Sin(i + 1);
            var g1 = Check.Gradient(p => Models.Lstm(p, xs, 0.3), (p, g) => Models.LstmGradient(p, xs, 0.3, g),
                (p, dr, g) => Models.LstmPullback(p, xs, 0.3, dr, g), w);
            var g2 = Check.Gradient(p => Models.LstmArrays(p, xs, 0.3), (p, g) => Models.LstmArraysGradient(p, xs, 0.3, g),
                (p, dr, g) => Models.LstmArraysPullback(p, xs, 0.3, dr, g), w);
            Check.Close(g2, g1, 1e-12, "LSTM with scalar state vs with state arrays");
        }
    }

    [Fact]
    public void ReluBatch()
    {
        const int d = 2, hidden = 3, n = 4;
        var rnd = new Random(83);
        var xs = new double[n * d]; var ys = new double[n];
        for (int i = 0; i < xs.Length; i++) xs[i] = 2 * rnd.NextDouble() - 1;
        for (int i = 0; i < n; i++) ys[i] = rnd.NextDouble();
        for (int rep = 0; rep < 3; rep++)
        {
            var w = new double[hidden * (d + 1) + hidden + 1];
            for (int i = 0; i < w.Length; i++) w[i] = 2 * rnd.NextDouble() - 1;
            Check.Gradient(p => Models.ReluBatch(p, xs, ys, d, hidden), (p, g) => Models.ReluBatchGradient(p, xs, ys, d, hidden, g),
                (p, dr, g) => Models.ReluBatchPullback(p, xs, ys, d, hidden, dr, g), w);
        }
    }

    [Fact]
    public void Logistic()
    {
        var x = new[] { 0.5, -1.2, 0.3 };
        foreach (var w in Check.Points(84, 3, 4))
            foreach (double y in new[] { 0.0, 1.0 })
                Check.Gradient(p => Models.Logistic(p, x, y), (p, g) => Models.LogisticGradient(p, x, y, g),
                    (p, dr, g) => Models.LogisticPullback(p, x, y, dr, g), w);
    }

    [Fact]
    public void MinibatchGradientIsSumOfSampleGradients()
    {
        // Accumulation contract: calling FGradient once per sample on one buffer gives the gradient of the sum.
        var rnd = new Random(85);
        var w = new double[4]; for (int i = 0; i < 4; i++) w[i] = rnd.NextDouble() - 0.5;
        var xs = new[] { new[] { 0.5, -1.2, 0.3 }, new[] { -0.1, 0.7, 1.5 }, new[] { 1.0, 1.0, -1.0 } };
        var ys = new[] { 1.0, 0.0, 1.0 };
        var g = new double[4];
        for (int s = 0; s < 3; s++) Models.LogisticGradient(w, xs[s], ys[s], g);
        var fd = Check.FiniteDifference(p => { double t = 0; for (int s = 0; s < 3; s++) t += Models.Logistic(p, xs[s], ys[s]); return t; }, w);
        Check.Close(g, fd, Check.Tolerance, "sum of sample gradients");
    }
}
