using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using AutoDiff.Training;

namespace DigitsTrainer;

/// <summary>The UCI handwritten digits (Data/digits.csv.gz): 1797 rows of 64 pixel values 0..16, then the label 0..9.</summary>
public static class DigitsData
{
    public const int Features = 64;

    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "Data", "digits.csv.gz");

    /// <summary>Reads the gzip CSV (no header) into row-major features and labels.</summary>
    public static (double[] Features, double[] Labels) Load(string path)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress));
        var features = new List<double>(1797 * Features);
        var labels = new List<double>(1797);
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            string[] fields = line.Split(',');
            if (fields.Length != Features + 1)
                throw new InvalidDataException($"{path}, line {lineNumber}: expected {Features + 1} comma-separated values, found {fields.Length}.");
            for (int j = 0; j < Features; j++) features.Add(double.Parse(fields[j], CultureInfo.InvariantCulture));
            labels.Add(int.Parse(fields[Features], CultureInfo.InvariantCulture));
        }
        return (features.ToArray(), labels.ToArray());
    }

    /// <summary>Shuffles rows with <paramref name="seed"/> and puts <paramref name="testFraction"/> of them in the test set.</summary>
    public static (Dataset Train, Dataset Test) Split(double[] features, double[] labels, double testFraction, int seed)
    {
        int n = labels.Length, d = features.Length / n;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        new Random(seed).Shuffle(order);

        var shuffledFeatures = new double[features.Length];
        var shuffledLabels = new double[n];
        for (int i = 0; i < n; i++)
        {
            features.AsSpan(order[i] * d, d).CopyTo(shuffledFeatures.AsSpan(i * d, d));
            shuffledLabels[i] = labels[order[i]];
        }

        int testCount = (int)Math.Round(n * testFraction);
        int trainCount = n - testCount;
        return (new Dataset(shuffledFeatures.AsMemory(0, trainCount * d), shuffledLabels.AsMemory(0, trainCount)),
                new Dataset(shuffledFeatures.AsMemory(trainCount * d), shuffledLabels.AsMemory(trainCount)));
    }

    /// <summary>
    /// Scales every feature to mean 0 and standard deviation 1 using the training set's statistics
    /// only (no peeking at the test set). Pixels that are constant in training are only centered.
    /// </summary>
    public static (Dataset Train, Dataset Test) Standardize(Dataset train, Dataset test)
    {
        int d = train.FeatureCount;
        var mean = new double[d];
        var scale = new double[d];
        for (int i = 0; i < train.Count; i++)
        {
            ReadOnlySpan<double> row = train.Row(i);
            for (int j = 0; j < d; j++) mean[j] += row[j];
        }
        for (int j = 0; j < d; j++) mean[j] /= train.Count;
        for (int i = 0; i < train.Count; i++)
        {
            ReadOnlySpan<double> row = train.Row(i);
            for (int j = 0; j < d; j++) scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
        }
        for (int j = 0; j < d; j++)
        {
            double std = Math.Sqrt(scale[j] / train.Count);
            scale[j] = std > 1e-12 ? 1 / std : 1;
        }

        return (Apply(train), Apply(test));

        Dataset Apply(Dataset data)
        {
            var x = new double[data.Count * d];
            for (int i = 0; i < data.Count; i++)
            {
                ReadOnlySpan<double> row = data.Row(i);
                for (int j = 0; j < d; j++) x[i * d + j] = (row[j] - mean[j]) * scale[j];
            }
            return new Dataset(x, data.Targets);
        }
    }
}
