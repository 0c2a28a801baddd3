using System.Globalization;
using Cronos;

namespace Tollgate.Jobs;

/// <summary>
/// Schedules and occurrences: NCRONTAB with seconds (Cronos, <see cref="CronFormat.IncludeSeconds"/>) in UTC, and the
/// instance id an occurrence runs under — <c>job:{name}:{yyyyMMddTHHmmssZ}</c> — so the same occurrence, however often
/// it is fired, names one orchestration.
/// </summary>
public static class JobSchedule
{
    /// <summary>The compact UTC form of an occurrence, as it appears in instance ids and URLs.</summary>
    public const string OccurrenceFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static bool TryParse(string expression, out CronExpression? cron, out string? error)
    {
        try
        {
            cron = CronExpression.Parse(expression, CronFormat.IncludeSeconds);
            error = null;
            return true;
        }
        catch (CronFormatException ex)
        {
            cron = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>The occurrences in (<paramref name="after"/>, <paramref name="upTo"/>], oldest first.</summary>
    public static IEnumerable<DateTimeOffset> Between(CronExpression cron, DateTimeOffset after, DateTimeOffset upTo)
    {
        ArgumentNullException.ThrowIfNull(cron);
        return after >= upTo ? [] : cron.GetOccurrences(after, upTo, TimeZoneInfo.Utc, fromInclusive: false, toInclusive: true);
    }

    /// <summary>Whether <paramref name="instant"/> is one of the schedule's occurrences.</summary>
    public static bool IsOccurrence(CronExpression cron, DateTimeOffset instant)
    {
        ArgumentNullException.ThrowIfNull(cron);
        return cron.GetNextOccurrence(instant, TimeZoneInfo.Utc, inclusive: true) == instant;
    }

    public static string Format(DateTimeOffset occurrence) => occurrence.UtcDateTime.ToString(OccurrenceFormat, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads an occurrence as given in a URL or a request: the compact form (<c>20261129T160000Z</c>) or ISO 8601 with an
    /// explicit offset (<c>2026-11-29T16:00:00Z</c>). Whole seconds only, since schedules have no finer grain.
    /// </summary>
    public static bool TryParseOccurrence(string? text, out DateTimeOffset occurrence)
    {
        occurrence = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        bool read = DateTime.TryParseExact(text, OccurrenceFormat, CultureInfo.InvariantCulture,
                DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out DateTime compact)
            ? (occurrence = new DateTimeOffset(compact, TimeSpan.Zero)) == occurrence
            : text.Contains('T', StringComparison.Ordinal) && (text.EndsWith('Z') || text.Contains('+', StringComparison.Ordinal) || text.LastIndexOf('-') > text.IndexOf('T', StringComparison.Ordinal))
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out occurrence);
        if (!read || occurrence.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            return false;
        }

        occurrence = occurrence.ToUniversalTime();
        return true;
    }

    public static string InstanceId(string job, DateTimeOffset occurrence) => InstanceIdPrefix(job) + Format(occurrence);

    /// <summary>What every instance id of the job's occurrences (and of their batches) starts with.</summary>
    public static string InstanceIdPrefix(string job) => $"job:{job}:";
}
