using System;
using System.Globalization;
using AutoDiff.Training;
using Spectre.Console;

namespace DigitsTrainer;

/// <summary>A live Spectre.Console bar on a terminal; plain lines, one per epoch, when output is redirected (CI, files).</summary>
public static class ProgressDisplay
{
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="train"/> with a progress sink that fits the console.</summary>
    public static TrainingResult Run(long totalSteps, int epochs, Func<IProgress<TrainingProgress>, TrainingResult> train)
    {
        if (!IsInteractive) return train(new LineProgress(epochs));

        TrainingResult result = null!;
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                     new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask($"epoch 0/{epochs}", maxValue: totalSteps);
                result = train(new BarProgress(task, epochs));
                task.Value = task.MaxValue;
            });
        return result;
    }

    /// <summary>One line per epoch for logs.</summary>
    public static string Describe(TrainingProgress p, int epochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch,3}/{epochs}  train loss {p.Loss:F4}  test loss {p.ValidationLoss:F4}  test accuracy {p.Metric:P2}  lr {p.LearningRate:G4}");

    /// <summary>Short enough to leave room for the bar in an 80-column terminal.</summary>
    private static string Summarize(TrainingProgress p, int epochs) => string.Create(CultureInfo.InvariantCulture,
        $"epoch {p.Epoch}/{epochs}  loss {p.Loss:F4}  test acc {p.Metric:P1}");

    private sealed class BarProgress(ProgressTask task, int epochs) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            task.Value = value.Step;
            if (value.IsEpochEnd) task.Description = Summarize(value, epochs);
        }
    }

    private sealed class LineProgress(int epochs) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.IsEpochEnd) Console.WriteLine(Describe(value, epochs));
        }
    }
}
