namespace Tollgate.Workflows;

/// <summary>Thrown in the orchestrator when a model call ends without an answer.</summary>
public sealed class ModelCallFailedException(string message) : Exception(message);
