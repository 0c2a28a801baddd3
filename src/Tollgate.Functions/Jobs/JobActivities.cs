using Microsoft.Azure.Functions.Worker;
using Tollgate.Jobs;
using Tollgate.Workflows;

namespace Tollgate.Functions.Jobs;

/// <summary>The job activities of <see cref="TollgateTasks"/>, forwarded to <see cref="JobItemRunner"/>.</summary>
public sealed class JobActivities(JobItemRunner runner)
{
    [Function(TollgateTasks.ClaimJobItems)]
    public Task<IReadOnlyList<ClaimedItem>> ClaimAsync([ActivityTrigger] ClaimRequest request, CancellationToken cancellationToken) =>
        runner.ClaimAsync(request, cancellationToken);

    [Function(TollgateTasks.RecordJobItems)]
    public Task<RecordResult> RecordAsync([ActivityTrigger] RecordRequest request, CancellationToken cancellationToken) =>
        runner.RecordAsync(request, cancellationToken);

    [Function(TollgateTasks.ReleaseJobItems)]
    public Task<int> ReleaseAsync([ActivityTrigger] ReleaseRequest request, CancellationToken cancellationToken) =>
        runner.ReleaseAsync(request, cancellationToken);
}
