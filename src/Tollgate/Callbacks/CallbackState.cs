namespace Tollgate.Callbacks;

/// <summary>Where a run's callback stands.</summary>
public enum CallbackState
{
    /// <summary>Not attempted yet (the run is still going), or waiting to retry.</summary>
    Pending,

    /// <summary>An attempt was answered 2xx.</summary>
    Delivered,

    /// <summary>Attempts ran out, or the receiver refused.</summary>
    Failed,

    /// <summary>The SSRF guard refused the target when it was time to deliver.</summary>
    Refused,
}
