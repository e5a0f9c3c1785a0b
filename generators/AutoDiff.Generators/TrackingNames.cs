namespace AutoDiff.Generators;

/// <summary>Names of the pipeline steps, so tests can prove that each one is cached.</summary>
public static class TrackingNames
{
    public const string Extract = nameof(Extract);
    public const string Options = nameof(Options);
    public const string Differentiate = nameof(Differentiate);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Emit = nameof(Emit);
}
