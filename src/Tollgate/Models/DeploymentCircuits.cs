using System.Collections.Concurrent;
using Polly;
using Polly.CircuitBreaker;

namespace Tollgate.Models;

/// <summary>
/// One circuit breaker per catalog deployment (Polly), per worker instance. When most recent calls to a
/// deployment failed (<see cref="AttemptOutcomeRules.DeploymentFailure"/>: 5xx, timeouts, unreachable, rate limits), further calls are refused for a
/// while without being sent, so a failing deployment costs neither latency nor money and the call moves to
/// its fallback at once.
/// </summary>
public sealed class DeploymentCircuits(TimeProvider time)
{
    /// <summary>Share of failed calls, over <see cref="SamplingDuration"/>, that opens the circuit.</summary>
    public const double FailureRatio = 0.5;

    /// <summary>Calls needed in the window before the ratio counts: a single failure never opens it.</summary>
    public const int MinimumThroughput = 4;

    public static readonly TimeSpan SamplingDuration = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, ResiliencePipeline<ModelAttemptResult>> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Sends through the deployment's breaker: the call's result, or null when the circuit is open and
    /// nothing was sent.
    /// </summary>
    public async Task<ModelAttemptResult?> SendAsync(string deployment, Func<CancellationToken, Task<ModelAttemptResult>> send,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        ResiliencePipeline<ModelAttemptResult> pipeline = _pipelines.GetOrAdd(deployment, _ => Build());
        try
        {
            return await pipeline.ExecuteAsync(async token => await send(token).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return null;
        }
    }

    private ResiliencePipeline<ModelAttemptResult> Build() => new ResiliencePipelineBuilder<ModelAttemptResult> { TimeProvider = time }
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ModelAttemptResult>
        {
            FailureRatio = FailureRatio,
            MinimumThroughput = MinimumThroughput,
            SamplingDuration = SamplingDuration,
            BreakDuration = BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { } result && AttemptOutcomes.Of(result.Outcome).DeploymentFailure),
        })
        .Build();
}
