using Tollgate.ModelSimulator;

namespace Tollgate.Testing;

/// <summary>The model simulator as the host's endpoint: its request log read as <see cref="ModelRequest"/>s.</summary>
internal sealed class SimulatorEndpoint(ModelSimulatorServer server) : IModelEndpoint
{
    public ModelSimulatorServer Server { get; } = server;

    public Uri Endpoint => new(Server.BaseAddress, "v1/");

    public IReadOnlyList<ModelRequest> Requests => [.. Server.Requests.Select(r => new ModelRequest
    {
        Sequence = r.Sequence,
        Deployment = r.Deployment,
        MaxOutputTokens = r.MaxOutputTokens,
        MaxOutputTokensField = r.MaxOutputTokensField,
        MessageCount = r.MessageCount,
        ResponseFormat = r.ResponseFormat,
        Seed = r.Seed,
        Temperature = r.Temperature,
        StatusCode = r.StatusCode,
    })];

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
