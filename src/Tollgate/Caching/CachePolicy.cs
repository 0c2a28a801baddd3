namespace Tollgate.Caching;

/// <summary>
/// A step's opt-in response cache: an identical request (same deployment model, messages, cap, temperature, seed and
/// response schema) within <see cref="TimeToLive"/> is answered from the cache. With <see cref="ServeStale"/>, when
/// every deployment of the chain has failed or refused, the newest entry answers even past its time-to-live.
/// </summary>
public sealed record CachePolicy(TimeSpan TimeToLive, bool ServeStale = false);
