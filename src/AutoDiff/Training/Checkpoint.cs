using System;
using System.Buffers.Binary;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace AutoDiff.Training;

/// <summary>
/// The checkpoint file: everything a <see cref="TrainingRun"/> needs to continue bit for bit.
/// <code>
/// "ADIFFCKP"            8 bytes, magic
/// int32                 format version
/// int64                 payload length
/// payload               settings, training state, parameters, optimizer state (little-endian)
/// SHA-256               32 bytes, over everything before it
/// </code>
/// </summary>
internal static class Checkpoint
{
    private static ReadOnlySpan<byte> Magic => "ADIFFCKP"u8;
    private const int FormatVersion = 1;
    private const int HeaderLength = 8 + 4 + 8;
    private const int HashLength = 32;

    /// <summary>Writes to a temporary file next to <paramref name="path"/> and renames it over the old one, so a crash never leaves a half-written checkpoint.</summary>
    public static void Write(string path, TrainingRun run, ReadOnlySpan<double> parameters)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(0L); // payload length, patched below
            run.Settings.Write(writer);
            run.WriteState(writer);
            WriteDoubles(writer, parameters);
            run.Optimizer.WriteState(writer);
            writer.Flush();
            long payloadLength = buffer.Length - HeaderLength;
            buffer.Position = 12;
            writer.Write(payloadLength);
            writer.Flush();
        }

        byte[] bytes = buffer.GetBuffer();
        int length = (int)buffer.Length;
        byte[] hash = SHA256.HashData(bytes.AsSpan(0, length));

        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = fullPath + ".tmp";
        using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes, 0, length);
            file.Write(hash);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, fullPath, overwrite: true);
    }

    /// <summary>
    /// Checks the file and that it was written by a run with <paramref name="run"/>'s settings, then
    /// loads the training state, <paramref name="parameters"/> and the optimizer state. Throws
    /// <see cref="CheckpointException"/> if the file is foreign, damaged or mismatched, and then
    /// leaves <paramref name="parameters"/> unchanged.
    /// </summary>
    public static void Read(string path, TrainingRun run, Span<double> parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (FileNotFoundException)
        {
            throw new CheckpointException($"Checkpoint '{path}' does not exist. Pass the path a run wrote with Trainer.CheckpointPath, or start afresh with Fit.");
        }

        if (bytes.Length < Magic.Length || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new CheckpointException($"'{path}' is not an AutoDiff checkpoint: it does not start with \"ADIFFCKP\".");
        if (bytes.Length < HeaderLength)
            throw new CheckpointException($"Checkpoint '{path}' is truncated: {bytes.Length} bytes, not even a header. Resume from an older checkpoint or start afresh with Fit.");

        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        if (version != FormatVersion)
            throw new CheckpointException($"Checkpoint '{path}' has format version {version}; this build reads version {FormatVersion}.");

        long payloadLength = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        long expectedLength = HeaderLength + payloadLength + HashLength;
        if (payloadLength < 0 || bytes.Length < expectedLength)
            throw new CheckpointException($"Checkpoint '{path}' is truncated: {bytes.Length} bytes, expected {expectedLength}. Resume from an older checkpoint or start afresh with Fit.");
        if (bytes.Length > expectedLength)
            throw new CheckpointException($"Checkpoint '{path}' is corrupted: {bytes.Length - expectedLength} unexpected bytes after the end.");

        int hashed = (int)(HeaderLength + payloadLength);
        if (!SHA256.HashData(bytes.AsSpan(0, hashed)).AsSpan().SequenceEqual(bytes.AsSpan(hashed, HashLength)))
            throw new CheckpointException($"Checkpoint '{path}' is corrupted: its SHA-256 checksum does not match its contents.");

        using var reader = new BinaryReader(new MemoryStream(bytes, HeaderLength, (int)payloadLength), Encoding.UTF8);
        try
        {
            RunSettings.Read(reader).ThrowIfDifferent(run.Settings, path);
            var loaded = new double[parameters.Length];
            run.ReadState(reader);
            ReadDoubles(reader, loaded);
            run.Optimizer.ReadState(reader);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                throw new InvalidDataException("unexpected bytes after the optimizer state");
            loaded.CopyTo(parameters);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new CheckpointException($"Checkpoint '{path}' is corrupted: {e.Message}.");
        }
    }

    public static void WriteDoubles(BinaryWriter writer, ReadOnlySpan<double> values)
    {
        foreach (double value in values) writer.Write(value);
    }

    public static void ReadDoubles(BinaryReader reader, Span<double> values)
    {
        for (int i = 0; i < values.Length; i++) values[i] = reader.ReadDouble();
    }
}
