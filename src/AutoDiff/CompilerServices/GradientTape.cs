using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace AutoDiff.CompilerServices;

/// <summary>
/// The stack that a generated gradient uses to save what its reverse sweep needs (overwritten
/// values, branch decisions, loop trip counts), and its source of scratch arrays for local arrays.
/// A struct held in a local, so the stack tops sit in the method's frame, not behind a reference;
/// the memory comes from a per-thread pool (<see cref="TapeStorage"/>), so a gradient call
/// allocates nothing in steady state.
/// </summary>
/// <remarks>Used by generated code only; not part of the public contract.</remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct GradientTape
{
    private readonly TapeStorage _storage;
    private double[] _values;
    private int _count;
    private int[] _ints;
    private int _intCount;

    private GradientTape(TapeStorage storage)
    {
        _storage = storage;
        _values = storage.Values;
        _ints = storage.Ints;
        _count = 0;
        _intCount = 0;
    }

    /// <summary>An empty tape on this thread's pooled storage.</summary>
    public static GradientTape Rent() => new(TapeStorage.Rent());

    /// <summary>Gives the storage back to this thread's pool; the tape must not be used afterwards.</summary>
    public readonly void Return() => _storage.Return(_values, _ints);

    /// <summary>Saves a value.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(double value)
    {
        if (_count == _values.Length) Array.Resize(ref _values, _values.Length * 2);
        _values[_count++] = value;
    }

    /// <summary>Saves a value (a float is stored exactly as a double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Push(float value) => Push((double)value);

    /// <summary>Restores the last saved double.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double PopDouble() => _values[--_count];

    /// <summary>Restores the last saved float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public float PopFloat() => (float)_values[--_count];

    /// <summary>Saves every element of a span, first to last.</summary>
    public void PushAll(ReadOnlySpan<double> values)
    {
        EnsureRoom(values.Length);
        values.CopyTo(_values.AsSpan(_count));
        _count += values.Length;
    }

    /// <summary>Saves every element of a span, first to last.</summary>
    public void PushAll(ReadOnlySpan<float> values)
    {
        EnsureRoom(values.Length);
        for (int i = 0; i < values.Length; i++) _values[_count + i] = values[i];
        _count += values.Length;
    }

    /// <summary>Restores a span saved by <see cref="PushAll(ReadOnlySpan{double})"/>.</summary>
    public void PopAll(Span<double> values)
    {
        _count -= values.Length;
        _values.AsSpan(_count, values.Length).CopyTo(values);
    }

    /// <summary>
    /// Removes the last <paramref name="count"/> saved values and returns them, first to last, as a
    /// view of the tape instead of a copy. The view is valid until the next push. Generated code
    /// restores an array element by element from it inside the loop that reads the elements, which is
    /// faster than copying the whole array back first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<double> PopAllView(int count)
    {
        _count -= count;
        return new ReadOnlySpan<double>(_values, _count, count);
    }

    /// <summary>
    /// Reserves <paramref name="count"/> values for the rows of a local array that each iteration of a
    /// loop rewrites whole (row <c>k</c> holds iteration <c>k</c>'s copy) and returns where they start.
    /// The rows are written through <see cref="Row"/> views, so nothing else may be pushed while they are.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReserveRows(int count)
    {
        EnsureRoom(count);
        int start = _count;
        _count += count;
        return start;
    }

    /// <summary>Gives back the rows of <see cref="ReserveRows"/> (their values stay readable until the next push) and returns where they start.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReleaseRows(int count) => _count -= count;

    /// <summary>Grows the value stack, doubling, until <paramref name="count"/> more values fit.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void EnsureRoom(int count)
    {
        while (_count + count > _values.Length) Array.Resize(ref _values, _values.Length * 2);
    }

    /// <summary>A view of <paramref name="length"/> reserved values at <paramref name="start"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly Span<double> Row(int start, int length) => new(_values, start, length);

    /// <summary>Restores a span saved by <see cref="PushAll(ReadOnlySpan{float})"/>.</summary>
    public void PopAll(Span<float> values)
    {
        _count -= values.Length;
        for (int i = 0; i < values.Length; i++) values[i] = (float)_values[_count + i];
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
    public readonly double[] RentDoubles(int length) => _storage.RentDoubles(length);

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements, reused across calls.</summary>
    public readonly float[] RentFloats(int length) => _storage.RentFloats(length);

    /// <summary>A zeroed array of exactly <paramref name="length"/> elements, reused across calls.</summary>
    public readonly int[] RentInts(int length) => _storage.RentInts(length);

    /// <summary>Throws the contract's error for an adjoint span whose length differs from its primal.</summary>
    public static void ThrowLengthMismatch(string adjoint, string primal, int adjointLength, int primalLength) =>
        throw new ArgumentException(
            $"The adjoint '{adjoint}' has length {adjointLength} but '{primal}' has length {primalLength}; pass a span of the same length.",
            adjoint);
}
