namespace Tollgate.Intake;

public sealed record StartRunResponse(string RunId, string Workflow, string Status, string StatusUrl);
