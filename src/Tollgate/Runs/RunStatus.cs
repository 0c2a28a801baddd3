namespace Tollgate.Runs;

public enum RunStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}
