using System;
using System.Globalization;
using System.Reflection;
using System.Runtime.Versioning;
using AutoDiff;

namespace PackageSmoke;

/// <summary>
/// Consumer of the AutoDiff.SourceGen package: calls the generated gradients and pullbacks
/// (contract section 2) and the minibatch driver (section 5), compares them with the analytic
/// derivatives and with central finite differences, and exits with 1 on any mismatch.
/// </summary>
/// <remarks>
/// Optional argument: the target framework the AutoDiff runtime assembly must have been built
/// for (e.g. ".NETCoreApp,Version=v8.0"), which proves which lib/ folder of the package was used.
/// Built with SmokePackagingOnly=true it skips the generated members (packaging checks only).
/// </remarks>
internal static class Program
{
    private static int s_checks;
    private static int s_failures;

    private static int Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

        Assembly runtime = typeof(DifferentiableAttribute).Assembly;
        string framework = runtime.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName ?? "(none)";
        Console.WriteLine($"host runtime {Environment.Version}; {runtime.GetName().Name} {runtime.GetName().Version} built for {framework}");
        if (args.Length > 0)
        {
            Expect($"AutoDiff runtime assembly is the {args[0]} build", framework == args[0], $"it is {framework}");
        }

        Primal();
#if SMOKE_PACKAGING_ONLY
        Console.WriteLine("packaging-only build: the generated members are not called");
        ListGeneratedMembers();
#else
        ScalarGradient();
        FloatGradient();
        DotProductGradient();
        MinibatchGradient();
#endif

        Console.WriteLine(s_failures == 0
            ? $"smoke app: {s_checks} checks passed"
            : $"smoke app: {s_failures} of {s_checks} checks FAILED");
        return s_failures == 0 ? 0 : 1;
    }

    /// <summary>Things that need only the runtime assembly: the attribute and Ad.</summary>
    private static void Primal()
    {
        Close("F(0.7, -1.3)", Functions.F(0.7, -1.3), 0.7 * 0.7 * -1.3 + Math.Sin(0.7), 0);
        Close("Ad.StopGradient(3.25)", Ad.StopGradient(3.25), 3.25, 0);

        MethodInfo loss = typeof(Functions).GetMethod(nameof(Functions.Loss))!;
        DifferentiableAttribute? attribute = loss.GetCustomAttribute<DifferentiableAttribute>();
        Expect("[Differentiable(nameof(w))] is visible by reflection",
            attribute is not null && attribute.Wrt.Length == 1 && attribute.Wrt[0] == "w",
            "attribute missing or Wrt wrong");
    }

#if SMOKE_PACKAGING_ONLY
    private static void ListGeneratedMembers()
    {
        foreach (MethodInfo method in typeof(Functions).GetMethods(BindingFlags.Public | BindingFlags.Static))
        {
            if (method.Name.EndsWith("Gradient", StringComparison.Ordinal) || method.Name.EndsWith("Pullback", StringComparison.Ordinal))
            {
                Console.WriteLine($"  generated: {method}");
            }
        }
    }
#else
    private static void ScalarGradient()
    {
        const double x = 0.7, y = -1.3;
        double dx = 0, dy = 0;
        double value = Functions.FGradient(x, y, ref dx, ref dy);
        Close("FGradient returns F", value, Functions.F(x, y), 1e-14);
        Close("dF/dx = 2xy + cos x", dx, 2 * x * y + Math.Cos(x), 1e-12);
        Close("dF/dy = x^2", dy, x * x, 1e-12);
        Close("dF/dx vs central difference", dx, Central(t => Functions.F(t, y), x), 1e-6);
        Close("dF/dy vs central difference", dy, Central(t => Functions.F(x, t), y), 1e-6);

        double ax = 1, ay = -2;
        Functions.FGradient(x, y, ref ax, ref ay);
        Close("FGradient adds into dx", ax, 1 + dx, 1e-12);
        Close("FGradient adds into dy", ay, -2 + dy, 1e-12);

        double px = 0.25, py = 0;
        Functions.FPullback(x, y, 2.5, ref px, ref py);
        Close("FPullback dx += dResult * dF/dx", px, 0.25 + 2.5 * dx, 1e-12);
        Close("FPullback dy += dResult * dF/dy", py, 2.5 * dy, 1e-12);
    }

    private static void FloatGradient()
    {
        const float a = 0.3f;
        float da = 0;
        float value = Functions.GGradient(a, ref da);
        Close("GGradient returns G", value, Functions.G(a), 1e-6);
        Close("dG/da = e^a (1 + a) (float)", da, Math.Exp(a) * (1 + a), 1e-5);
    }

    private static void DotProductGradient()
    {
        double[] w = { 0.5, -1.25, 2.0, 0.75, -0.3 };
        double[] x = { 1.5, 0.2, -0.7, 2.2, 1.1 };
        const double y = -0.9;

        double[] dw = new double[w.Length];
        double loss = Functions.LossGradient(w, x, y, dw);
        Close("LossGradient returns Loss", loss, Functions.Loss(w, x, y), 1e-14);

        double residual = -y;
        for (int i = 0; i < w.Length; i++)
        {
            residual += w[i] * x[i];
        }
        for (int i = 0; i < w.Length; i++)
        {
            Close($"dL/dw[{i}] = (w.x - y) x[{i}]", dw[i], residual * x[i], 1e-12);
            Close($"dL/dw[{i}] vs central difference", dw[i], Central(w, i, p => Functions.Loss(p, x, y)), 1e-6);
        }

        double[] pw = new double[w.Length];
        Functions.LossPullback(w, x, y, -0.5, pw);
        for (int i = 0; i < w.Length; i++)
        {
            Close($"LossPullback dw[{i}] = -0.5 dL/dw[{i}]", pw[i], -0.5 * dw[i], 1e-12);
        }

        bool threw = false;
        try
        {
            Functions.LossGradient(w, x, y, new double[w.Length + 1]);
        }
        catch (ArgumentException)
        {
            threw = true;
        }
        Expect("adjoint span of the wrong length throws ArgumentException", threw, "no exception");
    }

    private static void MinibatchGradient()
    {
        const int n = 8, d = 3;
        double[] w = { 0.2, -0.4, 0.9 };
        double[] features = new double[n * d];
        double[] targets = new double[n];
        for (int k = 0; k < features.Length; k++)
        {
            features[k] = 1.5 * Math.Sin(k + 1);
        }
        for (int i = 0; i < n; i++)
        {
            targets[i] = 0.5 * Math.Cos(i);
        }

        double[] expected = new double[d];
        double expectedLoss = 0;
        for (int i = 0; i < n; i++)
        {
            expectedLoss += Functions.LossGradient(w, features.AsSpan(i * d, d), targets[i], expected);
        }

        double[] sum = { 99, 99, 99 };
        double sumLoss = Minibatch.Gradient(Functions.LossGradient, w, features, targets, sum, Reduction.Sum, 1);
        Close("Minibatch Sum loss", sumLoss, expectedLoss, 1e-12);
        for (int j = 0; j < d; j++)
        {
            Close($"Minibatch Sum gradient[{j}] (overwrites the buffer)", sum[j], expected[j], 1e-12);
        }

        double[] mean1 = new double[d];
        double[] meanAll = new double[d];
        double loss1 = Minibatch.Gradient(Functions.LossGradient, w, features, targets, mean1, Reduction.Mean, 1);
        double lossAll = Minibatch.Gradient(Functions.LossGradient, w, features, targets, meanAll, Reduction.Mean, -1);
        Close("Minibatch Mean loss", loss1, expectedLoss / n, 1e-12);
        bool identical = BitConverter.DoubleToInt64Bits(loss1) == BitConverter.DoubleToInt64Bits(lossAll);
        for (int j = 0; j < d; j++)
        {
            Close($"Minibatch Mean gradient[{j}]", mean1[j], expected[j] / n, 1e-12);
            identical &= BitConverter.DoubleToInt64Bits(mean1[j]) == BitConverter.DoubleToInt64Bits(meanAll[j]);
        }
        Expect("Minibatch result is bitwise identical for 1 and all threads", identical, "results differ");
    }

    private static double Central(Func<double, double> f, double x)
    {
        double h = 1e-6 * Math.Max(1, Math.Abs(x));
        return (f(x + h) - f(x - h)) / (2 * h);
    }

    private static double Central(double[] point, int i, Func<double[], double> f)
    {
        double[] p = (double[])point.Clone();
        double h = 1e-6 * Math.Max(1, Math.Abs(p[i]));
        p[i] = point[i] + h;
        double plus = f(p);
        p[i] = point[i] - h;
        double minus = f(p);
        return (plus - minus) / (2 * h);
    }
#endif

    private static void Close(string name, double actual, double expected, double relativeTolerance)
    {
        bool ok = Math.Abs(actual - expected) <= relativeTolerance * Math.Max(1, Math.Abs(expected));
        Expect(name, ok, $"got {actual:R}, expected {expected:R} (tolerance {relativeTolerance:R})", $"{actual:R}");
    }

    private static void Expect(string name, bool ok, string detail, string? value = null)
    {
        s_checks++;
        if (ok)
        {
            Console.WriteLine(value is null ? $"  ok    {name}" : $"  ok    {name}: {value}");
        }
        else
        {
            s_failures++;
            Console.WriteLine($"  FAIL  {name}: {detail}");
        }
    }
}
