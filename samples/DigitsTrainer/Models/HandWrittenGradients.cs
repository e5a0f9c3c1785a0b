using System;

namespace DigitsTrainer.Models;

// HAND-WRITTEN STAND-INS for the generated SoftmaxRegression.LossGradient and Mlp.LossGradient,
// used only until the AutoDiff generator emits them. Same shape as the generated methods: return
// the loss, ADD d loss / d parameters into dparameters. DigitModels.cs picks which one trains;
// delete this file once it uses the generated ones.

public static partial class SoftmaxRegression
{
    /// <summary>Hand-written gradient of <see cref="Loss"/>: dz = softmax(z) − onehot(y); dW = dz·xᵀ; db = dz.</summary>
    public static double LossGradientByHand(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> dparameters)
    {
        int d = features.Length, label = (int)target;
        Span<double> z = stackalloc double[Classes];
        for (int k = 0; k < Classes; k++)
        {
            double zk = parameters[Classes * d + k];
            for (int j = 0; j < d; j++) zk += parameters[k * d + j] * features[j];
            z[k] = zk;
        }
        double loss = SoftmaxInPlace(z, label);

        for (int k = 0; k < Classes; k++)
        {
            double dz = z[k] - (k == label ? 1 : 0);
            dparameters[Classes * d + k] += dz;
            for (int j = 0; j < d; j++) dparameters[k * d + j] += dz * features[j];
        }
        return loss;
    }

    /// <summary>Replaces logits by probabilities; returns the cross-entropy against <paramref name="label"/>.</summary>
    internal static double SoftmaxInPlace(Span<double> z, int label)
    {
        double max = z[0];
        for (int k = 1; k < z.Length; k++) max = Math.Max(max, z[k]);
        double sum = 0;
        for (int k = 0; k < z.Length; k++) sum += Math.Exp(z[k] - max);
        double loss = max + Math.Log(sum) - z[label];
        for (int k = 0; k < z.Length; k++) z[k] = Math.Exp(z[k] - max) / sum;
        return loss;
    }
}

public static partial class Mlp
{
    /// <summary>
    /// Hand-written gradient of <see cref="Loss"/> by backpropagation: dz = softmax(z) − onehot(y);
    /// dW2 = dz·hᵀ; db2 = dz; da = (W2ᵀ·dz)·(1 − h²); dW1 = da·xᵀ; db1 = da.
    /// </summary>
    public static double LossGradientByHand(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features, double target, Span<double> dparameters)
    {
        int d = features.Length, label = (int)target;
        int b1 = Hidden * d, w2 = b1 + Hidden, b2 = w2 + Classes * Hidden;

        Span<double> h = stackalloc double[Hidden];
        for (int i = 0; i < Hidden; i++)
        {
            double a = parameters[b1 + i];
            for (int j = 0; j < d; j++) a += parameters[i * d + j] * features[j];
            h[i] = Math.Tanh(a);
        }
        Span<double> z = stackalloc double[Classes];
        for (int k = 0; k < Classes; k++)
        {
            double zk = parameters[b2 + k];
            for (int i = 0; i < Hidden; i++) zk += parameters[w2 + k * Hidden + i] * h[i];
            z[k] = zk;
        }
        double loss = SoftmaxRegression.SoftmaxInPlace(z, label);

        Span<double> dh = stackalloc double[Hidden];
        dh.Clear();
        for (int k = 0; k < Classes; k++)
        {
            double dz = z[k] - (k == label ? 1 : 0);
            dparameters[b2 + k] += dz;
            for (int i = 0; i < Hidden; i++)
            {
                dparameters[w2 + k * Hidden + i] += dz * h[i];
                dh[i] += dz * parameters[w2 + k * Hidden + i];
            }
        }
        for (int i = 0; i < Hidden; i++)
        {
            double da = dh[i] * (1 - h[i] * h[i]);
            dparameters[b1 + i] += da;
            for (int j = 0; j < d; j++) dparameters[i * d + j] += da * features[j];
        }
        return loss;
    }
}
