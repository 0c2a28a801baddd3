using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Tollgate.Runs;

/// <summary>
/// Run ids are 32 lower-case hex characters: a UUIDv7 (time-ordered) for a new run, or the first 128
/// bits of a SHA-256 over (workflow, user, idempotency key) so a repeated request finds its first run.
/// A run id is also the orchestration's instance id.
/// </summary>
public static partial class RunIds
{
    public static string New(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
    }

    public static string FromIdempotencyKey(string workflow, string userId, string key)
    {
        // Length-prefixed so ("a", "bc") and ("ab", "c") cannot collide.
        string canonical = $"{workflow.Length}:{workflow}|{userId.Length}:{userId}|{key.Length}:{key}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)).AsSpan(0, 16));
    }

    public static bool IsValid(string? runId) => runId is not null && Pattern().IsMatch(runId);

    [GeneratedRegex("^[0-9a-f]{32}\\z")]
    private static partial Regex Pattern();
}
