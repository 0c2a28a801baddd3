namespace Tollgate.ModelSimulator;

/// <summary>A failure the simulator can serve instead of a completion.</summary>
public enum SimulatedFault
{
    /// <summary>Answer normally.</summary>
    None = 0,

    /// <summary>429 with a <c>Retry-After</c> header and an OpenAI error body.</summary>
    RateLimited,

    /// <summary>500 with an OpenAI error body.</summary>
    ServerError,

    /// <summary>Never answer: hang until the client gives up or the server stops.</summary>
    Timeout,

    /// <summary>
    /// 200 with a completion whose content is not valid JSON (the JSON answer truncated, so it also fails any
    /// requested schema); <c>finish_reason</c> is <c>stop</c> and usage counts the truncated text.
    /// </summary>
    InvalidJson,

    /// <summary>200 with a completion whose message has <c>refusal</c> text and null <c>content</c>.</summary>
    Refusal,
}
