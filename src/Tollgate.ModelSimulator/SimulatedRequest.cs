namespace Tollgate.ModelSimulator;

/// <summary>
/// One chat-completions request the simulator received, with what it answered.
/// Holds no message content (Tollgate never records prompts or completions).
/// </summary>
public sealed record SimulatedRequest
{
    /// <summary>
    /// Status recorded for a request the simulator never answered (<see cref="SimulatedFault.Timeout"/>, or the
    /// client gave up during the configured latency). 499 is nginx's "client closed request".
    /// </summary>
    public const int NoResponseStatusCode = 499;

    /// <summary>API style of the <c>/openai/deployments/{deployment}/chat/completions</c> route.</summary>
    public const string AzureRoute = "azure";

    /// <summary>API style of the <c>/v1/chat/completions</c> route.</summary>
    public const string OpenAIRoute = "openai";

    /// <summary>Arrival order; <see cref="ModelSimulatorServer.Requests"/> is sorted by it.</summary>
    public required long Sequence { get; init; }

    /// <summary>When the request arrived (from the simulator's <see cref="TimeProvider"/>).</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary><see cref="AzureRoute"/> or <see cref="OpenAIRoute"/>.</summary>
    public required string Route { get; init; }

    /// <summary>The deployment from the URL (Azure style) or the body's <c>model</c> (OpenAI style); empty when unknown.</summary>
    public required string Deployment { get; init; }

    /// <summary>The <c>api-version</c> query parameter, if any.</summary>
    public string? ApiVersion { get; init; }

    /// <summary><c>api-key</c>, <c>bearer</c> or <c>none</c>.</summary>
    public required string Authentication { get; init; }

    /// <summary>The HTTP status answered, or <see cref="NoResponseStatusCode"/>.</summary>
    public int StatusCode { get; init; }

    /// <summary>The output cap from <c>max_completion_tokens</c> or <c>max_tokens</c>.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Which body field carried <see cref="MaxOutputTokens"/>: <c>max_completion_tokens</c>, <c>max_tokens</c> or null.</summary>
    public string? MaxOutputTokensField { get; init; }

    /// <summary>Number of messages in the body.</summary>
    public int MessageCount { get; init; }

    /// <summary>Input tokens by <see cref="ChatTokenFormula.CountPromptTokens"/> (0 when the body was invalid).</summary>
    public int PromptTokens { get; init; }

    /// <summary>Tokens of the returned content (0 unless a completion was returned).</summary>
    public int CompletionTokens { get; init; }

    /// <summary><c>stop</c> or <c>length</c> for a completion; null otherwise.</summary>
    public string? FinishReason { get; init; }

    /// <summary>The body's <c>seed</c>.</summary>
    public long? Seed { get; init; }

    /// <summary>The body's <c>temperature</c>.</summary>
    public double? Temperature { get; init; }

    /// <summary>The <c>id</c> of the returned completion.</summary>
    public string? ResponseId { get; init; }

    /// <summary>The body's <c>response_format</c> type when it asks for JSON: <c>json_object</c> or <c>json_schema</c>.</summary>
    public string? ResponseFormat { get; init; }

    /// <summary>
    /// The OpenAI error <c>code</c> (or fault name) when the request failed, or the fault served with a 200
    /// (<c>invalid_json</c>, <c>refusal</c>).
    /// </summary>
    public string? Error { get; init; }
}
