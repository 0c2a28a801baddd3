namespace Tollgate.Testing;

/// <summary>An OpenAI-compatible endpoint on loopback that the host's deployments point at, and what it received.</summary>
internal interface IModelEndpoint : IAsyncDisposable
{
    /// <summary>The endpoint as a deployment's <c>Endpoint</c> (the SDK appends <c>chat/completions</c>).</summary>
    Uri Endpoint { get; }

    /// <summary>Every request received so far, in arrival order.</summary>
    IReadOnlyList<ModelRequest> Requests { get; }
}
