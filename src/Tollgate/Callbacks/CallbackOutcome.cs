namespace Tollgate.Callbacks;

/// <summary>How one delivery attempt ended.</summary>
public enum CallbackOutcome
{
    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>A network error, a timeout, 408, 429 or 5xx: worth another attempt.</summary>
    Failed,

    /// <summary>Any other answer (3xx, which is not followed, or a 4xx): the receiver refuses; not retried.</summary>
    Rejected,

    /// <summary>The SSRF guard refused to connect (the host resolves to an address callbacks may not reach); not retried.</summary>
    Refused,
}
