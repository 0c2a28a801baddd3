using Azure.Core;
using Microsoft.Extensions.Options;
using Tollgate.Runs;
using Tollgate.Storage;

namespace Tollgate.Tests.Support;

/// <summary>
/// A <see cref="RunStore"/> whose table endpoint is a closed loopback port: any read or write
/// throws, so a handler that answers at all has provably not touched storage.
/// </summary>
internal static class UnreachableStorage
{
    /// <summary>Azurite's published development account and key, aimed at port 1 where nothing listens.</summary>
    public const string ConnectionString =
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;"
        + "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;"
        + "TableEndpoint=http://127.0.0.1:1/devstoreaccount1;";

    public static RunStore CreateRunStore()
    {
        var tables = new TollgateTables(Options.Create(new StorageOptions { ConnectionString = ConnectionString }), new NoCredential());
        return new RunStore(tables, TimeProvider.System);
    }

    /// <summary>
    /// Asserts that <paramref name="thrown"/> came from trying to reach the unreachable table endpoint
    /// (the Azure SDK wraps its failed retries in an <see cref="AggregateException"/>).
    /// </summary>
    public static void AssertReachedStorage(Exception thrown)
    {
        Exception[] causes = thrown is AggregateException aggregate ? [.. aggregate.Flatten().InnerExceptions] : [thrown];
        Assert.True(causes.All(c => c is Azure.RequestFailedException), $"Expected a storage failure, got: {thrown}");
    }

    /// <summary>A connection string is configured, so no token may ever be asked for.</summary>
    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No credential may be used when a connection string is configured.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No credential may be used when a connection string is configured.");
    }
}
