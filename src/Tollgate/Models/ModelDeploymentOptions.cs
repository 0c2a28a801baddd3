namespace Tollgate.Models;

/// <summary>
/// One callable model deployment, its prices (per million tokens) and its context window.
/// Checked by <see cref="ModelOptionsValidator"/> at start-up.
/// </summary>
public sealed class ModelDeploymentOptions
{
    public ModelEndpointKind Kind { get; set; } = ModelEndpointKind.AzureOpenAI;

    public Uri? Endpoint { get; set; }

    /// <summary>Azure deployment name, or the model name for OpenAI-compatible endpoints.</summary>
    public string Deployment { get; set; } = "";

    /// <summary>Only for endpoints without Entra ID (local simulator, third-party). Empty in Azure.</summary>
    public string? ApiKey { get; set; }

    public decimal InputPricePerMillion { get; set; }

    public decimal CachedInputPricePerMillion { get; set; }

    public decimal OutputPricePerMillion { get; set; }

    public int ContextWindow { get; set; } = 128_000;

    /// <summary>
    /// The catalog entry to try when this one is rate limited, keeps failing, or cannot take the request
    /// (context window, budget). Empty: no fallback. Chains may not loop.
    /// </summary>
    public string? Fallback { get; set; }

    /// <summary>Client-side time limit for one request, so a hung endpoint costs a bounded wait.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
