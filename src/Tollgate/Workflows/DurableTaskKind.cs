namespace Tollgate.Workflows;

public enum DurableTaskKind
{
    Orchestrator,
    Activity,
}
