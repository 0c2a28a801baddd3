namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>
/// A DevHost with settings of its own, shared by the tests of one class (<c>IClassFixture</c>): derive, passing the
/// settings. Tests that share one must not leave anything behind that the next could see (faults, in-flight runs).
/// </summary>
public abstract class ConfiguredDevHost : IAsyncLifetime
{
    protected ConfiguredDevHost(IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        foreach ((string key, string? value) in settings)
        {
            Host.Settings[key] = value;
        }
    }

    public DevHostFixture Host { get; } = new();

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
