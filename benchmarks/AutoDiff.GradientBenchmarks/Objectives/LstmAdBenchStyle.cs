using System;
namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same LSTM objective as <see cref="Lstm"/>, written the way ADBench's <c>lstm.h</c> is: <c>lstm_model</c> and
/// <c>lstm_predict</c> write into the state and prediction spans they are given, <c>new double[]</c> scratch arrays,
/// <c>double[]</c> parameters (ADBench's convention: "all arrays are flat <c>double[]</c>").
/// It checks that a port written independently, in C's style, gets the same gradient as <see cref="Lstm.Objective"/>.
/// </summary>
public static partial class LstmAdBenchStyle
{
    static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    static double LogSumExp(ReadOnlySpan<double> vect)
    {
        double sum = 0;
        for (int i = 0; i < vect.Length; i++) sum += Math.Exp(vect[i]);
        sum += 2;
        return Math.Log(sum);
    }

    static void LstmModel(int hsize, ReadOnlySpan<double> weight, ReadOnlySpan<double> bias, Span<double> hidden, Span<double> cell, ReadOnlySpan<double> input)
    {
        Span<double> gates = stackalloc double[4 * hsize];
        for (int i = 0; i < hsize; i++)
        {
            gates[i] = Sigmoid(input[i] * weight[i] + bias[i]);
            gates[hsize + i] = Sigmoid(hidden[i] * weight[hsize + i] + bias[hsize + i]);
            gates[2 * hsize + i] = Sigmoid(input[i] * weight[2 * hsize + i] + bias[2 * hsize + i]);
            gates[3 * hsize + i] = Math.Tanh(hidden[i] * weight[3 * hsize + i] + bias[3 * hsize + i]);
        }
        for (int i = 0; i < hsize; i++) cell[i] = cell[i] * gates[i] + gates[hsize + i] * gates[3 * hsize + i];
        for (int i = 0; i < hsize; i++) hidden[i] = gates[2 * hsize + i] * Math.Tanh(cell[i]);
    }

    static void LstmPredict(int l, int b, ReadOnlySpan<double> w, ReadOnlySpan<double> w2, Span<double> s, ReadOnlySpan<double> x, Span<double> x2)
    {
        for (int i = 0; i < b; i++) x2[i] = x[i] * w2[i];
        // ADBench moves a pointer xp from x2 to each layer's hidden state; spans cannot be re-pointed here, so copy.
        Span<double> xp = stackalloc double[b];
        for (int i = 0; i < b; i++) xp[i] = x2[i];
        for (int i = 0; i <= 2 * l * b - 1; i += 2 * b)
        {
            LstmModel(b, w.Slice(i * 4), w.Slice((i + b) * 4), s.Slice(i), s.Slice(i + b), xp);
            for (int j = 0; j < b; j++) xp[j] = s[i + j];
        }
        for (int i = 0; i < b; i++) x2[i] = xp[i] * w2[b + i] + w2[2 * b + i];
    }

    [Differentiable(nameof(mainParams), nameof(extraParams))]
    public static double Objective(double[] mainParams, double[] extraParams, double[] state, double[] sequence)
    {
        int b = extraParams.Length / 3;
        int l = mainParams.Length / (8 * b);
        int c = sequence.Length / b;
        double[] s = new double[state.Length];
        for (int i = 0; i < state.Length; i++) s[i] = state[i];
        double total = 0;
        int count = 0;
        double[] ypred = new double[b];
        double[] ynorm = new double[b];
        for (int t = 0; t <= (c - 1) * b - 1; t += b)
        {
            LstmPredict(l, b, mainParams, extraParams, s, sequence.AsSpan(t, b), ypred);
            double lse = LogSumExp(ypred);
            for (int i = 0; i < b; i++) ynorm[i] = ypred[i] - lse;
            for (int i = 0; i < b; i++) total += sequence[t + b + i] * ynorm[i];
            count += b;
        }
        return -total / count;
    }
}
