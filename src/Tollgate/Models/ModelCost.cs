namespace Tollgate.Models;

/// <summary>Money for one attempt, split the way a provider invoice is.</summary>
public sealed record ModelCost(decimal Input, decimal CachedInput, decimal Output)
{
    public static readonly ModelCost Zero = new(0m, 0m, 0m);

    public decimal Total => Input + CachedInput + Output;

    public ModelCost Add(ModelCost other) => new(Input + other.Input, CachedInput + other.CachedInput, Output + other.Output);

    /// <summary>Prices usage at the deployment's per-million rates. Cached input is billed at its own rate.</summary>
    public static ModelCost Of(TokenUsage usage, ModelDeploymentOptions prices)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(prices);
        const decimal PerMillion = 1_000_000m;
        int uncachedInput = usage.InputTokens - usage.CachedInputTokens;
        return new ModelCost(
            uncachedInput * prices.InputPricePerMillion / PerMillion,
            usage.CachedInputTokens * prices.CachedInputPricePerMillion / PerMillion,
            usage.OutputTokens * prices.OutputPricePerMillion / PerMillion);
    }
}
