namespace Tollgate.Rollouts;

/// <summary>
/// The median and 95th percentile of a set of latencies, in milliseconds, by the nearest-rank method (the smallest
/// sample at or above p% of them: always a latency that was measured), with the number of samples; null when there are none.
/// </summary>
public sealed record LatencyPercentiles(int Samples, long? P50, long? P95)
{
    public static LatencyPercentiles Of(IEnumerable<long> latencies)
    {
        ArgumentNullException.ThrowIfNull(latencies);
        long[] sorted = [.. latencies.Order()];
        return new LatencyPercentiles(sorted.Length, NearestRank(sorted, 50), NearestRank(sorted, 95));
    }

    /// <summary>The sample at rank ⌈p/100 × n⌉ (1-based) of <paramref name="sorted"/>, or null when it is empty.</summary>
    public static long? NearestRank(IReadOnlyList<long> sorted, int percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0)
        {
            return null;
        }

        int rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
