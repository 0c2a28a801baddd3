using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Tollgate.Callbacks;

namespace Tollgate.Tests.Callbacks;

/// <summary>Fixed options and a resolver that answers from a table, so no test depends on real DNS.</summary>
internal static class CallbackTestSupport
{
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    public static CallbackOptions Options(bool loopback = false, params string[] allowed)
    {
        var options = new CallbackOptions { SigningSecret = Secret };
        foreach (string host in allowed)
        {
            options.AllowedHosts.Add(host);
        }

        if (loopback)
        {
            options.AllowLoopbackForDevHost();
        }

        return options;
    }

    public static CallbackTargets Targets(CallbackOptions options, FakeResolver? resolver = null) =>
        new(new Fixed(options), resolver ?? new FakeResolver());

    public sealed class FakeResolver : IHostAddressResolver
    {
        public Dictionary<string, IPAddress[]> Names { get; } = new(StringComparer.OrdinalIgnoreCase);

        public List<string> Asked { get; } = [];

        public ValueTask<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
        {
            Asked.Add(host);
            return Names.TryGetValue(host, out IPAddress[]? addresses)
                ? ValueTask.FromResult(addresses)
                : throw new SocketException((int)SocketError.HostNotFound);
        }
    }

    private sealed class Fixed(CallbackOptions value) : IOptionsMonitor<CallbackOptions>
    {
        public CallbackOptions CurrentValue => value;

        public CallbackOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<CallbackOptions, string?> listener) => null;
    }
}
