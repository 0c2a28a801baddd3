namespace Tollgate.Intake;

public sealed record PromptView(string Id, int Version, string Sha256);
