namespace Tollgate.Testing;

/// <summary>
/// A model deployment of a <see cref="WorkflowTestHost"/>'s catalog (<c>Tollgate:Models:Deployments:{Name}</c>), pointed at
/// the host's loopback model endpoint with the deployment's name as the model name. Prices are per million tokens.
/// </summary>
public sealed record TestDeployment(string Name)
{
    /// <summary>The default deployment: gpt-4o-mini prices, falling back to <see cref="Fallback"/>.</summary>
    public static readonly TestDeployment Primary = new("primary") { FallbackTo = "fallback" };

    /// <summary>The default fallback: gpt-4o prices, no fallback of its own.</summary>
    public static readonly TestDeployment Fallback = new("fallback")
    {
        InputPricePerMillion = 2.50m,
        CachedInputPricePerMillion = 1.25m,
        OutputPricePerMillion = 10.00m,
    };

    public decimal InputPricePerMillion { get; init; } = 0.15m;

    public decimal CachedInputPricePerMillion { get; init; } = 0.075m;

    public decimal OutputPricePerMillion { get; init; } = 0.60m;

    public int ContextWindow { get; init; } = 128_000;

    /// <summary>The deployment a call moves to (<c>Fallback</c>); null: none.</summary>
    public string? FallbackTo { get; init; }

    /// <summary>The SDK's time limit for one request (real time: the scripted model never makes a request wait).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
