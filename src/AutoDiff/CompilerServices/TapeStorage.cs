using System;
using System.ComponentModel;

namespace AutoDiff.CompilerServices;

/// <summary>
/// The pooled memory behind a <see cref="GradientTape"/>: the value and integer stacks and the
/// exact-length scratch arrays. One per call level and thread, reused, so gradients allocate nothing
/// in steady state.
/// </summary>
/// <remarks>Used by generated code only; not part of the public contract.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class TapeStorage
{
    [ThreadStatic] private static TapeStorage? t_free;

    internal double[] Values = new double[256];
    internal int[] Ints = new int[64];
    private int[]?[] _intArrays = new int[]?[4];
    private int _intArraysUsed;
    private double[]?[] _doubleArrays = new double[]?[4];
    private int _doubleArraysUsed;
    private float[]?[] _floatArrays = new float[]?[4];
    private int _floatArraysUsed;
    private TapeStorage? _next;

    private TapeStorage() { }

    /// <summary>Takes storage from this thread's pool (recursion takes one per level).</summary>
    internal static TapeStorage Rent()
    {
        TapeStorage? storage = t_free;
        if (storage is null) return new TapeStorage();
        t_free = storage._next;
        storage._next = null;
        return storage;
    }

    /// <summary>Keeps the (possibly grown) stacks and goes back to this thread's pool.</summary>
    internal void Return(double[] values, int[] ints)
    {
        Values = values;
        Ints = ints;
        _doubleArraysUsed = 0;
        _intArraysUsed = 0;
        _floatArraysUsed = 0;
        _next = t_free;
        t_free = this;
    }

    internal double[] RentDoubles(int length) => RentArray(ref _doubleArrays, ref _doubleArraysUsed, length);
    internal float[] RentFloats(int length) => RentArray(ref _floatArrays, ref _floatArraysUsed, length);
    internal int[] RentInts(int length) => RentArray(ref _intArrays, ref _intArraysUsed, length);

    // Calls rent in the same order every time, so slot k gets back the array of the same length.
    private static T[] RentArray<T>(ref T[]?[] slots, ref int used, int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length), length, "An array length cannot be negative.");
        if (used == slots.Length) Array.Resize(ref slots, slots.Length * 2);
        T[]? array = slots[used];
        if (array is null || array.Length != length) slots[used] = array = new T[length];
        else Array.Clear(array, 0, length);
        used++;
        return array;
    }
}
