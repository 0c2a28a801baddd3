namespace Tollgate.Intake;

/// <summary>
/// The idempotency keys Tollgate derives itself, one scope per source, so that a key from one source can never name
/// another's run. A caller's <c>Idempotency-Key</c> may not start with a scope's prefix: otherwise a caller paying as a
/// job's account could create the run a job item will use (and have its output written back as the item's result), or
/// take the run a trigger's delivery will answer with.
/// </summary>
public static class IdempotencyScopes
{
    private static readonly string[] Prefixes = ["queue:", "trigger:", "job:"];

    /// <summary>A queue message's key.</summary>
    public static string Queue(string messageId) => "queue:" + messageId;

    /// <summary>A trigger delivery's key, scoped to the trigger (its configured name).</summary>
    public static string Trigger(string trigger, string deliveryKey) => $"trigger:{trigger}:{deliveryKey}";

    /// <summary>A job item's key: one run per item of the job, whichever occurrence runs it.</summary>
    public static string JobItem(string job, string itemId) => $"job:{job}:{itemId}";

    /// <summary>Whether a caller's key starts with a prefix reserved for the keys above (compared ignoring case).</summary>
    public static bool IsReserved(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Prefixes.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase));
    }
}
