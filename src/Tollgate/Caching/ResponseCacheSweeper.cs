using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.Caching;

/// <summary>
/// Entries do not live forever: every hour, an entry whose time-to-live ended more than
/// <see cref="ResponseCacheOptions.StaleRetention"/> ago (so it can no longer be served, not even stale), or that
/// cannot be read, is deleted.
/// </summary>
public sealed partial class ResponseCacheSweeper(ResponseCache cache, IOptionsMonitor<ResponseCacheOptions> options, ILogger<ResponseCacheSweeper> logger)
{
    /// <summary>When the sweep runs (NCRONTAB with seconds, as Functions timers use): at the top of every hour.</summary>
    public const string Schedule = "0 0 * * * *";

    /// <summary>Deletes what can no longer be served; returns how many entries.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        int removed = await cache.SweepAsync(options.CurrentValue.StaleRetention, cancellationToken).ConfigureAwait(false);
        if (removed > 0)
        {
            LogSwept(removed);
        }

        return removed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Response cache sweep deleted {Count} entries past their time-to-live and stale retention")]
    private partial void LogSwept(int count);
}
