namespace AutoDiff;

/// <summary>Functions that steer differentiation inside <see cref="DifferentiableAttribute"/> methods.</summary>
public static class Ad
{
    /// <summary>Returns <paramref name="value"/>; its derivative is treated as zero.</summary>
    public static double StopGradient(double value) => value;

    /// <summary>Returns <paramref name="value"/>; its derivative is treated as zero.</summary>
    public static float StopGradient(float value) => value;
}
