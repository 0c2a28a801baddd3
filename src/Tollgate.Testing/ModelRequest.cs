namespace Tollgate.Testing;

/// <summary>
/// One chat-completions request a model endpoint received during a run, in arrival order. With a
/// <see cref="ScriptedModel"/> it holds the messages and the answer given; the simulator records no content, so there
/// <see cref="Messages"/> is empty.
/// </summary>
public sealed record ModelRequest
{
    /// <summary>Arrival order at the endpoint, from 1, over the host's lifetime.</summary>
    public required long Sequence { get; init; }

    /// <summary>The catalog deployment the request was sent to (the kit names each deployment's model after it).</summary>
    public required string Deployment { get; init; }

    /// <summary>The output cap the request carried, or null when it carried none.</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>Which body field carried the cap: <c>max_completion_tokens</c>, <c>max_tokens</c>, or null.</summary>
    public string? MaxOutputTokensField { get; init; }

    /// <summary>How many messages the request held (a repair attempt holds four).</summary>
    public int MessageCount { get; init; }

    /// <summary>The messages (empty with the simulator).</summary>
    public IReadOnlyList<ModelMessage> Messages { get; init; } = [];

    /// <summary><c>json_schema</c> for a structured step, <c>json_object</c>, or null for free text.</summary>
    public string? ResponseFormat { get; init; }

    public long? Seed { get; init; }

    public double? Temperature { get; init; }

    /// <summary>The HTTP status the endpoint answered with.</summary>
    public int StatusCode { get; init; }

    /// <summary>The scripted answer given; null with the simulator, or when the script had no answer (see <see cref="Unscripted"/>).</summary>
    public ScriptedAnswer? Answer { get; init; }

    /// <summary>True when a <see cref="ScriptedModel"/> had no answer for this request.</summary>
    public bool Unscripted { get; init; }

    public override string ToString() =>
        $"#{Sequence} to {Deployment} (cap {MaxOutputTokens?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}) → HTTP {StatusCode}";
}
