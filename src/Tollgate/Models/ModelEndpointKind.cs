namespace Tollgate.Models;

public enum ModelEndpointKind
{
    /// <summary>Azure OpenAI: <c>/openai/deployments/{deployment}/…</c>, managed identity unless an API key is set.</summary>
    AzureOpenAI,

    /// <summary>Any OpenAI-compatible endpoint: <c>{endpoint}/chat/completions</c> with the deployment as the model name.</summary>
    OpenAI,
}
