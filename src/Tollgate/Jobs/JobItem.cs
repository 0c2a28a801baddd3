namespace Tollgate.Jobs;

/// <summary>A new item: its id (given, or derived from its content) and its workflow input as normalized JSON.</summary>
/// <param name="Id">The row key.</param>
/// <param name="InputJson">The workflow input, validated and normalized.</param>
public sealed record JobItem(string Id, string InputJson);
