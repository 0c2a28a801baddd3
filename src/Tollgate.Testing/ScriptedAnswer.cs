using System.Text.Json;
using Tollgate.Workflows;

namespace Tollgate.Testing;

/// <summary>
/// One scripted reply of a <see cref="ScriptedModel"/>: a text or structured answer, a refusal, or an HTTP fault (with a
/// <c>Retry-After</c>), optionally only for one deployment, after a latency and with the usage the provider reports.
/// Build one with the static methods and refine it with the <c>With…</c>/<see cref="On"/> methods:
/// <c>ScriptedAnswer.Json(profile).On("fallback").WithLatency(TimeSpan.FromSeconds(2))</c>.
/// </summary>
public sealed record ScriptedAnswer
{
    private ScriptedAnswer()
    {
    }

    /// <summary>The message content answered (null for a refusal or a fault).</summary>
    public string? Content { get; init; }

    /// <summary>The model's refusal (<c>message.refusal</c>), answered with a 200 and no content.</summary>
    public string? Refusal { get; init; }

    /// <summary>The HTTP status of a fault; null for an answer (200).</summary>
    public int? FaultStatus { get; init; }

    /// <summary>The <c>Retry-After</c> header sent with a fault, in whole seconds as providers send it.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The OpenAI error code in a fault's body, e.g. <c>context_length_exceeded</c> or <c>content_filter</c>.</summary>
    public string? ErrorCode { get; init; }

    /// <summary>Only a request to this catalog deployment takes this answer; null: the next request to any deployment.</summary>
    public string? Deployment { get; init; }

    /// <summary>
    /// How long the model takes. The host's fake clock is advanced by it while the request is served — nothing sleeps —
    /// so the attempt's recorded latency is exactly this.
    /// </summary>
    public TimeSpan Latency { get; init; }

    /// <summary>The usage reported; null: counted from the request and the answer (o200k_base, as the simulator does).</summary>
    public ScriptedUsage? Usage { get; init; }

    /// <summary>When true no usage is reported at all, so the gateway charges the attempt's worst case as an estimate.</summary>
    public bool OmitUsage { get; init; }

    /// <summary><c>finish_reason</c> of an answer (default <c>stop</c>).</summary>
    public string FinishReason { get; init; } = "stop";

    /// <summary>The model id reported; null: the deployment's name.</summary>
    public string? ResponseModel { get; init; }

    /// <summary>Whether this is an HTTP fault rather than an answer.</summary>
    public bool IsFault => FaultStatus is not null;

    /// <summary>A free-text answer.</summary>
    public static ScriptedAnswer Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ScriptedAnswer { Content = text };
    }

    /// <summary>
    /// A structured answer: <paramref name="value"/> serialized as workflows read answers (<see cref="WorkflowJson.Options"/>:
    /// camelCase, enums by kebab-case name), e.g. a <c>Classification</c> record.
    /// </summary>
    public static ScriptedAnswer Json(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new ScriptedAnswer { Content = JsonSerializer.Serialize(value, value.GetType(), WorkflowJson.Options) };
    }

    /// <summary>A refusal (<c>message.refusal</c>): the gateway records it as <c>Refused</c> and never parses it.</summary>
    public static ScriptedAnswer Refused(string refusal)
    {
        ArgumentException.ThrowIfNullOrEmpty(refusal);
        return new ScriptedAnswer { Refusal = refusal };
    }

    /// <summary>An HTTP error with an OpenAI error body, and a <c>Retry-After</c> header when given.</summary>
    public static ScriptedAnswer Fault(int status, TimeSpan? retryAfter = null, string? errorCode = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(status, 400);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(status, 599);
        if (retryAfter is { } wait)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(wait, TimeSpan.Zero, nameof(retryAfter));
        }

        return new ScriptedAnswer { FaultStatus = status, RetryAfter = retryAfter, ErrorCode = errorCode };
    }

    /// <summary>429 with <c>Retry-After</c>.</summary>
    public static ScriptedAnswer RateLimited(TimeSpan retryAfter) => Fault(429, retryAfter, "rate_limit_exceeded");

    /// <summary>500.</summary>
    public static ScriptedAnswer ServerError() => Fault(500);

    /// <summary>This answer only for requests to the catalog deployment <paramref name="deployment"/>.</summary>
    public ScriptedAnswer On(string deployment)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        return this with { Deployment = deployment };
    }

    /// <summary>This answer after <paramref name="latency"/> of (fake) time.</summary>
    public ScriptedAnswer WithLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return this with { Latency = latency };
    }

    /// <summary>This answer reporting this usage (cached input is part of input, reasoning part of output, as OpenAI reports them).</summary>
    public ScriptedAnswer WithUsage(int inputTokens, int outputTokens, int cachedInputTokens = 0, int reasoningTokens = 0) =>
        this with { Usage = new ScriptedUsage(inputTokens, outputTokens, cachedInputTokens, reasoningTokens), OmitUsage = false };

    /// <summary>This answer with no usage in the response.</summary>
    public ScriptedAnswer WithoutUsage() => this with { Usage = null, OmitUsage = true };

    /// <summary>This answer with another <c>finish_reason</c> (e.g. <c>length</c>).</summary>
    public ScriptedAnswer WithFinishReason(string finishReason)
    {
        ArgumentException.ThrowIfNullOrEmpty(finishReason);
        return this with { FinishReason = finishReason };
    }

    /// <summary>This answer reporting <paramref name="model"/> as the model that answered.</summary>
    public ScriptedAnswer WithResponseModel(string model)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        return this with { ResponseModel = model };
    }

    /// <summary>A short description for failure messages.</summary>
    public override string ToString()
    {
        string what = FaultStatus is { } status ? $"HTTP {status}" + (RetryAfter is { } wait ? $" (Retry-After {wait.TotalSeconds:0}s)" : "")
            : Refusal is not null ? "refusal"
            : $"answer ({Content!.Length} chars)";
        return Deployment is null ? what : $"{what} on {Deployment}";
    }
}
