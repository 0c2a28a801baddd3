using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Rollouts;

/// <summary>
/// The gateway's one question about rollouts: does a rollout route this attempt, and where? A call's first attempt
/// of a rolled-out workflow step is routed by the user's arm (<see cref="RolloutAssigner"/>): the candidate's deployment
/// or the current one. Every later attempt of the same call keeps the arm its first attempt recorded — retries on the
/// same deployment go where the first attempt went, even if the percentage changed in between, and fallbacks (which
/// name their deployment) continue down the chosen deployment's own fallback chain. A call whose first attempt took
/// part in no rollout stays out of one.
/// </summary>
public sealed partial class RolloutRouter(RolloutCatalog catalog, RolloutAssigner assigner, RunStore runs, IOptionsMonitor<ModelOptions> models,
    ILogger<RolloutRouter> logger)
{
    /// <summary>The rollout's decision for <paramref name="request"/>, or null when no rollout routes it.</summary>
    public async Task<RolloutDecision?> DecideAsync(ModelAttemptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Workflow is not { } workflow || catalog.Find(workflow, request.Step) is not { } rollout)
        {
            return null;
        }

        if (request.Attempt > 1)
        {
            AttemptRecord? first = await runs.GetAttemptAsync(request.RunId, request.CallId, 1, cancellationToken).ConfigureAwait(false);
            if (first is not null)
            {
                return first.RolloutArm is { } label ? new RolloutDecision(label, first.Deployment) : null;
            }
        }
        else if (request.Deployment is not null)
        {
            // The workflow asked for a deployment by name: not the step's default, so not the rollout's to choose.
            return null;
        }

        string arm = await assigner.ArmOfAsync(rollout.Name, request.UserId, cancellationToken).ConfigureAwait(false);
        string deployment = rollout.DeploymentOf(arm);
        if (!models.CurrentValue.Deployments.ContainsKey(deployment))
        {
            // Only after the catalog was reloaded without it (a start-up or rollout reload would have refused this).
            LogMissingDeployment(rollout.Name, deployment);
            return null;
        }

        return new RolloutDecision(RolloutArms.Label(rollout.Name, arm), deployment);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rollout {Rollout} routes to {Deployment}, which the model catalog no longer has; the call goes to the default deployment.")]
    private partial void LogMissingDeployment(string rollout, string deployment);
}
