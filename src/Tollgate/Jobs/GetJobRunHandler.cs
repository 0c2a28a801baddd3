using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Tollgate.Intake;

namespace Tollgate.Jobs;

/// <summary>
/// <c>GET /api/jobs/{name}/runs/{occurrence}</c>: an occurrence's progress. Done, failed, in flight, cost and times come
/// from the orchestration itself (its custom status while it runs, its output once it ends), which is the one place
/// that counts them, at no storage write beyond the engine's own; pending is counted from the job's items.
/// </summary>
public sealed class GetJobRunHandler(IOptions<JobOptions> jobs, JobItemStore items, JobLauncher launcher)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<IResult> HandleAsync(string name, string occurrence, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!jobs.Value.ContainsKey(name))
        {
            return Problems.UnknownJob(name).ToResult();
        }

        if (!JobSchedule.TryParseOccurrence(occurrence, out DateTimeOffset instant))
        {
            return Problems.JobRunNotFound().ToResult();
        }

        string job = launcher.Canonical(name);
        return await ViewAsync(job, instant, client, cancellationToken).ConfigureAwait(false) is { } view
            ? Results.Ok(view)
            : Problems.JobRunNotFound().ToResult();
    }

    /// <summary>The occurrence's view, or null when it never started.</summary>
    public async Task<JobRunView?> ViewAsync(string job, DateTimeOffset occurrence, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string instanceId = JobSchedule.InstanceId(job, occurrence);
        OrchestrationMetadata? instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken).ConfigureAwait(false);
        if (instance is null)
        {
            return null;
        }

        string? published = instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? instance.SerializedOutput : instance.SerializedCustomStatus;
        JobState? state = (published is { Length: > 0 } ? Deserialize(published) : null) ?? Deserialize(instance.SerializedInput);
        Dictionary<JobItemStatus, int> counts = await items.CountAsync(job, JobSchedule.Format(occurrence), cancellationToken).ConfigureAwait(false);
        int inFlight = state?.InFlight ?? 0;
        return new JobRunView(job, occurrence, instanceId, instance.RuntimeStatus.ToString(), state?.Done ?? 0, state?.Failed ?? 0, inFlight,
            counts[JobItemStatus.Pending] + Math.Max(0, counts[JobItemStatus.Claimed] - inFlight), state?.Spent ?? 0m, state?.CostCeiling ?? 0m,
            state?.StoppedOnCeiling ?? false, state?.StartedAt ?? instance.CreatedAt, state?.FinishedAt,
            instance.FailureDetails?.ErrorMessage ?? (instance.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? instance.SerializedOutput : null));
    }

    private static JobState? Deserialize(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<JobState>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
