using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Threading;
using AutoDiff.Training;
using DigitsTrainer;
using DigitsTrainer.Models;

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(Options.Usage);
    return 0;
}

var clock = Stopwatch.StartNew();
(double[] pixels, double[] labels) = DigitsData.Load(DigitsData.DefaultPath);
(Dataset train, Dataset test) = DigitsData.Split(pixels, labels, testFraction: 0.2, seed: 2024);
(train, test) = DigitsData.Standardize(train, test);

DigitModel model = DigitModel.Create(options.Model);
var parameters = new double[model.ParameterCount];
model.Initialize(parameters, new Random(unchecked((int)options.Seed)));

int epochs = options.EpochsOrDefault;
double rate = options.LearningRateOrDefault;
bool lbfgs = options.Optimizer == "lbfgs";
Optimizer optimizer = options.Optimizer switch
{
    "sgd" => new Sgd(rate),
    "momentum" => new Momentum(rate, 0.9),
    "nesterov" => new Momentum(rate, 0.9, nesterov: true),
    "lbfgs" => new Lbfgs(),
    _ => new Adam(rate),
};
var trainer = new Trainer(model.Gradient, optimizer)
{
    Epochs = epochs,
    BatchSize = options.BatchSize,
    Seed = options.Seed,
    Schedule = lbfgs ? null : LearningRate.Cosine(epochs, minimumRate: rate / 100),
    WeightDecay = options.WeightDecay,
    MaxDegreeOfParallelism = options.Threads,
    Validation = test,
    Metric = (p, data) => Accuracy(model, p, data),
    CheckpointPath = options.CheckpointPath,
};

Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{model.Name}: {model.ParameterCount} parameters, {train.Count} training / {test.Count} test samples, {optimizer}, {epochs} epochs"));

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;   // let the trainer stop between steps and write its checkpoint
    cancellation.Cancel();
};

long batchesPerEpoch = lbfgs ? 1 : (train.Count + options.BatchSize - 1) / options.BatchSize;
TrainingResult result;
try
{
    result = ProgressDisplay.Run(epochs * batchesPerEpoch, epochs, progress => options.Resume
        ? trainer.Resume(options.CheckpointPath!, parameters, train, progress, cancellation.Token)
        : trainer.Fit(parameters, train, progress, cancellation.Token));
}
catch (OperationCanceledException)
{
    Console.WriteLine(options.CheckpointPath is null
        ? "Cancelled."
        : $"Cancelled. Continue with the same options plus --resume; checkpoint: {options.CheckpointPath}");
    return 130;
}
catch (Exception e) when (e is NonFiniteLossException or CheckpointException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

double testAccuracy = Accuracy(model, parameters, test);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Stopped: {result.StopReason} after {result.Epochs} epochs, {result.Steps} steps, {clock.Elapsed.TotalSeconds:F1} s"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Train accuracy {Accuracy(model, parameters, train):P2}, held-out test accuracy {testAccuracy:P2}"));

if (result.History.Count > 0)
{
    string plotPath = options.PlotPathOrDefault;
    TrainingPlot.Save(result.History, $"Digits, {model.Name}, {options.Optimizer}: test accuracy {testAccuracy:P1}", plotPath);
    Console.WriteLine($"Curves: {Path.GetFullPath(plotPath)}");
}
return 0;

static double Accuracy(DigitModel model, ReadOnlySpan<double> parameters, Dataset data)
{
    int correct = 0;
    ReadOnlySpan<double> labels = data.Targets.Span;
    for (int i = 0; i < data.Count; i++)
        if (model.Predict(parameters, data.Row(i)) == (int)labels[i]) correct++;
    return (double)correct / data.Count;
}
