using System.Collections.Generic;
using System.IO;
using System.Linq;
using AutoDiff.Training;
using ScottPlot;

namespace DigitsTrainer;

/// <summary>Loss (left axis) and test accuracy (right axis) per epoch, saved as a PNG without any display.</summary>
public static class TrainingPlot
{
    public static void Save(IReadOnlyList<TrainingProgress> history, string title, string path)
    {
        double[] epochs = history.Select(h => (double)h.Epoch).ToArray();
        var plot = new Plot();

        var train = plot.Add.Scatter(epochs, history.Select(h => h.Loss).ToArray());
        train.LegendText = "train loss";
        var test = plot.Add.Scatter(epochs, history.Select(h => h.ValidationLoss ?? double.NaN).ToArray());
        test.LegendText = "test loss";
        var accuracy = plot.Add.Scatter(epochs, history.Select(h => 100 * (h.Metric ?? double.NaN)).ToArray());
        accuracy.LegendText = "test accuracy (right axis)";
        accuracy.Axes.YAxis = plot.Axes.Right;

        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "epoch";
        plot.Axes.Left.Label.Text = "mean cross-entropy";
        plot.Axes.Right.Label.Text = "test accuracy (%)";
        plot.Legend.Alignment = Alignment.MiddleRight;
        plot.ShowLegend();

        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        plot.SavePng(path, 1000, 560);
    }
}
