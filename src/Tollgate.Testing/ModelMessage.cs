namespace Tollgate.Testing;

/// <summary>One message of a chat request as the model received it.</summary>
public sealed record ModelMessage(string Role, string Content);
