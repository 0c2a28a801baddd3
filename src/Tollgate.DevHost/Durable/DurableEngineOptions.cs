using System.ComponentModel.DataAnnotations;

namespace Tollgate.DevHost.Durable;

/// <summary>
/// How the DevHost runs its Durable Task engine (section <c>DevHost:Durable</c>). The concurrency limits
/// default to host.json's <c>extensions.durableTask</c> values, so the DevHost runs as many orchestrator and
/// activity executions at once as one Functions instance does.
/// </summary>
public sealed class DurableEngineOptions
{
    public const string Section = "DevHost:Durable";

    /// <summary>The Functions setting host.json reads as the task hub name (<c>%TaskHubName%</c>); the DevHost reads it too.</summary>
    public const string TaskHubNameSetting = "TaskHubName";

    public const string DefaultTaskHubName = "tollgatelocal";

    public DurableBackend Backend { get; set; } = DurableBackend.AzureStorage;

    /// <summary>Task hub name: letters and digits, starting with a letter, 3 to 45 characters (Azure Storage backend rule).</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,44}$", ErrorMessage = "TaskHubName must be 3-45 letters and digits, starting with a letter.")]
    public string TaskHubName { get; set; } = DefaultTaskHubName;

    /// <summary>host.json <c>maxConcurrentActivityFunctions</c>.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentActivityFunctions { get; set; } = 10;

    /// <summary>host.json <c>maxConcurrentOrchestratorFunctions</c>.</summary>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestratorFunctions { get; set; } = 10;

    /// <summary>
    /// Longest wait between polls of an idle queue. It also bounds how late a durable timer (a retry's backoff)
    /// fires, so it stays short locally; the Functions host's default is 30 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:00:30")]
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a dequeued activity stays invisible. The sidecar never renews this lock, so it must outlast the
    /// longest model call (checked at start-up: a quarter above every deployment's <c>RequestTimeout</c>), or the same
    /// call would be dispatched twice. A killed DevHost's in-flight activities run again after this long.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan WorkItemVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a dequeued orchestration message stays invisible (orchestrator episodes take milliseconds).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan ControlQueueVisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Control-queue partitions (host.json <c>partitionCount</c>, default 4).</summary>
    [Range(1, 16)]
    public int PartitionCount { get; set; } = 4;

    /// <summary>Deletes the task hub (queues, tables, blobs) when the host stops: for throw-away hosts such as tests.</summary>
    public bool DeleteTaskHubOnStop { get; set; }
}
