namespace Tollgate.Intake;

/// <summary>The queues Tollgate reads: run requests, and where requests that can never succeed go.</summary>
public static class IntakeQueues
{
    public const string Requests = "workflow-requests";
    public const string Poison = "workflow-requests-poison";

    /// <summary>The storage connection the queue trigger uses (identity-based in Azure).</summary>
    public const string Connection = "AzureWebJobsStorage";

    /// <summary>Deliveries of one message before it moves to <see cref="Poison"/> (host.json <c>extensions.queues.maxDequeueCount</c>).</summary>
    public const int MaxDequeueCount = 5;
}
