using System;
using System.Globalization;

namespace DigitsTrainer;

/// <summary>Command-line options. Unset numbers get per-model and per-optimizer defaults.</summary>
public sealed class Options
{
    public const string Usage = """
        Trains a classifier for the UCI handwritten digits (8x8 images, 10 classes) with AutoDiff.

        Usage: DigitsTrainer [options]

          --model softmax|mlp        softmax regression or a 32-unit tanh MLP          (default: mlp)
          --optimizer NAME           sgd | momentum | nesterov | adam | lbfgs          (default: adam)
          --epochs N                 epochs; for lbfgs, iterations                     (default: softmax 30, mlp 40, lbfgs 150)
          --batch-size N             samples per step; lbfgs always uses all           (default: 32)
          --learning-rate X          base rate, cosine-annealed over the epochs        (default: adam 0.01 softmax / 0.005 mlp,
                                                                                        sgd 0.1, momentum/nesterov 0.02)
          --weight-decay X           L2 weight decay                                   (default: 0.001)
          --threads N                worker threads for the gradient; -1 = all cores   (default: -1)
          --seed N                   weight initialization and shuffling               (default: 42)
          --checkpoint PATH          write a checkpoint there after every epoch and on Ctrl+C
          --resume                   continue from --checkpoint (same options as the run that wrote it)
          --plot PATH                loss and accuracy curves as PNG                   (default: out/digits-<model>.png)
          -h, --help                 show this help

        The 80/20 train/test split is fixed, so runs with different seeds are compared on the same test set.
        """;

    public string Model { get; private set; } = "mlp";
    public string Optimizer { get; private set; } = "adam";
    public int? Epochs { get; private set; }
    public int BatchSize { get; private set; } = 32;
    public double? LearningRate { get; private set; }
    public double WeightDecay { get; private set; } = 1e-3;
    public int Threads { get; private set; } = -1;
    public ulong Seed { get; private set; } = 42;
    public string? CheckpointPath { get; private set; }
    public bool Resume { get; private set; }
    public string? PlotPath { get; private set; }
    public bool Help { get; private set; }

    public int EpochsOrDefault => Epochs ?? (Optimizer == "lbfgs" ? 150 : Model == "softmax" ? 30 : 40);

    public double LearningRateOrDefault => LearningRate ?? Optimizer switch
    {
        "sgd" => 0.1,
        "momentum" or "nesterov" => 0.02,
        _ => Model == "softmax" ? 0.01 : 0.005,
    };

    public string PlotPathOrDefault => PlotPath ?? System.IO.Path.Combine("out", $"digits-{Model}.png");

    /// <summary>Parses <paramref name="args"/>; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static Options Parse(string[] args)
    {
        var options = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            switch (name)
            {
                case "-h" or "--help": options.Help = true; break;
                case "--resume": options.Resume = true; break;
                case "--model": options.Model = OneOf(Value(), "softmax", "mlp"); break;
                case "--optimizer": options.Optimizer = OneOf(Value(), "sgd", "momentum", "nesterov", "adam", "lbfgs"); break;
                case "--epochs": options.Epochs = Integer(1); break;
                case "--batch-size": options.BatchSize = Integer(1); break;
                case "--learning-rate": options.LearningRate = Real(positive: true); break;
                case "--weight-decay": options.WeightDecay = Real(positive: false); break;
                case "--threads":
                    options.Threads = Integer(-1);
                    if (options.Threads == 0) throw new ArgumentException("--threads must be -1 (all cores) or at least 1.");
                    break;
                case "--seed":
                    options.Seed = ulong.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed)
                        ? seed : throw new ArgumentException($"--seed needs a non-negative integer, not '{args[i]}'.");
                    break;
                case "--checkpoint": options.CheckpointPath = Value(); break;
                case "--plot": options.PlotPath = Value(); break;
                default: throw new ArgumentException($"Unknown option '{name}'. Run with --help for the list.");
            }

            string Value() => ++i < args.Length ? args[i] : throw new ArgumentException($"{name} needs a value.");

            int Integer(int minimum)
            {
                string text = Value();
                return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) && value >= minimum
                    ? value : throw new ArgumentException($"{name} needs an integer of at least {minimum}, not '{text}'.");
            }

            double Real(bool positive)
            {
                string text = Value();
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                       && double.IsFinite(value) && (positive ? value > 0 : value >= 0)
                    ? value : throw new ArgumentException($"{name} needs a {(positive ? "positive" : "non-negative")} number, not '{text}'.");
            }

            string OneOf(string value, params string[] allowed) => Array.IndexOf(allowed, value) >= 0
                ? value : throw new ArgumentException($"{name} must be one of {string.Join(", ", allowed)}, not '{value}'.");
        }

        if (options.Resume && options.CheckpointPath is null)
            throw new ArgumentException("--resume needs --checkpoint PATH: the file to continue from.");
        return options;
    }
}
