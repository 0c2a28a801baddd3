using Tollgate.Models;

namespace Tollgate.Tests.Models;

public sealed class ModelCostTests
{
    private static readonly ModelDeploymentOptions Gpt4o = new()
    {
        InputPricePerMillion = 2.50m,
        CachedInputPricePerMillion = 1.25m,
        OutputPricePerMillion = 10.00m,
    };

    private static readonly ModelDeploymentOptions Gpt4oMini = new()
    {
        InputPricePerMillion = 0.15m,
        CachedInputPricePerMillion = 0.075m,
        OutputPricePerMillion = 0.60m,
    };

    [Fact]
    public void UncachedInputCachedInputAndOutputAreEachBilledAtTheirOwnRate()
    {
        var usage = new TokenUsage(InputTokens: 1_000, CachedInputTokens: 400, OutputTokens: 500, ReasoningTokens: 0);

        ModelCost cost = ModelCost.Of(usage, Gpt4o);

        Assert.Equal(0.0015m, cost.Input);
        Assert.Equal(0.0005m, cost.CachedInput);
        Assert.Equal(0.005m, cost.Output);
        Assert.Equal(0.007m, cost.Total);
    }

    [Fact]
    public void CachedTokensAreNotAlsoBilledAtTheInputRate()
    {
        var allCached = new TokenUsage(InputTokens: 2_000, CachedInputTokens: 2_000, OutputTokens: 0, ReasoningTokens: 0);

        ModelCost cost = ModelCost.Of(allCached, Gpt4o);

        Assert.Equal(0m, cost.Input);
        Assert.Equal(0.0025m, cost.CachedInput);
        Assert.Equal(0.0025m, cost.Total);
    }

    [Fact]
    public void ReasoningTokensArePartOfOutputAndNotBilledTwice()
    {
        var withReasoning = new TokenUsage(InputTokens: 0, CachedInputTokens: 0, OutputTokens: 1_000, ReasoningTokens: 800);
        var withoutReasoning = withReasoning with { ReasoningTokens = 0 };

        Assert.Equal(ModelCost.Of(withoutReasoning, Gpt4o), ModelCost.Of(withReasoning, Gpt4o));
        Assert.Equal(0.01m, ModelCost.Of(withReasoning, Gpt4o).Output);
    }

    [Fact]
    public void OneTokenAtFifteenCentsPerMillionIsExact()
    {
        ModelCost cost = ModelCost.Of(new TokenUsage(1, 0, 0, 0), Gpt4oMini);

        Assert.Equal(0.00000015m, cost.Input);
        Assert.Equal(0.00000015m, cost.Total);
    }

    [Fact]
    public void AMillionTokensCostExactlyThePerMillionPrice()
    {
        ModelCost cost = ModelCost.Of(new TokenUsage(1_000_000, 0, 1_000_000, 0), Gpt4oMini);

        Assert.Equal(0.15m, cost.Input);
        Assert.Equal(0.60m, cost.Output);
    }

    [Fact]
    public void NoUsageCostsNothing()
    {
        Assert.Equal(0m, ModelCost.Of(TokenUsage.None, Gpt4o).Total);
    }

    [Fact]
    public void WorstCaseIsCountedInputAtTheInputPricePlusTheWholeCapAtTheOutputPrice()
    {
        ModelCost worst = ModelGateway.WorstCase(Gpt4o, inputTokens: 1_234, maxOutputTokens: 256);

        Assert.Equal(0.003085m, worst.Input);
        Assert.Equal(0m, worst.CachedInput);
        Assert.Equal(0.00256m, worst.Output);
        Assert.Equal(0.005645m, worst.Total);
    }

    [Theory]
    [InlineData(1_234, 0, 256, 0)]
    [InlineData(1_234, 1_000, 256, 100)]
    [InlineData(1_000, 1_000, 1, 0)]
    [InlineData(0, 0, 0, 0)]
    [InlineData(1_234, 1_234, 256, 256)]
    public void NoUsageWithinTheCountAndTheCapCostsMoreThanTheWorstCase(int input, int cached, int output, int reasoning)
    {
        // The budget invariant: what is reserved before a call covers whatever the call can cost.
        const int CountedInput = 1_234;
        const int Cap = 256;
        foreach (ModelDeploymentOptions prices in new[] { Gpt4o, Gpt4oMini })
        {
            ModelCost actual = ModelCost.Of(new TokenUsage(input, cached, output, reasoning), prices);
            ModelCost reserved = ModelGateway.WorstCase(prices, CountedInput, Cap);

            Assert.True(actual.Total <= reserved.Total, $"{actual.Total} exceeds the reservation {reserved.Total}.");
        }
    }
}
