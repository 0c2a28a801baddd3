namespace Tollgate.Workflows;

/// <summary>The settings of a workflow that has none.</summary>
public sealed class NoSettings;
