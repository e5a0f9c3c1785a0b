using System;

namespace AutoDiff.GradientBenchmarks.Objectives;

/// <summary>
/// ADBench's LSTM objective (<c>src/cpp/shared/lstm.h</c>; /work/shared/docs/adbench.md §1.2), with its quirks:
/// element-wise (diagonal) weights, "+2" inside the log-sum-exp, the state copied at the start.
/// main_params[8·l·b]: per layer L at 8bL: weights forget|ingate|outgate|change, then the four biases.
/// extra_params[3b]: in_weight | out_weight | out_bias. state[2·l·b]: per layer hidden | cell. sequence[c·b].
/// </summary>
public static partial class Lstm
{
    [Differentiable(nameof(mainParams), nameof(extraParams))]
    public static double Objective(
        ReadOnlySpan<double> mainParams, ReadOnlySpan<double> extraParams,
        ReadOnlySpan<double> state, ReadOnlySpan<double> sequence)
    {
        int b = extraParams.Length / 3;
        int layers = mainParams.Length / (8 * b);
        int c = sequence.Length / b;

        // The state is passed by value in ADBench's C++: work on a copy.
        Span<double> s = stackalloc double[state.Length];
        for (int i = 0; i < state.Length; i++) s[i] = state[i];
        Span<double> z = stackalloc double[b];
        Span<double> ypred = stackalloc double[b];

        double total = 0;
        for (int t = 0; t < c - 1; t++)
        {
            for (int i = 0; i < b; i++) z[i] = sequence[t * b + i] * extraParams[i];
            for (int layer = 0; layer < layers; layer++)
            {
                int p = 8 * b * layer;
                int h = 2 * b * layer;
                for (int i = 0; i < b; i++)
                {
                    double forget = Sigmoid(z[i] * mainParams[p + i] + mainParams[p + 4 * b + i]);
                    double ingate = Sigmoid(s[h + i] * mainParams[p + b + i] + mainParams[p + 5 * b + i]);
                    double outgate = Sigmoid(z[i] * mainParams[p + 2 * b + i] + mainParams[p + 6 * b + i]);
                    double change = Math.Tanh(s[h + i] * mainParams[p + 3 * b + i] + mainParams[p + 7 * b + i]);
                    s[h + b + i] = s[h + b + i] * forget + ingate * change;
                    s[h + i] = outgate * Math.Tanh(s[h + b + i]);
                }
                for (int i = 0; i < b; i++) z[i] = s[h + i];
            }
            double sumExp = 2; // ADBench's quirk: log(2 + Σ exp), no max-shift
            for (int i = 0; i < b; i++)
            {
                ypred[i] = z[i] * extraParams[b + i] + extraParams[2 * b + i];
                sumExp += Math.Exp(ypred[i]);
            }
            double lse = Math.Log(sumExp);
            for (int i = 0; i < b; i++) total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
        }
        return -total / ((c - 1) * b);
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    [ThreadStatic] private static double[]? t_workspace;

    /// <summary>
    /// Hand-written reverse sweep: the forward pass stores every gate, state and output (11·b values per
    /// time step and layer, in a per-thread workspace reused across calls), the reverse pass walks them back.
    /// Adds the gradient into <paramref name="dmain"/> and <paramref name="dextra"/>; returns the objective.
    /// </summary>
    public static double ObjectiveHandWritten(
        ReadOnlySpan<double> mainParams, ReadOnlySpan<double> extraParams,
        ReadOnlySpan<double> state, ReadOnlySpan<double> sequence,
        Span<double> dmain, Span<double> dextra)
    {
        int b = extraParams.Length / 3;
        int layers = mainParams.Length / (8 * b);
        int c = sequence.Length / b;
        int steps = c - 1;
        // Per (t, layer): input z, previous hidden, previous cell, forget, ingate, outgate, change, tanh(cell).
        const int Slots = 8;
        int perLayer = Slots * b;
        int perStep = layers * perLayer + 2 * b; // + softmax weights and z_out
        int need = steps * perStep;
        double[] ws = t_workspace is { } existing && existing.Length >= need ? existing : (t_workspace = new double[need]);

        Span<double> s = stackalloc double[state.Length];
        state.CopyTo(s);
        Span<double> z = stackalloc double[b];
        double total = 0;
        for (int t = 0; t < steps; t++)
        {
            int stepBase = t * perStep;
            for (int i = 0; i < b; i++) z[i] = sequence[t * b + i] * extraParams[i];
            for (int layer = 0; layer < layers; layer++)
            {
                int p = 8 * b * layer;
                int h = 2 * b * layer;
                Span<double> rec = ws.AsSpan(stepBase + layer * perLayer, perLayer);
                for (int i = 0; i < b; i++)
                {
                    double hPrev = s[h + i], cPrev = s[h + b + i], zi = z[i];
                    double forget = Sigmoid(zi * mainParams[p + i] + mainParams[p + 4 * b + i]);
                    double ingate = Sigmoid(hPrev * mainParams[p + b + i] + mainParams[p + 5 * b + i]);
                    double outgate = Sigmoid(zi * mainParams[p + 2 * b + i] + mainParams[p + 6 * b + i]);
                    double change = Math.Tanh(hPrev * mainParams[p + 3 * b + i] + mainParams[p + 7 * b + i]);
                    double cell = cPrev * forget + ingate * change;
                    double tc = Math.Tanh(cell);
                    rec[i] = zi; rec[b + i] = hPrev; rec[2 * b + i] = cPrev;
                    rec[3 * b + i] = forget; rec[4 * b + i] = ingate; rec[5 * b + i] = outgate;
                    rec[6 * b + i] = change; rec[7 * b + i] = tc;
                    s[h + b + i] = cell;
                    s[h + i] = outgate * tc;
                    z[i] = outgate * tc;
                }
            }
            Span<double> outRec = ws.AsSpan(stepBase + layers * perLayer, 2 * b);
            double sumExp = 2;
            double sumGold = 0;
            for (int i = 0; i < b; i++)
            {
                double y = z[i] * extraParams[b + i] + extraParams[2 * b + i];
                double e = Math.Exp(y);
                outRec[i] = e;
                outRec[b + i] = z[i];
                sumExp += e;
                double gold = sequence[(t + 1) * b + i];
                total += gold * y;
                sumGold += gold;
            }
            double lse = Math.Log(sumExp);
            total -= sumGold * lse;
            // Turn the exponentials into d total / d y_i = gold_i − sumGold · e_i / sumExp.
            for (int i = 0; i < b; i++) outRec[i] = sequence[(t + 1) * b + i] - sumGold * outRec[i] / sumExp;
        }
        double scale = -1.0 / (steps * b);
        double loss = scale * total;

        // Reverse sweep. dh/dc: adjoints of each layer's hidden and cell state carried backwards in time.
        Span<double> dh = stackalloc double[layers * b];
        Span<double> dc = stackalloc double[layers * b];
        Span<double> dz = stackalloc double[b];
        dh.Clear();
        dc.Clear();
        for (int t = steps - 1; t >= 0; t--)
        {
            int stepBase = t * perStep;
            ReadOnlySpan<double> outRec = ws.AsSpan(stepBase + layers * perLayer, 2 * b);
            for (int i = 0; i < b; i++)
            {
                double dy = scale * outRec[i];
                dextra[b + i] += dy * outRec[b + i];
                dextra[2 * b + i] += dy;
                dz[i] = dy * extraParams[b + i];
            }
            for (int layer = layers - 1; layer >= 0; layer--)
            {
                int p = 8 * b * layer;
                ReadOnlySpan<double> rec = ws.AsSpan(stepBase + layer * perLayer, perLayer);
                Span<double> dhL = dh.Slice(layer * b, b);
                Span<double> dcL = dc.Slice(layer * b, b);
                for (int i = 0; i < b; i++)
                {
                    double zi = rec[i], hPrev = rec[b + i], cPrev = rec[2 * b + i];
                    double forget = rec[3 * b + i], ingate = rec[4 * b + i], outgate = rec[5 * b + i];
                    double change = rec[6 * b + i], tc = rec[7 * b + i];
                    double dhNew = dhL[i] + dz[i];               // the new hidden feeds the next layer and the next step
                    double dcell = dcL[i] + dhNew * outgate * (1 - tc * tc);
                    double dOut = dhNew * tc * outgate * (1 - outgate);
                    double dForget = dcell * cPrev * forget * (1 - forget);
                    double dIn = dcell * change * ingate * (1 - ingate);
                    double dChange = dcell * ingate * (1 - change * change);
                    dmain[p + i] += dForget * zi;
                    dmain[p + 4 * b + i] += dForget;
                    dmain[p + b + i] += dIn * hPrev;
                    dmain[p + 5 * b + i] += dIn;
                    dmain[p + 2 * b + i] += dOut * zi;
                    dmain[p + 6 * b + i] += dOut;
                    dmain[p + 3 * b + i] += dChange * hPrev;
                    dmain[p + 7 * b + i] += dChange;
                    dhL[i] = dIn * mainParams[p + b + i] + dChange * mainParams[p + 3 * b + i];
                    dcL[i] = dcell * forget;
                    dz[i] = dForget * mainParams[p + i] + dOut * mainParams[p + 2 * b + i];
                }
            }
            for (int i = 0; i < b; i++) dextra[i] += dz[i] * sequence[t * b + i];
        }
        return loss;
    }
}
