using System;
using Xunit;

namespace AutoDiff.Tests.Generated;

public class ScratchTests3
{
    [Fact] public void RuleIsUsed() { double dx = 0; Scratch3.UsesRuleGradient(0.3, ref dx); Assert.Equal(10 * 2 / (1 + Math.Exp(-0.6)), dx, 12); }
    [Fact] public void Overloads() { double dx = 0; Scratch3.OverGradient(3.0, ref dx); Assert.Equal(6, dx); float fx = 0; Scratch3.OverGradient(2f, ref fx); Assert.Equal(12f, fx); }
    [Fact] public void NestedAndExternalRule() { double dx = 0; Scratch3.Inner.NestedGradient(2.0, ref dx); Assert.Equal(12 + 200, dx, 12); }
    [Fact] public void GenericType() { double dx = 0; Box<int>.GenericGradient(3.0, ref dx); Assert.Equal(12, dx, 12); }
}
