using Microsoft.Extensions.Options;

namespace Tollgate.IntegrationTests.Infrastructure;

/// <summary>Options that never change, for constructing services by hand.</summary>
public sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
