namespace Tollgate.Testing;

/// <summary>
/// A kit assertion that did not hold, or a run or replay that did not go as scripted. The message names what was expected
/// and what happened (steps, deployments, numbers), so a test framework can show it as it is. The kit depends on no test
/// framework: every one reports an unexpected exception as a failure.
/// </summary>
public sealed class WorkflowAssertionException : Exception
{
    public WorkflowAssertionException()
    {
    }

    public WorkflowAssertionException(string message)
        : base(message)
    {
    }

    public WorkflowAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
