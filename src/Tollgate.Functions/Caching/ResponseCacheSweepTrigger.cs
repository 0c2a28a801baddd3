using Microsoft.Azure.Functions.Worker;
using Tollgate.Caching;

namespace Tollgate.Functions.Caching;

/// <summary>Every hour → <see cref="ResponseCacheSweeper"/>. Timer triggers run once per occurrence across instances.</summary>
public sealed class ResponseCacheSweepTrigger(ResponseCacheSweeper sweeper)
{
    [Function(nameof(ResponseCacheSweepTrigger))]
    public Task RunAsync([TimerTrigger(ResponseCacheSweeper.Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        sweeper.SweepAsync(cancellationToken);
}
