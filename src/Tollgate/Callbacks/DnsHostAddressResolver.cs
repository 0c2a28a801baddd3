using System.Net;

namespace Tollgate.Callbacks;

/// <summary>The system resolver (<see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>).</summary>
public sealed class DnsHostAddressResolver : IHostAddressResolver
{
    public async ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
}
