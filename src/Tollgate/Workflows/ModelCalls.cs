using System.Globalization;
using Microsoft.DurableTask;
using Tollgate.Models;

namespace Tollgate.Workflows;

/// <summary>
/// What a workflow step asks of a model. <see cref="MaxOutputTokens"/> is the most output it may buy;
/// <see cref="MinOutputTokens"/> the least that is still useful when the budget runs low.
/// </summary>
public sealed record ModelCall(string Step, string PromptId, int PromptVersion, IReadOnlyDictionary<string, string> Variables,
    int MaxOutputTokens, int MinOutputTokens);

/// <summary>Thrown in the orchestrator when a model call ends without an answer.</summary>
public sealed class ModelCallFailedException(string message) : Exception(message);

/// <summary>
/// A model call inside an orchestration: a deterministic loop over attempts, each one a recorded
/// activity. Transient failures wait (the provider's Retry-After, else exponential backoff) on a
/// durable timer, so waiting costs no compute and survives restarts.
/// </summary>
public static class ModelCalls
{
    public const int MaxAttempts = 3;

    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromMinutes(1);

    public static async Task<ModelAttemptResult> InvokeAsync(this TaskOrchestrationContext context, RunContext run, ModelCall call)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(call);

        string callId = context.NewGuid().ToString("N");
        ModelAttemptResult? last = null;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var request = new ModelAttemptRequest(run.RunId, run.UserId, callId, attempt, call.Step, call.PromptId, call.PromptVersion, call.Variables,
                call.MaxOutputTokens, call.MinOutputTokens);
            last = await context.CallActivityAsync<ModelAttemptResult>(TollgateTasks.CallModel, request);
            if (last.Outcome == AttemptOutcome.Succeeded)
            {
                return last;
            }

            if (!last.IsTransient || attempt == MaxAttempts)
            {
                break;
            }

            TimeSpan backoff = FirstBackoff * Math.Pow(2, attempt - 1);
            TimeSpan wait = last.RetryAfter is { } retryAfter && retryAfter > backoff ? retryAfter : backoff;
            await context.CreateTimer(wait < MaxWait ? wait : MaxWait, CancellationToken.None);
        }

        throw new ModelCallFailedException(string.Create(CultureInfo.InvariantCulture,
            $"Step '{call.Step}' got no answer: {last!.Outcome} ({last.Error})."));
    }
}
