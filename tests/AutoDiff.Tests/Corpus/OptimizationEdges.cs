using System;
using AutoDiff;
using AutoDiff.Testing;
using Xunit;

namespace AutoDiff.Tests.Corpus;

/// <summary>
/// Code shaped to tempt each optimization of the reverse sweep into a wrong gradient: recomputed
/// loop temporaries, arrays saved once per loop, integer steps undone, folded and merged adjoint updates.
/// </summary>
public static partial class OptimizationEdges
{
    // t could be recomputed, but m changes after the loop: m must not be taken as fixed.
    [Differentiable(nameof(w))]
    public static double RecomputeWithLaterWrite(double[] w)
    {
        double s = 0;
        int m = 2;
        for (int i = 0; i < w.Length; i++)
        {
            double t = w[i] * m + i;
            s += t * t;
        }
        m = 5;
        return s + m * w[0];
    }

    // A temporary built from another recomputed temporary and a parameter scalar.
    [Differentiable]
    public static double RecomputeChain(double[] w, double scale)
    {
        double s = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double u = w[i] * scale;
            double v = u * u + w[i];
            s += Math.Sin(v) * u;
        }
        return s;
    }

    // a[i] from a[i] only (saved once per outer step) next to a[i] from a[i - 1] (saved per element).
    [Differentiable(nameof(w))]
    public static double InPlaceMixed(double[] w, int steps)
    {
        int n = w.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = w[i];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < n; i++) a[i] = a[i] * (1.1 - 0.2 * a[i]) + 0.05 * w[i];
            for (int i = 1; i < n; i++) a[i] = a[i] + 0.3 * a[i - 1] * a[i];
        }
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] * a[i];
        return s;
    }

    // Reads a[i] after writing it in the same iteration: the array cannot be saved in one piece.
    [Differentiable(nameof(w))]
    public static double WriteThenRead(double[] w)
    {
        int n = w.Length;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = w[i];
        double s = 0;
        for (int i = 0; i < n; i++)
        {
            a[i] = a[i] * a[i] + 1;
            s += a[i] * w[i];
        }
        return s + a[0];
    }

    // Integer steps of different sizes, reset inside an outer loop, used as indices.
    [Differentiable(nameof(w))]
    public static double IntegerSteps(double[] w)
    {
        double s = 0;
        int k = 0;
        for (int r = 0; r < 3; r++)
        {
            k = r;
            for (int c = 0; c < 2; c++)
            {
                s += w[k] * w[(k + 1) % w.Length] * (c + 1);
                k += 2;
                if (k >= w.Length) k -= w.Length;
            }
        }
        return s;
    }

    // Element adjoints that may alias at run time (i == j): folded updates must stay exact.
    [Differentiable(nameof(w))]
    public static double AliasedElements(double[] w, int i, int j)
    {
        double[] a = new double[w.Length];
        for (int k = 0; k < w.Length; k++) a[k] = w[k];
        a[i] = a[j] * 2 + a[i] * a[i];
        a[j] = a[i] * a[j] + 1;
        return a[i] + 3 * a[j];
    }

    // _d_a[c] is summed in a local over r (scalar replacement) while _d_a[r] is updated in place; r == c aliases.
    [Differentiable(nameof(w))]
    public static double FixedIndexAccumulation(double[] w)
    {
        int n = w.Length;
        double[] a = new double[n];
        for (int c = 0; c < n; c++) a[c] = w[c] * w[c];
        double s = 0;
        for (int c = 0; c < n; c++)
            for (int r = 0; r < n; r++)
                s += Math.Sin(a[c] * a[r]) * w[(r + c) % n];
        return s * s;
    }

    // For k == n the inner loop is empty and a[k] is out of range: the summed update must not run.
    [Differentiable(nameof(w))]
    public static double EmptyInnerLoop(double[] w)
    {
        int n = w.Length;
        double[] a = new double[n];
        for (int k = 0; k < n; k++) a[k] = Math.Cos(w[k]);
        double s = 0;
        for (int k = 0; k <= n; k++)
            for (int r = k; r < n; r++)
                s += a[k] * w[r] * s;
        return s + a[0];
    }

    // The same text dw[k] before and after k++: in the reverse sweep k-- sits between the two
    // updates, so they must not be merged into one.
    [Differentiable(nameof(w))]
    public static double StepBetweenUpdates(double[] w)
    {
        double s = 0;
        int k = 0;
        for (int r = 0; r + 1 < w.Length; r++)
        {
            s += w[k] * w[k] * s;
            k++;
            s += Math.Sin(w[k]) * w[k];
        }
        return s;
    }

    // Two in-place loops on the same array per step, nothing else reading it backwards: both
    // reversed loops read their own saved copies, and neither writes the array back.
    [Differentiable(nameof(w))]
    public static double InPlaceTwice(double[] w, int steps)
    {
        double[] x = new double[w.Length];
        for (int i = 0; i < x.Length; i++) x[i] = w[i];
        for (int t = 0; t < steps; t++)
        {
            for (int i = 0; i < x.Length; i++) x[i] = Math.Sin(x[i]) + 0.1 * w[i];
            for (int i = 0; i < x.Length; i++) x[i] = x[i] * x[i] + 0.2;
        }
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += x[i];
        return s;
    }

    // The step's product of x[0] and x[1] reads x backwards after the in-place loop is reversed:
    // the reversed loop must write the array back.
    [Differentiable(nameof(w))]
    public static double InPlaceThenProduct(double[] w, int steps)
    {
        double[] x = new double[w.Length];
        for (int i = 0; i < x.Length; i++) x[i] = w[i];
        double s = 0;
        for (int t = 0; t < steps; t++)
        {
            s += x[0] * x[1];
            for (int i = 0; i < x.Length; i++) x[i] = 0.9 * x[i] * (1 - x[i]) + w[i];
        }
        return s + x[2];
    }

    // A helper's pullback reads x backwards: as above, through a call.
    [Differentiable(nameof(w))]
    public static double InPlaceThenCall(double[] w, int steps)
    {
        double[] x = new double[w.Length];
        for (int i = 0; i < x.Length; i++) x[i] = w[i];
        double s = 0;
        for (int t = 0; t < steps; t++)
        {
            s += SquaredNorm(x);
            for (int i = 0; i < x.Length; i++) x[i] = 0.9 * x[i] * (1 - x[i]) + w[i];
        }
        return s;
    }

    // An in-place update next to a temporary the reverse sweep needs (f, saved per iteration): the
    // array must not be saved whole before the loop, or its copy would sit below the per-iteration
    // saves on the tape (a wrong gradient found while testing inlined gates).
    [Differentiable(nameof(w))]
    public static double InPlaceWithSavedTemporary(double[] w, int steps)
    {
        double[] c = new double[w.Length];
        for (int t = 0; t < steps; t++)
            for (int i = 0; i < w.Length; i++)
            {
                double f = c[i] * w[i] + 0.1;
                c[i] = c[i] * f + Math.Tanh(w[i]);
            }
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += c[i] * c[i];
        return s;
    }

    // The same with an int temporary saved per iteration: ints have a stack of their own, so the
    // array is still saved whole.
    [Differentiable(nameof(w))]
    public static double InPlaceWithSavedInt(double[] w, int steps)
    {
        double[] c = new double[w.Length];
        int k = 0;
        for (int t = 0; t < steps; t++)
            for (int i = 0; i < w.Length; i++)
            {
                k = (i + t) % w.Length;
                c[i] = c[i] * 0.5 + w[k] * c[i] + 0.1 * w[i];
            }
        double s = 0;
        for (int i = 0; i < c.Length; i++) s += c[i] * c[i];
        return s + k;
    }

    // h is rewritten every step by a loop whose reverse reads each tanh back from h[j]: the next
    // step's writes must save what the previous step's reverse reads, and the reverse must read the
    // result before it restores the old value.
    [Differentiable(nameof(w))]
    public static double OwnResultElementsPerStep(double[] w, int steps)
    {
        int n = w.Length;
        double[] h = new double[n];
        double s = 0;
        for (int t = 0; t < steps; t++)
        {
            for (int j = 0; j < n; j++) h[j] = Math.Tanh(w[j] * (t + 1) + 0.3 * s);
            for (int j = 0; j < n; j++) s += (j + 1) * h[j]; // reads no h backwards: only tanh' does
        }
        return s;
    }

    // A second write into the same array in the loop overwrites the previous iteration's exp, which
    // that iteration's reverse reads back: it must be saved.
    [Differentiable(nameof(w))]
    public static double OwnResultWithOtherWrite(double[] w)
    {
        int n = w.Length;
        double[] h = new double[n];
        double s = 0;
        for (int j = 0; j < n; j++)
        {
            h[j] = Math.Exp(0.5 * w[j]);
            s += (j + 1) * h[j];
            h[(j + n - 1) % n] = 2 * w[j];
        }
        for (int j = 0; j < n; j++) s += 0.5 * h[j];
        return s;
    }

    // The same element holds every iteration's result: each must be saved before the next overwrites it.
    [Differentiable(nameof(w))]
    public static double OwnResultFixedIndex(double[] w)
    {
        double[] h = new double[2];
        double s = 0;
        for (int j = 0; j < w.Length; j++)
        {
            h[1] = Math.Sqrt(w[j] * w[j] + 0.5);
            s += (j + 1) * h[1];
        }
        return s + h[1];
    }

    // Quotients read back from their targets: a scalar overwritten every iteration (saved), and elements.
    [Differentiable]
    public static double QuotientsInLoop(double[] w)
    {
        double[] h = new double[w.Length];
        double g = 0, s = 0;
        for (int j = 0; j < w.Length; j++)
        {
            g = 1 / (1 + Math.Exp(-w[j] * w[0]));
            h[j] = (w[j] - 0.25) / (g + w[j] * w[j]);
            s += g * h[j] + h[j] * h[j];
        }
        return s + g;
    }

    // Reversed stride loops: a fixed-index adjoint summed in a local, and fixed-index reads hoisted, both
    // guarded by the loop's nonempty test, which for a stride is itself a ?: expression.
    [Differentiable]
    public static double StrideFixedIndex(double[] w)
    {
        double s = 0;
        for (int i = 1; i < w.Length; i += 2) s += w[i] * w[0] + Math.Sin(w[i] * w[1]);
        for (int i = w.Length - 1; i >= 2; i -= 3) s += w[i] * w[i] * w[2];
        return s;
    }

    // b carries the previous iteration's value into the first statement: it must be saved, not
    // recomputed at the start of the reversed iteration (that gave wrong gradients before).
    [Differentiable]
    public static double CarriedNotRecomputed(double[] w)
    {
        double s = 0;
        int b = 0;
        double c = 1;
        for (int j = 0; j < w.Length - 1; j++)
        {
            s += w[b + j] * w[j] * c;
            b = j % 2;
            c = 0.5 * j + 1;
        }
        return s;
    }

    // A local array filled every iteration from fixed inputs is recomputed in the reversed iteration
    // instead of saved (Plain). Look-alikes that must save it: read before the fill, so it carries the
    // previous iteration's values (Carried); filled from a scalar the loop updates (FromState); read
    // before and after the loop (ReadAfter).
    [Differentiable(nameof(w))]
    public static double RecomputedRowPlain(double[] w, int rows)
    {
        double[] a = new double[3];
        double s = 0;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < a.Length; j++) a[j] = w[j] * (k + 1) - w[(j + k) % w.Length];
            for (int j = 0; j < a.Length; j++) s += Math.Sin(a[j] * w[j + 1]) * w[k % w.Length];
        }
        return s;
    }

    [Differentiable(nameof(w))]
    public static double RecomputedRowCarried(double[] w, int rows)
    {
        double[] a = new double[3];
        double s = 0;
        for (int k = 0; k < rows; k++)
        {
            s += a[0] * w[0];
            for (int j = 0; j < a.Length; j++) a[j] = w[j] * (k + 1) - w[(j + k) % w.Length];
            for (int j = 0; j < a.Length; j++) s += Math.Sin(a[j] * w[j + 1]) * w[k % w.Length];
        }
        return s;
    }

    [Differentiable(nameof(w))]
    public static double RecomputedRowFromState(double[] w, int rows)
    {
        double[] a = new double[3];
        double s = 0, t = 0.5;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < a.Length; j++) a[j] = w[j] * t - w[(j + k) % w.Length];
            for (int j = 0; j < a.Length; j++) s += Math.Sin(a[j] * w[j + 1]) * w[k % w.Length];
            t = t * w[4] + 0.25;
        }
        return s;
    }

    [Differentiable(nameof(w))]
    public static double RecomputedRowReadAfter(double[] w, int rows)
    {
        double[] a = new double[3];
        a[1] = w[3];
        double s = a[1] * w[1]; // its reverse, after the loop's, needs a[1] = w[3] back
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < a.Length; j++) a[j] = w[j] * (k + 1) - w[(j + k) % w.Length];
            for (int j = 0; j < a.Length; j++) s += Math.Sin(a[j] * w[j + 1]) * w[k % w.Length];
        }
        return s + a[1] * w[2];
    }

    // An inner loop that never runs (r from n to n) guards the reads hoisted before it (h[n], h[n - 1 + j]
    // are out of range): an outer loop must leave those guarded reads in place, neither hoisting them
    // nor viewing them as a row. The q loop keeps the t and j loops from being fused.
    [Differentiable]
    public static double GuardedReads(double[] w)
    {
        int n = w.Length;
        double[] h = new double[n];
        for (int i = 0; i < n; i++) h[i] = 0.5 * i + 1; // constant: no adjoint sums whose guards would mention n
        double s = w[0];
        for (int q = 0; q < 1; q++)
        {
            for (int t = 0; t < 2; t++)
                for (int r = n; r < w.Length; r++) s += h[n] * w[r];
            for (int j = 0; j < 2; j++)
                for (int r = n; r < w.Length; r++) s += h[n - 1 + j] * w[r];
            s = s * w[1];
        }
        return s;
    }

    // Invariant reads in forward loops: the loop over j reads h[0], which its own first iteration
    // rewrites, so that read stays in the loop; the same loop reads g[1] of an array it does not write,
    // which is read once before it. The outer loop over q keeps the loops from being fused.
    [Differentiable]
    public static double ForwardFixedReads(double[] w)
    {
        int n = w.Length;
        double[] h = new double[n];
        double[] g = new double[n];
        double s = 0;
        for (int q = 0; q < 2; q++)
        {
            for (int j = 0; j < n; j++) g[j] = w[j] * w[(j + q) % n];
            for (int j = 0; j < n; j++) h[j] = w[j] + 1;
            for (int j = 0; j < n; j++) h[j] = h[j] * h[0] + g[1];
            for (int j = 0; j < n; j++) s += h[j] * w[j];
            s = s * w[q];
        }
        return s;
    }

    // Row views: rows read and written at off + j, an empty loop whose row lies outside the array (must
    // not throw), a base the loop changes (no view), and an outer loop's fixed read h[0] that an inner
    // loop rewrites through a view (h[0] must not be read once before the outer reversed loop).
    [Differentiable]
    public static double RowViews(double[] w, int rows)
    {
        int n = w.Length;
        Span<double> h = stackalloc double[n];
        double s = 0;
        int off = n % 5;
        for (int t = 0; t < rows; t++)
        {
            s += h[0] * w[t % n];
            for (int j = 0; j < n - off; j++) h[off + j] = Math.Sin(h[off + j] + w[j] * (t + 1));
        }
        int empty = 0;
        for (int j = 0; j < empty; j++) s += w[n + 7 + j];
        int b = 0;
        for (int j = 0; j < n - 1; j++)
        {
            s += w[b + j] * h[b + j];
            b = j % 2;
        }
        return s;
    }

    // Per-iteration rows: y is filled whole first in every iteration and mentioned nowhere else, so each
    // iteration computes in a row of the tape of its own (Plain, and loops that count from 2 to rows + 1
    // inclusive, count down, or sit in an outer loop whose reverse runs after all of it). Look-alikes
    // that must keep saving y: read before the loop's reverse needs it back (ReadBefore), read before
    // the fill (Carried), filled only in part (Partial), a body that saves a double (Pushes), float.
    // The sums end in a log, so the reverse of the k loop is not run iteration by iteration.
    [Differentiable(nameof(w))]
    public static double RowsPlain(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        double s = 0;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1 * k);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsShifted(double[] w, int rows)
    {
        Span<double> e = stackalloc double[w.Length];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[w.Length - 1];
        double s = 0;
        for (int k = 2; k <= rows + 1; k++)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j + 1] * (w[(j + k) % w.Length] - 0.1 * k);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j] * 0.1 * k;
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsDown(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        double s = 0;
        for (int k = rows; k > 0; k--)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1 * k);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j] * 0.1 * k;
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsNested(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        double t = 0.1;
        for (int i = 0; i < 3; i++)
        {
            double s = 0;
            for (int k = 0; k < rows; k++)
            {
                for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k + i) % w.Length] - t);
                for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
                for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
            }
            t = Math.Sin(t + 0.1 * s); // saved on the tape above this iteration's rows
        }
        return t;
    }

    // The size's variable changes after the allocation: each row still has y's length.
    [Differentiable(nameof(w))]
    public static double RowsSizeChanged(double[] w, int rows)
    {
        int n = 3;
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[n];
        n = 1;
        double s = n;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1 * k);
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsReadBefore(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        y[1] = w[3];
        double s = y[1] * y[1] * w[1]; // its reverse, after the loop's, needs y[1] = w[3] back
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1 * k);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsCarried(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        double s = 0;
        for (int k = 0; k < rows; k++)
        {
            s += y[2] * y[2] * w[0]; // the previous iteration's y
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1 * k);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsPartial(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        double s = 0;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < y.Length - 1; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1 * k); // y[2] carries over
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        }
        return Math.Log(1 + s);
    }

    [Differentiable(nameof(w))]
    public static double RowsPushes(double[] w, int rows)
    {
        Span<double> e = stackalloc double[3];
        for (int j = 0; j < e.Length; j++) e[j] = Math.Exp(w[j] * 0.5);
        Span<double> y = stackalloc double[3];
        double s = 0, c = 0.3;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - c);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
            c = Math.Sin(c + y[0]); // saved: the body pushes a double
        }
        return Math.Log(1 + s) + c;
    }

    [Differentiable(nameof(w))]
    public static float RowsFloat(float[] w, int rows)
    {
        Span<float> e = stackalloc float[3];
        for (int j = 0; j < e.Length; j++) e[j] = MathF.Exp(w[j] * 0.5f);
        Span<float> y = stackalloc float[3];
        float s = 0;
        for (int k = 0; k < rows; k++)
        {
            for (int j = 0; j < y.Length; j++) y[j] = e[j] * (w[(j + k) % w.Length] - 0.1f * k);
            for (int j = 1; j < y.Length; j++) y[j] += w[4] * e[j - 1];
            for (int j = 0; j < y.Length; j++) s += y[j] * y[j];
        }
        return MathF.Log(1 + s);
    }

    private static double SquaredNorm(double[] v)
    {
        double s = 0;
        for (int i = 0; i < v.Length; i++) s += v[i] * v[i];
        return s;
    }
}

public static partial class OptimizationEdges
{
    // lstm.h's gates: a scratch array cleared per step, filled in three disjoint blocks by one loop, each read
    // back by its own reverse block. The clear saves the array once; the blocks save nothing.
    [Differentiable(nameof(w))]
    public static double GateBlocks(double[] w, int steps)
    {
        int n = 2;
        double[] h = new double[n];
        for (int i = 0; i < n; i++) h[i] = w[i];
        for (int t = 0; t < steps; t++)
        {
            double[] g = new double[3 * n];
            for (int i = 0; i < n; i++)
            {
                g[i] = 1 / (1 + Math.Exp(-(w[i] * h[i] + w[4])));
                g[n + i] = Math.Tanh(h[i] * w[2 + i]);
                g[2 * n + i] = Math.Exp(w[i] - h[i]);
            }
            for (int i = 0; i < n; i++) h[i] = g[i] * g[n + i] + g[2 * n + i] * h[i] * 0.5;
        }
        return h[0] * h[0] + h[1];
    }

    // The blocks overlap: the loop runs to m = n + 1, so g[n] is written by the second statement at i = 0 and
    // by the first at i = n. The first value is used in between, so its reverse block needs it back: that write
    // must save.
    [Differentiable(nameof(w))]
    public static double GateBlocksOverlap(double[] w)
    {
        int n = 2, m = 3;
        double[] g = new double[n + m];
        double s = 0;
        for (int i = 0; i < m; i++)
        {
            g[i] = Math.Tanh(w[i] * w[4]);
            g[n + i] = Math.Tanh(w[i + 1] - w[i]);
            s += g[n + i] * (i + 1);
        }
        for (int i = 0; i < n + m; i++) s += g[i] * (i + 1);
        return s;
    }

    // Two writes of the same block: the second overwrites the result the first one's reverse block reads.
    [Differentiable(nameof(w))]
    public static double GateBlocksTwice(double[] w)
    {
        int n = 2;
        double[] g = new double[2 * n];
        for (int i = 0; i < n; i++)
        {
            g[n + i] = Math.Tanh(w[i] * w[4]);
            g[i + n] = Math.Tanh(w[i + 2] + g[n + i]) * w[3];
        }
        return g[2] * g[3] + g[2];
    }
}

public class OptimizationEdgeTests
{
    static readonly double[] W = { 0.3, -0.7, 0.45, 0.9, -0.2 };

    static void Matches(Func<double[], double> f, Action<double[], double[]> gradient)
    {
        var g = new double[W.Length];
        gradient((double[])W.Clone(), g);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(f, W));
    }

    [Fact] public void RecomputeWithLaterWrite() => Matches(OptimizationEdges.RecomputeWithLaterWrite, (w, g) => OptimizationEdges.RecomputeWithLaterWriteGradient(w, g));

    [Fact]
    public void RecomputeChain()
    {
        double ds = 0;
        var g = new double[W.Length];
        OptimizationEdges.RecomputeChainGradient(W, 0.8, g, ref ds);
        FiniteDifferences.AssertClose(g, FiniteDifferences.Gradient(p => OptimizationEdges.RecomputeChain(p, 0.8), W));
        FiniteDifferences.AssertClose(ds, FiniteDifferences.Derivative(s => OptimizationEdges.RecomputeChain(W, s), 0.8));
    }

    [Fact] public void InPlaceMixed() => Matches(p => OptimizationEdges.InPlaceMixed(p, 4), (w, g) => OptimizationEdges.InPlaceMixedGradient(w, 4, g));
    [Fact] public void WriteThenRead() => Matches(OptimizationEdges.WriteThenRead, (w, g) => OptimizationEdges.WriteThenReadGradient(w, g));
    [Fact] public void FixedIndexAccumulation() => Matches(OptimizationEdges.FixedIndexAccumulation, (w, g) => OptimizationEdges.FixedIndexAccumulationGradient(w, g));
    [Fact] public void EmptyInnerLoop() => Matches(OptimizationEdges.EmptyInnerLoop, (w, g) => OptimizationEdges.EmptyInnerLoopGradient(w, g));
    [Fact] public void StepBetweenUpdates() => Matches(OptimizationEdges.StepBetweenUpdates, (w, g) => OptimizationEdges.StepBetweenUpdatesGradient(w, g));
    [Fact] public void InPlaceTwice() => Matches(p => OptimizationEdges.InPlaceTwice(p, 3), (w, g) => OptimizationEdges.InPlaceTwiceGradient(w, 3, g));
    [Fact] public void InPlaceThenProduct() => Matches(p => OptimizationEdges.InPlaceThenProduct(p, 3), (w, g) => OptimizationEdges.InPlaceThenProductGradient(w, 3, g));
    [Fact] public void InPlaceThenCall() => Matches(p => OptimizationEdges.InPlaceThenCall(p, 3), (w, g) => OptimizationEdges.InPlaceThenCallGradient(w, 3, g));
    [Fact] public void OwnResultElementsPerStep() => Matches(p => OptimizationEdges.OwnResultElementsPerStep(p, 3), (w, g) => OptimizationEdges.OwnResultElementsPerStepGradient(w, 3, g));
    [Fact] public void OwnResultWithOtherWrite() => Matches(OptimizationEdges.OwnResultWithOtherWrite, (w, g) => OptimizationEdges.OwnResultWithOtherWriteGradient(w, g));
    [Fact] public void OwnResultFixedIndex() => Matches(OptimizationEdges.OwnResultFixedIndex, (w, g) => OptimizationEdges.OwnResultFixedIndexGradient(w, g));
    [Fact] public void InPlaceWithSavedTemporary() => Matches(p => OptimizationEdges.InPlaceWithSavedTemporary(p, 3), (w, g) => OptimizationEdges.InPlaceWithSavedTemporaryGradient(w, 3, g));
    [Fact] public void InPlaceWithSavedInt() => Matches(p => OptimizationEdges.InPlaceWithSavedInt(p, 3), (w, g) => OptimizationEdges.InPlaceWithSavedIntGradient(w, 3, g));
    [Fact] public void QuotientsInLoop() => Matches(OptimizationEdges.QuotientsInLoop, (w, g) => OptimizationEdges.QuotientsInLoopGradient(w, g));
    [Fact] public void StrideFixedIndex() => Matches(OptimizationEdges.StrideFixedIndex, (w, g) => OptimizationEdges.StrideFixedIndexGradient(w, g));
    [Fact] public void CarriedNotRecomputed() => Matches(OptimizationEdges.CarriedNotRecomputed, (w, g) => OptimizationEdges.CarriedNotRecomputedGradient(w, g));
    [Fact] public void RecomputedRowPlain() => Matches(p => OptimizationEdges.RecomputedRowPlain(p, 3), (w, g) => OptimizationEdges.RecomputedRowPlainGradient(w, 3, g));
    [Fact] public void RecomputedRowCarried() => Matches(p => OptimizationEdges.RecomputedRowCarried(p, 3), (w, g) => OptimizationEdges.RecomputedRowCarriedGradient(w, 3, g));
    [Fact] public void RecomputedRowFromState() => Matches(p => OptimizationEdges.RecomputedRowFromState(p, 3), (w, g) => OptimizationEdges.RecomputedRowFromStateGradient(w, 3, g));
    [Fact] public void RecomputedRowReadAfter() => Matches(p => OptimizationEdges.RecomputedRowReadAfter(p, 3), (w, g) => OptimizationEdges.RecomputedRowReadAfterGradient(w, 3, g));
    [Fact] public void ForwardFixedReads() => Matches(OptimizationEdges.ForwardFixedReads, (w, g) => OptimizationEdges.ForwardFixedReadsGradient(w, g));
    [Fact] public void GuardedReads() => Matches(OptimizationEdges.GuardedReads, (w, g) => OptimizationEdges.GuardedReadsGradient(w, g));
    [Fact] public void RowViews() => Matches(p => OptimizationEdges.RowViews(p, 4), (w, g) => OptimizationEdges.RowViewsGradient(w, 4, g));
    [Fact] public void GateBlocks() => Matches(p => OptimizationEdges.GateBlocks(p, 3), (w, g) => OptimizationEdges.GateBlocksGradient(w, 3, g));
    [Fact] public void GateBlocksTwice() => Matches(OptimizationEdges.GateBlocksTwice, (w, g) => OptimizationEdges.GateBlocksTwiceGradient(w, g));
    [Fact] public void GateBlocksOverlap() => Matches(OptimizationEdges.GateBlocksOverlap, (w, g) => OptimizationEdges.GateBlocksOverlapGradient(w, g));
    [Fact] public void IntegerSteps() => Matches(OptimizationEdges.IntegerSteps, (w, g) => OptimizationEdges.IntegerStepsGradient(w, g));

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    public void IterationRows(int rows)
    {
        Matches(p => OptimizationEdges.RowsPlain(p, rows), (w, g) => OptimizationEdges.RowsPlainGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsShifted(p, rows), (w, g) => OptimizationEdges.RowsShiftedGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsDown(p, rows), (w, g) => OptimizationEdges.RowsDownGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsNested(p, rows), (w, g) => OptimizationEdges.RowsNestedGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsSizeChanged(p, rows), (w, g) => OptimizationEdges.RowsSizeChangedGradient(w, rows, g));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public void IterationRowsLookAlikes(int rows)
    {
        Matches(p => OptimizationEdges.RowsReadBefore(p, rows), (w, g) => OptimizationEdges.RowsReadBeforeGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsCarried(p, rows), (w, g) => OptimizationEdges.RowsCarriedGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsPartial(p, rows), (w, g) => OptimizationEdges.RowsPartialGradient(w, rows, g));
        Matches(p => OptimizationEdges.RowsPushes(p, rows), (w, g) => OptimizationEdges.RowsPushesGradient(w, rows, g));
    }

    [Fact]
    public void IterationRowsFloat()
    {
        float[] w = Array.ConvertAll(W, v => (float)v);
        var g = new float[w.Length];
        OptimizationEdges.RowsFloatGradient(w, 3, g);
        double[] expected = FiniteDifferences.Gradient(p => OptimizationEdges.RowsFloat(Array.ConvertAll(p, v => (float)v), 3), W, relativeStep: 1e-2);
        for (int i = 0; i < w.Length; i++) Assert.Equal(expected[i], g[i], 2e-3);
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 2)]
    public void AliasedElements(int i, int j) =>
        Matches(p => OptimizationEdges.AliasedElements(p, i, j), (w, g) => OptimizationEdges.AliasedElementsGradient(w, i, j, g));
}
