using System;
using AutoDiff;
using Xunit;

namespace AutoDiff.Tests.Corpus
{
    public static partial class Overloads
    {
        [Differentiable] public static double F(double x) => x * x * Math.Sin(x);
        [Differentiable] public static float F(float x) => x * x * x;
        [Differentiable] public static double F(double x, double y) => x * y;
        [Differentiable] public static double F(double[] w) => w[0] * w[1];
        [Differentiable] public static double F(double x, int n) => Math.Pow(x, n);
    }

    public partial class Outer
    {
        public static partial class Middle
        {
            internal static partial class Inner
            {
                [Differentiable] public static double Deep(double x) => Math.Exp(x) * x;
            }

            [Differentiable] internal static double Mid(double x) => Inner.Deep(x) + x;
        }

        [Differentiable] private static double Hidden(double x) => Math.Cosh(x);

        public static double CallHiddenGradient(double x) { double d = 0; HiddenGradient(x, ref d); return d; }
    }

    public partial class GenericBox<T>
    {
        static double Twice(double x) => 2 * x;

        [Differentiable] public static double Generic(double x) => Twice(x) * x + Math.Sin(x);

        public partial class InnerBox
        {
            [Differentiable] public static double InGeneric(double x, double y) => x / y;
        }
    }

    public partial class Pair<TA, TB> where TA : struct
    {
        [Differentiable] public static double Two(double[] w) => w[0] * Math.Exp(w[1]);
    }

    public partial struct ValueType
    {
        [Differentiable] public static double InStruct(double x) => x * x * x;
    }

    public partial record RecordType
    {
        [Differentiable] public static double InRecord(double x) => Math.Log(x);
    }

    internal static partial class InternalClass
    {
        [Differentiable] internal static double InInternal(double x) => Math.Tanh(x);
    }

    public class TypesTests
    {
        [Fact]
        public void Overloads_()
        {
            Check.Scalar((Func<double, double>)Overloads.F, Overloads.FGradient, Overloads.FPullback, 0.4, -1.3);
            Check.ScalarF(Overloads.F, Overloads.FGradient, Overloads.FPullback, x => x * x * x, 0.4f, -1.3f);
            Check.Scalar((Func<double, double, double>)Overloads.F, Overloads.FGradient, Overloads.FPullback, new[] { 0.4, 0.7 });
            Check.At(w => Overloads.F(w), (w, g) => Overloads.FGradient(w, g), (w, dr, g) => Overloads.FPullback(w, dr, g), new[] { 0.4, 0.7 });
            Check.Scalar(x => Overloads.F(x, 3), (double x, ref double dx) => Overloads.FGradient(x, 3, ref dx),
                (double x, double dr, ref double dx) => Overloads.FPullback(x, 3, dr, ref dx), 0.4, -1.3);
            // the overloads really are distinct derivatives
            double d = 0; Overloads.FGradient(2.0, ref d);
            float f = 0; Overloads.FGradient(2f, ref f);
            Assert.Equal(12f, f);
            Assert.Equal(4 * Math.Sin(2) + 4 * Math.Cos(2), d, 14);
        }

        [Fact]
        public void Nested()
        {
            Check.Scalar(Outer.Middle.Inner.Deep, Outer.Middle.Inner.DeepGradient, Outer.Middle.Inner.DeepPullback, 0.4, -1.3);
            Check.Scalar(Outer.Middle.Mid, Outer.Middle.MidGradient, Outer.Middle.MidPullback, 0.4, -1.3);
            Assert.Equal(Math.Sinh(0.7), Outer.CallHiddenGradient(0.7), 15);
        }

        [Fact]
        public void Generic()
        {
            Check.Scalar(GenericBox<int>.Generic, GenericBox<int>.GenericGradient, GenericBox<int>.GenericPullback, 0.4, -1.3);
            Check.Scalar(GenericBox<string>.Generic, GenericBox<string>.GenericGradient, GenericBox<string>.GenericPullback, 0.4, -1.3);
            Check.Scalar(GenericBox<double>.InnerBox.InGeneric, GenericBox<double>.InnerBox.InGenericGradient, GenericBox<double>.InnerBox.InGenericPullback, new[] { 0.4, 1.3 });
            Check.At(w => Pair<int, string>.Two(w), (w, g) => Pair<int, string>.TwoGradient(w, g), (w, dr, g) => Pair<int, string>.TwoPullback(w, dr, g), new[] { 0.4, 0.7 });
        }

        [Fact]
        public void StructRecordInternalGlobal()
        {
            Check.Scalar(ValueType.InStruct, ValueType.InStructGradient, ValueType.InStructPullback, 0.4, -1.3);
            Check.Scalar(RecordType.InRecord, RecordType.InRecordGradient, RecordType.InRecordPullback, 0.4, 1.3);
            Check.Scalar(InternalClass.InInternal, InternalClass.InInternalGradient, InternalClass.InInternalPullback, 0.4, -1.3);
            Check.Scalar(GlobalNamespaceType.InGlobal, GlobalNamespaceType.InGlobalGradient, GlobalNamespaceType.InGlobalPullback, 0.4, -1.3);
        }
    }
}

public static partial class GlobalNamespaceType
{
    [Differentiable] public static double InGlobal(double x) => x * Math.Exp(-x);
}
