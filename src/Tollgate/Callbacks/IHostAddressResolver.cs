using System.Net;

namespace Tollgate.Callbacks;

/// <summary>Resolves a callback's host name; a seam so tests can feed the addresses a name "resolves" to.</summary>
public interface IHostAddressResolver
{
    /// <summary>Every address of <paramref name="host"/>; throws <see cref="System.Net.Sockets.SocketException"/> when it does not resolve.</summary>
    ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
