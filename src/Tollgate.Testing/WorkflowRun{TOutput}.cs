using Tollgate.Runs;

namespace Tollgate.Testing;

/// <summary>A <see cref="WorkflowRun"/> whose output is typed, from <c>RunAsync(workflow, input)</c>.</summary>
public sealed class WorkflowRun<TOutput> : WorkflowRun
    where TOutput : class
{
    internal WorkflowRun(RunDetails details, IReadOnlyList<ModelRequest> requests, IReadOnlyList<TimeSpan> waits, TOutput? output, Exception? failure)
        : base(details, requests, waits, output, failure)
    {
        Output = output;
    }

    /// <summary>The workflow's output (null when the run failed).</summary>
    public new TOutput? Output { get; }
}
