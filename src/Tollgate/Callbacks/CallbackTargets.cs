using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Tollgate.Intake;

namespace Tollgate.Callbacks;

/// <summary>
/// Whether a callback URL may be called: an absolute https URL (plain http only to loopback, and only when the DevHost
/// allows it) without user-info, at most <see cref="MaxLength"/> characters, whose host resolves and whose every address is
/// public — or whose host is allow-listed. Intake calls <see cref="ValidateAsync"/> before a run exists; the sender checks
/// the addresses again when it connects (<see cref="CheckAddresses"/>), so a name that turned private since is refused.
/// </summary>
public sealed class CallbackTargets(IOptionsMonitor<CallbackOptions> options, IHostAddressResolver resolver)
{
    /// <summary>The request field a refusal names.</summary>
    public const string Field = "callbackUrl";

    public const int MaxLength = 2048;

    /// <summary>
    /// Reads a callback URL's text: the URL, or why it is not one (null problem when it is). The rest of the rules are
    /// <see cref="ValidateAsync"/>'s.
    /// </summary>
    public static (Uri? Url, string? Problem) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            return (null, $"must be at most {MaxLength} characters.");
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? url) && url.Scheme is "http" or "https" && url.Host.Length > 0
            ? (url, null)
            : (null, "is not an absolute http(s) URL.");
    }

    /// <summary>
    /// Null when <paramref name="url"/> may receive callbacks now; otherwise the 400 problem naming <see cref="Field"/> and why
    /// (not configured, not https, user-info, private/loopback/link-local address, does not resolve). Changes nothing.
    /// </summary>
    public async Task<Problem?> ValidateAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        CallbackOptions current = options.CurrentValue;
        if (!current.IsConfigured)
        {
            return Problems.InvalidField(Field, "cannot be used: callbacks are not configured (Tollgate:Callbacks:SigningSecret).");
        }

        if (CheckUrl(url, current) is { } problem)
        {
            return Problems.InvalidField(Field, problem);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(url.IdnHost, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException)
        {
            return Problems.InvalidField(Field, $"names a host that does not resolve ({url.IdnHost}).");
        }

        return CheckAddresses(url.IdnHost, addresses, http: url.Scheme == Uri.UriSchemeHttp) is { } refusal
            ? Problems.InvalidField(Field, refusal)
            : null;
    }

    /// <summary>The callback as a run carries it: the URL with today's attempt limit and retry delay.</summary>
    public CallbackPlan Plan(Uri url)
    {
        CallbackOptions current = options.CurrentValue;
        return new CallbackPlan(url, current.MaxAttempts, current.FirstRetryDelay);
    }

    /// <summary>The URL's own rules (no resolution): scheme, user-info, length. Null when it passes.</summary>
    internal static string? CheckUrl(Uri url, CallbackOptions current)
    {
        if (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
        {
            return "is not an absolute http(s) URL.";
        }

        if (url.OriginalString.Length > MaxLength)
        {
            return $"must be at most {MaxLength} characters.";
        }

        if (url.UserInfo.Length > 0)
        {
            return "must not carry user-info (user:password@); put credentials in the path or query if you must.";
        }

        if (url.Scheme == Uri.UriSchemeHttp && !(current.AllowLoopbackHttp && (url.IsLoopback || IsLiteral(url.IdnHost, out _))))
        {
            return current.AllowLoopbackHttp
                ? "must be https (plain http only to a loopback address)."
                : "must be https.";
        }

        return null;
    }

    /// <summary>
    /// Why connecting to <paramref name="host"/> at these addresses is refused, or null: every address must pass
    /// <see cref="AddressPolicy"/> (one bad address refuses the name, so a resolver cannot alternate between them), and a
    /// plain-http target must be loopback only.
    /// </summary>
    public string? CheckAddresses(string host, IReadOnlyList<IPAddress> addresses, bool http)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            return $"names a host that does not resolve ({host}).";
        }

        CallbackOptions current = options.CurrentValue;
        bool allowListed = current.AllowedHosts.Contains(host, StringComparer.OrdinalIgnoreCase);
        foreach (IPAddress address in addresses)
        {
            if (AddressPolicy.Refusal(address, allowListed, current.AllowLoopbackHttp) is { } refusal)
            {
                return $"resolves to {refusal}; callbacks go only to public addresses (or hosts in Tollgate:Callbacks:AllowedHosts).";
            }

            if (http && AddressPolicy.Classify(address) != AddressRange.Loopback)
            {
                return "must be https (plain http only to a loopback address).";
            }
        }

        return null;
    }

    /// <summary>An IP literal is its own address (no DNS); a name goes to the resolver.</summary>
    public async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        return IsLiteral(host, out IPAddress? literal) ? [literal] : await resolver.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
    }

    private static bool IsLiteral(string host, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(host.Trim('[', ']'), out address);
}
