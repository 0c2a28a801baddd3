using Microsoft.DurableTask;

namespace Tollgate.Workflows;

/// <summary>
/// What the catalog, the hosts and the start-up checks know about a workflow without its type arguments. Implemented
/// by <see cref="Workflow{TInput, TOutput, TSettings}"/>; write workflows by deriving from that.
/// </summary>
public interface IWorkflow : ITaskOrchestrator
{
    /// <summary>The name callers start it by, in <c>/api/workflows/{name}/runs</c>: lower-case letters, digits and hyphens.</summary>
    string Name { get; }

    /// <summary>The most one run may spend on model calls, in the catalog's currency. No call is sent whose worst case would pass it.</summary>
    decimal CostCeiling { get; }

    /// <summary>The model latency one run should stay within; a run that passes it says so on its record and in a metric.</summary>
    TimeSpan LatencyBudget { get; }

    /// <summary>Every model step the workflow may take.</summary>
    IReadOnlyList<ModelStep> Steps { get; }

    /// <summary>The caller's input, validated from its declaration before a run exists.</summary>
    Type WorkflowInputType { get; }

    /// <summary>The settings read from <c>Tollgate:Workflows:{name}:Settings</c> when a run starts (<see cref="NoSettings"/> if none).</summary>
    Type SettingsType { get; }
}
