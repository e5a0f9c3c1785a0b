using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiff.CompilerServices;

/// <summary>
/// The stack that generated gradients use to save values their reverse sweep needs (overwritten
/// variables, branch decisions, loop trip counts) and the exact-length scratch arrays that stand in
/// for local arrays. Tapes are pooled per thread, so a gradient call allocates nothing in steady state.
/// </summary>
/// <remarks>Used by generated code only; not part of the public contract.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GradientTape
{
    [ThreadStatic] private static GradientTape? t_free;

    private double[] _values = new double[256];
    private int _valueCount;
    private int[] _ints = new int[64];
    private int _intCount;
    private int[]?[] _intArrays = new int[]?[4];
    private int _intArraysUsed;
    private double[]?[] _doubleArrays = new double[]?[4];
    private int _doubleArraysUsed;
    private float[]?[] _floatArrays = new float[]?[4];
    private int _floatArraysUsed;
    private GradientTape? _next;

    private GradientTape() { }

    /// <summary>Takes an empty tape from this thread's pool (recursion takes one per level).</summary>
    public static GradientTape Rent()
    {
        GradientTape? tape = t_free;
        if (tape is null) return new GradientTape();
        t_free = tape._next;
        tape._next = null;
        return tape;
    }

    /// <summary>Gives the tape back to this thread's pool.</summary>
    public static void Return(GradientTape tape)
    {
        tape._valueCount = 0;
        tape._intCount = 0;
        tape._doubleArraysUsed = 0;
        tape._intArraysUsed = 0;
        tape._floatArraysUsed = 0;
        tape._next = t_free;
        t_free = tape;
    }

    /// <summary>Saves a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        if (_valueCount == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_valueCount++] = value;
    }

    /// <summary>Saves a value (a float is stored exactly as a double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float value) => Push((double)value);

    /// <summary>Restores the last saved double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => _values[--_valueCount];

    /// <summary>Restores the last saved float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float PopFloat() => (float)_values[--_valueCount];

    /// <summary>Saves every element of a span, first to last.</summary>
    public void PushAll(ReadOnlySpan<double> values)
    {
        while (_valueCount + values.Length > _values.Length) Array.Resize(ref _values, _values.Length * 2);
        values.CopyTo(_values.AsSpan(_valueCount));
        _valueCount += values.Length;
    }

    /// <summary>Saves every element of a span, first to last.</summary>
    public void PushAll(ReadOnlySpan<float> values)
    {
        while (_valueCount + values.Length > _values.Length) Array.Resize(ref _values, _values.Length * 2);
        for (int i = 0; i < values.Length; i++) _values[_valueCount + i] = values[i];
        _valueCount += values.Length;
    }

    /// <summary>Restores a span saved by <see cref="PushAll(ReadOnlySpan{double})"/>.</summary>
    public void PopAll(Span<double> values)
    {
        _valueCount -= values.Length;
        _values.AsSpan(_valueCount, values.Length).CopyTo(values);
    }

    /// <summary>Restores a span saved by <see cref="PushAll(ReadOnlySpan{float})"/>.</summary>
    public void PopAll(Span<float> values)
    {
        _valueCount -= values.Length;
        for (int i = 0; i < values.Length; i++) values[i] = (float)_values[_valueCount + i];
    }

    /// <summary>Saves an integer (a trip count, a branch taken, an overwritten counter).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void PushInt(int value)
    {
        if (_intCount == _ints.Length) Array.Resize(ref _ints, _ints.Length * 2);
        _ints[_intCount++] = value;
    }

    /// <summary>Restores the last saved integer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int PopInt() => _ints[--_intCount];

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements, reused across calls.</summary>
    public double[] RentDoubles(int length) => RentArray(ref _doubleArrays, ref _doubleArraysUsed, length);

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements, reused across calls.</summary>
    public float[] RentFloats(int length) => RentArray(ref _floatArrays, ref _floatArraysUsed, length);

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

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements, reused across calls.</summary>
    public int[] RentInts(int length) => RentArray(ref _intArrays, ref _intArraysUsed, length);

    /// <summary>Throws the contract's error for an adjoint span whose length differs from its primal.</summary>
    public static void ThrowLengthMismatch(string adjoint, string primal, int adjointLength, int primalLength) =>
        throw new ArgumentException(
            $"The adjoint '{adjoint}' has length {adjointLength} but '{primal}' has length {primalLength}; pass a span of the same length.",
            adjoint);
}
