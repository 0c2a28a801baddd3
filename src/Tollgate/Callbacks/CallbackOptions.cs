using Tollgate.Hosting;

namespace Tollgate.Callbacks;

/// <summary>
/// Signed result callbacks (<c>Tollgate:Callbacks</c>): when a run that named a <c>callbackUrl</c> ends, its result is
/// POSTed there as a Standard Webhooks delivery signed with <see cref="SigningSecret"/>. In Azure the secret is a Key Vault
/// reference; until the secret is set the setting holds the reference text, which counts as "not configured".
/// </summary>
public sealed class CallbackOptions
{
    public const string SectionName = "Tollgate:Callbacks";

    /// <summary>Longest wait between two attempts, however many failed before.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromHours(1);

    /// <summary>Longest per-attempt timeout: a receiver has to answer while the activity still runs.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The signing secret, <c>whsec_</c> followed by base64 (at least 16 bytes). Empty: callbacks are off.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>Delivery attempts per run, the first included (1 to 20).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Wait before the first retry; the n-th retry waits this × 2^(n-1), at most <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take, connect to last byte of the answer's headers (at most <see cref="MaxTimeout"/>).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Host names (exact, case-insensitive; no wildcards) admitted even when they resolve to internal addresses — an
    /// operator's explicit choice for a receiver inside the network. Link-local addresses (cloud metadata) stay refused.
    /// </summary>
    public IList<string> AllowedHosts { get; } = [];

    /// <summary>
    /// Plain http to a loopback address, and loopback targets at all. Only the DevHost turns this on, in code
    /// (<see cref="AllowLoopbackForDevHost"/>): the setter is private, so no configuration source can bind it, and the
    /// Functions app never admits loopback.
    /// </summary>
    public bool AllowLoopbackHttp { get; private set; }

    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(SigningSecret) && !KeyVaultReferences.IsUnresolved(SigningSecret);

    /// <summary>The DevHost's switch: callbacks may go to a receiver on this machine, over http.</summary>
    public void AllowLoopbackForDevHost() => AllowLoopbackHttp = true;
}
