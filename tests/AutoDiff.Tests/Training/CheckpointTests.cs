using System;
using System.IO;
using AutoDiff.Training;
using Xunit;

namespace AutoDiff.Tests.Training;

public class CheckpointTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Dataset _data = Problems.LinearData(40, new[] { 1.0, -2.0 }, 0.5);

    public void Dispose() => _directory.Dispose();

    private Trainer Trainer(Optimizer? optimizer = null, int epochs = 3, string? path = null, int batchSize = 8) =>
        new(Problems.LeastSquares, optimizer ?? new Adam(0.05)) { Epochs = epochs, BatchSize = batchSize, Seed = 11, CheckpointPath = path };

    /// <summary>Trains 3 epochs with checkpoints and returns the file and the final parameters.</summary>
    private (string Path, double[] Parameters) Written()
    {
        string path = _directory.File("run.ckpt");
        var parameters = new double[3];
        Trainer(path: path).Fit(parameters, _data);
        return (path, parameters);
    }

    private static double[] Sentinel(int length)
    {
        var values = new double[length];
        Array.Fill(values, 42.0);
        return values;
    }

    [Fact]
    public void A_checkpoint_round_trips_parameters_and_position()
    {
        (string path, double[] trained) = Written();
        double[] loaded = Sentinel(3);

        TrainingResult result = Trainer().Resume(path, loaded, _data);

        Problems.AssertBitwiseEqual(trained, loaded);
        Assert.Equal(3, result.Epochs);
        Assert.Equal(15, result.Steps);        // 3 epochs of 5 batches
        Assert.Empty(result.History);          // nothing left to do
    }

    [Fact]
    public void Writing_replaces_the_file_and_leaves_no_temporary_behind()
    {
        (string path, _) = Written();
        long before = new FileInfo(path).Length;
        Trainer(path: path).Fit(new double[3], _data);

        Assert.Equal(before, new FileInfo(path).Length);
        Assert.Equal(new[] { path }, Directory.GetFiles(_directory.Path));
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var error = Assert.Throws<CheckpointException>(() => Trainer().Resume(_directory.File("nope.ckpt"), new double[3], _data));
        Assert.Contains("does not exist", error.Message);
    }

    [Theory]
    [InlineData("hello, I am a CSV file\n1,2,3\n")]
    [InlineData("")]
    public void A_foreign_file_is_rejected(string contents)
    {
        string path = _directory.File("foreign.ckpt");
        File.WriteAllText(path, contents);
        double[] parameters = Sentinel(3);

        var error = Assert.Throws<CheckpointException>(() => Trainer().Resume(path, parameters, _data));

        Assert.Contains("not an AutoDiff checkpoint", error.Message);
        Assert.Equal(Sentinel(3), parameters);
    }

    [Theory]
    [InlineData(10)]    // inside the header
    [InlineData(60)]    // inside the payload
    [InlineData(1)]     // only the checksum's last byte missing
    public void A_truncated_file_is_rejected_and_the_parameters_are_untouched(int keepOrDrop)
    {
        (string path, _) = Written();
        byte[] bytes = File.ReadAllBytes(path);
        int length = keepOrDrop == 1 ? bytes.Length - 1 : keepOrDrop;
        File.WriteAllBytes(path, bytes.AsSpan(0, length).ToArray());
        double[] parameters = Sentinel(3);

        var error = Assert.Throws<CheckpointException>(() => Trainer().Resume(path, parameters, _data));

        Assert.Contains("truncated", error.Message);
        Assert.Equal(Sentinel(3), parameters);
    }

    [Fact]
    public void A_flipped_bit_fails_the_checksum()
    {
        (string path, _) = Written();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CheckpointException>(() => Trainer().Resume(path, Sentinel(3), _data));
        Assert.Contains("checksum", error.Message);
    }

    [Fact]
    public void A_newer_format_version_is_rejected_by_name()
    {
        (string path, _) = Written();
        byte[] bytes = File.ReadAllBytes(path);
        bytes[8] = 99;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<CheckpointException>(() => Trainer().Resume(path, Sentinel(3), _data));
        Assert.Contains("format version 99", error.Message);
    }

    [Fact]
    public void A_different_parameter_count_is_rejected()
    {
        (string path, _) = Written();
        double[] parameters = Sentinel(4);

        var error = Assert.Throws<CheckpointException>(() => Trainer().Resume(path, parameters, _data));

        Assert.Contains("parameter count was 3", error.Message);
        Assert.Contains("is 4 now", error.Message);
        Assert.Equal(Sentinel(4), parameters);
    }

    [Theory]
    [InlineData("sgd")]
    [InlineData("adam-rate")]
    [InlineData("lbfgs")]
    public void A_different_optimizer_is_rejected(string kind)
    {
        (string path, _) = Written();
        Optimizer other = kind switch { "sgd" => new Sgd(0.05), "adam-rate" => new Adam(0.01), _ => new Lbfgs() };

        var error = Assert.Throws<CheckpointException>(() => Trainer(other).Resume(path, Sentinel(3), _data));

        Assert.Contains("the optimizer was Adam(learningRate=0.05", error.Message);
    }

    [Fact]
    public void Different_data_or_batch_size_is_rejected()
    {
        (string path, _) = Written();
        Dataset other = Problems.LinearData(41, new[] { 1.0, -2.0 }, 0.5);

        Assert.Contains("training samples", Assert.Throws<CheckpointException>(() => Trainer().Resume(path, new double[3], other)).Message);
        Assert.Contains("BatchSize", Assert.Throws<CheckpointException>(() => Trainer(batchSize: 4).Resume(path, new double[3], _data)).Message);
    }
}
