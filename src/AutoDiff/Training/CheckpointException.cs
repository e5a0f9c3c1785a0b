using System.IO;

namespace AutoDiff.Training;

/// <summary>A checkpoint file is not an AutoDiff checkpoint, is damaged, or does not match the trainer resuming from it.</summary>
public sealed class CheckpointException : IOException
{
    /// <summary>Creates the exception with a message that names the file and the problem.</summary>
    public CheckpointException(string message) : base(message) { }
}
