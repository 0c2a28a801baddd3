namespace Tollgate.Caching;

/// <summary><c>Tollgate:Cache</c>: how long the response cache keeps an entry past its time-to-live.</summary>
public sealed class ResponseCacheOptions
{
    public const string SectionName = "Tollgate:Cache";

    /// <summary>The longest a stale-retention may be.</summary>
    public static readonly TimeSpan MaxStaleRetention = TimeSpan.FromDays(365);

    /// <summary>
    /// How long an expired entry is kept for stale-serving before the sweep deletes it (default 7 days; zero: deleted
    /// as soon as it expires, so nothing is ever served stale for long).
    /// </summary>
    public TimeSpan StaleRetention { get; set; } = TimeSpan.FromDays(7);
}
