using System.Collections.Concurrent;
using System.Globalization;

namespace Tollgate.Models;

/// <summary>
/// Recent latencies of each catalog deployment, per worker instance, on the <see cref="TimeProvider"/>: the calls it
/// answered (<see cref="AttemptOutcome.Succeeded"/>, <see cref="AttemptOutcome.InvalidOutput"/>,
/// <see cref="AttemptOutcome.Refused"/>) over the last <see cref="Window"/>, at most <see cref="MaxSamples"/> of them.
/// A step with a latency budget skips a deployment whose p95 is over it, for its fallback, as an open circuit is
/// skipped; failures are the circuit breaker's (<see cref="DeploymentCircuits"/>), not counted here.
/// </summary>
/// <remarks>
/// A skipped deployment gets no new samples from the steps that skip it, so it is retried once its slow samples age out
/// of the window (or fall below <see cref="MinimumSamples"/>); steps without a budget keep measuring it meanwhile.
/// </remarks>
public sealed class DeploymentLatencies(TimeProvider time)
{
    /// <summary>How far back a latency counts.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    /// <summary>The newest samples kept per deployment.</summary>
    public const int MaxSamples = 200;

    /// <summary>Samples needed in the window before the p95 steers: one slow call never moves a step.</summary>
    public const int MinimumSamples = 5;

    private readonly ConcurrentDictionary<string, Samples> _deployments = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Counts the latency of <paramref name="result"/> if the deployment answered it.</summary>
    public void Record(string deployment, ModelAttemptResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Outcome is AttemptOutcome.Succeeded or AttemptOutcome.InvalidOutput or AttemptOutcome.Refused)
        {
            Record(deployment, TimeSpan.FromMilliseconds(result.LatencyMilliseconds));
        }
    }

    /// <summary>Counts one answered call's latency.</summary>
    public void Record(string deployment, TimeSpan latency)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        _deployments.GetOrAdd(deployment, _ => new Samples()).Add(time.GetUtcNow(), latency);
    }

    /// <summary>The p95 (nearest rank) of the deployment's samples in the window, or null with fewer than <see cref="MinimumSamples"/>.</summary>
    public TimeSpan? P95(string deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return _deployments.TryGetValue(deployment, out Samples? samples) ? samples.P95(time.GetUtcNow()) : null;
    }

    /// <summary>Why <paramref name="deployment"/> is too slow for <paramref name="budget"/> (its p95 is over it), or null.</summary>
    public string? TooSlowFor(string deployment, TimeSpan budget) =>
        P95(deployment) is { } p95 && p95 > budget
            ? string.Create(CultureInfo.InvariantCulture,
                $"Recent p95 latency of {deployment} is {p95.TotalMilliseconds:F0} ms, over the step's latency budget of {budget.TotalMilliseconds:F0} ms; nothing was sent.")
            : null;

    private sealed class Samples
    {
        private readonly Lock _gate = new();
        private readonly Queue<(DateTimeOffset At, TimeSpan Latency)> _samples = new();

        public void Add(DateTimeOffset now, TimeSpan latency)
        {
            lock (_gate)
            {
                _samples.Enqueue((now, latency));
                Expire(now);
            }
        }

        public TimeSpan? P95(DateTimeOffset now)
        {
            TimeSpan[] latencies;
            lock (_gate)
            {
                Expire(now);
                if (_samples.Count < MinimumSamples)
                {
                    return null;
                }

                latencies = [.. _samples.Select(s => s.Latency)];
            }

            Array.Sort(latencies);
            return latencies[(int)Math.Ceiling(0.95 * latencies.Length) - 1];
        }

        private void Expire(DateTimeOffset now)
        {
            while (_samples.Count > MaxSamples || (_samples.Count > 0 && now - _samples.Peek().At > Window))
            {
                _samples.Dequeue();
            }
        }
    }
}
