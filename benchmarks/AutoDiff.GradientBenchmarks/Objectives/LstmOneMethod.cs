using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// The same LSTM objective as <see cref="Lstm"/>, written in one method the way a C# user might write it from
/// adbench.md §1.2 without looking at either other version: <c>double[]</c> parameters, the state unpacked into
/// separate <c>new double[]</c> hidden and cell arrays, the layer input overwritten in place inside the gate loop,
/// the prediction computed twice instead of stored, and the loss divided by a counted number of terms.
/// </summary>
public static partial class LstmOneMethod
{
    static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    [Differentiable(nameof(mainParams), nameof(extraParams))]
    public static double Objective(double[] mainParams, double[] extraParams, double[] state, double[] sequence, int layers, int b)
    {
        int c = sequence.Length / b;
        double[] hidden = new double[layers * b];
        double[] cell = new double[layers * b];
        for (int L = 0; L < layers; L++)
        {
            for (int i = 0; i < b; i++)
            {
                hidden[L * b + i] = state[2 * b * L + i];
                cell[L * b + i] = state[2 * b * L + b + i];
            }
        }

        double[] input = new double[b];
        double total = 0;
        int count = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++) input[i] = sequence[t * b + i] * extraParams[i];
            for (int L = 0; L < layers; L++)
            {
                int w = 8 * b * L;
                for (int i = 0; i < b; i++)
                {
                    double f = Sigmoid(input[i] * mainParams[w + i] + mainParams[w + 4 * b + i]);
                    double g = Sigmoid(hidden[L * b + i] * mainParams[w + b + i] + mainParams[w + 5 * b + i]);
                    double o = Sigmoid(input[i] * mainParams[w + 2 * b + i] + mainParams[w + 6 * b + i]);
                    double ch = Math.Tanh(hidden[L * b + i] * mainParams[w + 3 * b + i] + mainParams[w + 7 * b + i]);
                    cell[L * b + i] = cell[L * b + i] * f + g * ch;
                    hidden[L * b + i] = o * Math.Tanh(cell[L * b + i]);
                    input[i] = hidden[L * b + i];
                }
            }

            double lz = 2; // ADBench's "+2"
            for (int i = 0; i < b; i++) lz += Math.Exp(input[i] * extraParams[b + i] + extraParams[2 * b + i]);
            lz = Math.Log(lz);
            for (int i = 0; i < b; i++)
            {
                double y = input[i] * extraParams[b + i] + extraParams[2 * b + i];
                total += sequence[(t + 1) * b + i] * (y - lz);
                count++;
            }
        }
        return -total / count;
    }
}
