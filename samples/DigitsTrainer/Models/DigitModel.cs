using System;
using AutoDiff;

namespace DigitsTrainer.Models;

/// <summary>Predicts a class from one sample's features.</summary>
public delegate int Classifier(ReadOnlySpan<double> parameters, ReadOnlySpan<double> features);

/// <summary>What the trainer needs to know about a model.</summary>
public sealed record DigitModel(
    string Name, int ParameterCount, SampleGradient Gradient, Classifier Predict, Action<double[], Random> Initialize)
{
    public static DigitModel Create(string name) => name switch
    {
        // LossGradient is emitted at build time by the AutoDiff generator from the [Differentiable] Loss.
        "softmax" => new(name, SoftmaxRegression.ParameterCount, SoftmaxRegression.LossGradient,
            SoftmaxRegression.Predict, (p, random) => SoftmaxRegression.Initialize(p, random)),
        "mlp" => new(name, Mlp.ParameterCount, Mlp.LossGradient,
            Mlp.Predict, (p, random) => Mlp.Initialize(p, random)),
        _ => throw new ArgumentException($"Unknown model '{name}'; use softmax or mlp.", nameof(name)),
    };
}
