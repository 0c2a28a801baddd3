using System.Globalization;
using Microsoft.DurableTask;
using Tollgate.Caching;
using Tollgate.Models;

namespace Tollgate.Workflows;

/// <summary>
/// A model call inside an orchestration: a deterministic loop over attempts, each one a recorded
/// activity. A transient failure is retried on the same deployment after the provider's Retry-After or an
/// exponential backoff, waiting on a durable timer (no compute, survives restarts). The call moves to the
/// deployment's fallback — which re-checks the budget and its own context window in the gateway — when
/// the deployment is rate limited, out of attempts, or cannot take the request (window, budget, cost ceiling). An
/// invalid structured answer gets one repair attempt on the same deployment first.
/// </summary>
public static class ModelCalls
{
    /// <summary>Attempts on one deployment before moving to its fallback (or giving up).</summary>
    public const int AttemptsPerDeployment = 3;

    /// <summary>Attempts of one call across its whole fallback chain.</summary>
    public const int MaxAttempts = 6;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Makes the call: attempts, retries, one repair of an invalid structured answer, fallbacks. Each attempt is told
    /// what is left of <paramref name="costCeilingLeft"/> after the attempts before it. Throws
    /// <see cref="ModelCallFailedException"/> when no attempt answered.
    /// </summary>
    public static async Task<ModelCallResult> InvokeAsync(this TaskOrchestrationContext context, RunContext run, ModelCall call,
        decimal? costCeilingLeft = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(call);

        string callId = context.NewGuid().ToString("N");
        string? deployment = null; // the catalog's default deployment
        int onDeployment = 0;
        decimal spent = 0m;
        bool repaired = false;
        RepairRequest? repair = null;
        ModelAttemptResult? last = null;
        int made = 0;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            made = attempt;
            var request = new ModelAttemptRequest(run.RunId, run.UserId, callId, attempt, call.Step, call.PromptId, call.PromptVersion, call.Variables,
                call.MaxOutputTokens, call.MinOutputTokens, deployment, call.Output, repair, costCeilingLeft - spent,
                call.Workflow, call.Cache, call.BypassCache, call.Trim, call.LatencyBudget);
            last = await context.CallActivityAsync<ModelAttemptResult>(TollgateTasks.CallModel, request);
            spent += last.Cost.Total;
            onDeployment++;
            repair = null;
            if (AttemptOutcomes.IsAnswer(last.Outcome))
            {
                return new ModelCallResult(last, spent);
            }

            // One repair per call: the same deployment sees its answer and what was wrong with it.
            if (AttemptOutcomes.Of(last.Outcome).Repairable && !repaired)
            {
                repaired = true;
                repair = new RepairRequest(last.Text, last.OutputErrors ?? [last.Error ?? last.Outcome.ToString()]);
                continue;
            }

            if (last.Fallback is not null && ShouldFallBack(last, onDeployment))
            {
                deployment = last.Fallback;
                onDeployment = 0;
                continue;
            }

            if (!last.IsTransient || onDeployment >= AttemptsPerDeployment)
            {
                break;
            }

            TimeSpan backoff = FirstBackoff * Math.Pow(2, onDeployment - 1);
            TimeSpan wait = last.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
            await context.WaitAtLeastAsync(wait < MaxWait ? wait : MaxWait);
        }

        // Stale-serve (Caching/StaleAnswers): a step that allows it answers from its newest cached entry once the chain gave up.
        if (StaleAnswers.RequestFor(run, call, callId, made + 1, last!.Outcome) is { } staleRequest
            && await context.CallActivityAsync<ModelAttemptResult?>(TollgateTasks.ServeStale, staleRequest) is { } stale)
        {
            return new ModelCallResult(stale, spent);
        }

        throw new ModelCallFailedException(string.Create(CultureInfo.InvariantCulture,
            $"Step '{call.Step}' got no answer: {last!.Outcome} on {last.Deployment} ({last.Error})."), last.Outcome, spent);
    }

    /// <summary>
    /// Waits on a durable timer for at least <paramref name="wait"/>. The Azure Storage backend (in Azure and in the
    /// DevHost) hides a timer's message for whole seconds, truncated, so a timer can fire up to a second early — too
    /// early for a provider's Retry-After. A second timer a second past due cannot be early.
    /// </summary>
    private static async Task WaitAtLeastAsync(this TaskOrchestrationContext context, TimeSpan wait)
    {
        DateTime due = context.CurrentUtcDateTime + wait;
        await context.CreateTimer(due, CancellationToken.None);
        if (context.CurrentUtcDateTime < due)
        {
            await context.CreateTimer(due + TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    /// <summary>
    /// Whether the call moves to the deployment's fallback now: at once, after this deployment's attempts, or
    /// never, as <see cref="AttemptOutcomes"/> says for the outcome.
    /// </summary>
    private static bool ShouldFallBack(ModelAttemptResult result, int attemptsOnDeployment) => AttemptOutcomes.Of(result.Outcome).Fallback switch
    {
        FallbackRule.AtOnce => true,
        FallbackRule.AfterDeploymentAttempts => attemptsOnDeployment >= AttemptsPerDeployment,
        _ => false,
    };
}
