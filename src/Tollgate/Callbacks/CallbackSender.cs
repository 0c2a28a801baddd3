using System.Net;
using System.Net.Sockets;

namespace Tollgate.Callbacks;

/// <summary>
/// The one HTTP client callbacks go out on. Its <see cref="SocketsHttpHandler.ConnectCallback"/> resolves the host itself,
/// refuses the connection if any address is one callbacks may not reach (<see cref="CallbackTargets.CheckAddresses"/>), and
/// connects the socket to a checked address — so DNS cannot answer one address to the check and another to the connect.
/// TLS still validates the certificate against the URL's host name. Redirects are not followed and no proxy is used (a
/// proxy would make the connect, and so the check, go to the proxy).
/// </summary>
public sealed class CallbackSender : IDisposable
{
    private readonly HttpClient _client;

    public CallbackSender(CallbackTargets targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            // A pooled connection was checked when it opened; recycle it so a long-lived one does not outlast a DNS change by much.
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, cancellationToken) => ConnectAsync(targets, context, cancellationToken),
        };
        // Each attempt has its own timeout (CallbackOptions.Timeout), applied by the caller's token.
        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

    public void Dispose() => _client.Dispose();

    /// <summary>The refusal a failed send carries, if the SSRF guard caused it.</summary>
    public static CallbackRefusedException? RefusalOf(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is CallbackRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }

    internal static async ValueTask<Stream> ConnectAsync(CallbackTargets targets, SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        string host = context.DnsEndPoint.Host;
        IPAddress[] addresses = await targets.ResolveAsync(host, cancellationToken).ConfigureAwait(false);
        bool http = context.InitialRequestMessage.RequestUri?.Scheme == Uri.UriSchemeHttp;
        if (targets.CheckAddresses(host, addresses, http) is { } refusal)
        {
            throw new CallbackRefusedException($"'{host}' {refusal}");
        }

        Exception? last = null;
        foreach (IPAddress address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}
