using System.Text.Json.Serialization;

namespace Tollgate.ModelSimulator;

/// <summary>The <c>chat.completion</c> object, shaped exactly like OpenAI's.</summary>
internal sealed record ChatCompletionResponse(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("object")] string Object,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("system_fingerprint")] string SystemFingerprint,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChatChoice> Choices,
    [property: JsonPropertyName("usage")] ChatUsage Usage);

internal sealed record ChatChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] ChatResponseMessage Message,
    [property: JsonPropertyName("logprobs")] object? Logprobs,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

internal sealed record ChatResponseMessage(
    [property: JsonPropertyName("role")] string Role,
    [property: JsonPropertyName("content")] string? Content,
    [property: JsonPropertyName("refusal")] string? Refusal);

internal sealed record ChatUsage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens,
    [property: JsonPropertyName("prompt_tokens_details")] PromptTokensDetails PromptTokensDetails,
    [property: JsonPropertyName("completion_tokens_details")] CompletionTokensDetails CompletionTokensDetails);

internal sealed record PromptTokensDetails(
    [property: JsonPropertyName("cached_tokens")] int CachedTokens,
    [property: JsonPropertyName("audio_tokens")] int AudioTokens);

internal sealed record CompletionTokensDetails(
    [property: JsonPropertyName("reasoning_tokens")] int ReasoningTokens,
    [property: JsonPropertyName("audio_tokens")] int AudioTokens,
    [property: JsonPropertyName("accepted_prediction_tokens")] int AcceptedPredictionTokens,
    [property: JsonPropertyName("rejected_prediction_tokens")] int RejectedPredictionTokens);

internal sealed record ErrorEnvelope([property: JsonPropertyName("error")] ErrorBody Error);

internal sealed record ErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

/// <summary>Source-generated serialisation of the wire types (no reflection, fixed property names and order).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(IReadOnlyList<SimulatedRequest>))]
internal sealed partial class SimulatorJsonContext : JsonSerializerContext;
