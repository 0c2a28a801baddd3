namespace Tollgate.DevHost.Durable;

/// <summary>Which Durable Task backend the DevHost's orchestrations run on.</summary>
public enum DurableBackend
{
    /// <summary>
    /// The Azure Storage backend on Azurite — the engine behind the Functions host's default Durable backend:
    /// runs survive a restart and concurrency behaves as in Azure. The default.
    /// </summary>
    AzureStorage,

    /// <summary>
    /// The in-memory backend of Microsoft.DurableTask.InProcessTestHost: forgets everything when the process
    /// ends and runs only <see cref="Environment.ProcessorCount"/> work items at once. Kept as the benchmark's
    /// baseline.
    /// </summary>
    InMemory,
}
