using System.Globalization;
using Tollgate.Models;
using Tollgate.Outputs;
using Tollgate.Prompts;

namespace Tollgate.Runs;

/// <summary>
/// Answers the model calls of a recorded replay from the original run's record: the n-th call of a step is
/// answered with the n-th answered attempt of that step in the original. Nothing is sent and nothing is
/// charged. If the workflow now sends a different prompt, makes a call the recording has no answer for, or declares
/// an output schema the recorded answer does not satisfy, the replay says so instead of pretending.
/// </summary>
public sealed class RecordedReplay(RunStore runs)
{
    public async Task<ModelAttemptResult> AnswerAsync(ModelAttemptRequest request, RenderedPrompt prompt, string originalRunId, string deploymentName,
        int countedInput, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(prompt);
        RunDetails original = await runs.GetAsync(originalRunId, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Run {request.RunId} replays {originalRunId}, which has no record.");
        RunDetails? replay = await runs.GetAsync(request.RunId, cancellationToken).ConfigureAwait(false);
        int callIndex = (replay?.Attempts ?? [])
            .Where(a => a.Step == request.Step && a.CallId != request.CallId)
            .Select(a => a.CallId)
            .Distinct(StringComparer.Ordinal)
            .Count();
        AttemptRecord? recorded = original.Attempts
            .Where(a => a.Step == request.Step && AttemptOutcomes.IsAnswer(a.Outcome))
            .OrderBy(a => a.StartedAt)
            .ElementAtOrDefault(callIndex);
        string deployment = recorded?.Deployment ?? deploymentName;

        string? problem = recorded is null
            ? string.Create(CultureInfo.InvariantCulture, $"The recording of {originalRunId} has no answer for call {callIndex + 1} of step '{request.Step}'.")
            : recorded.PromptSha256 != prompt.Template.ContentHash || recorded.PromptVersion != prompt.Template.Version
                ? $"The prompt changed since the recording: {recorded.PromptId} v{recorded.PromptVersion} ({recorded.PromptSha256}) was recorded, "
                    + $"{prompt.Template.Id} v{prompt.Template.Version} ({prompt.Template.ContentHash}) is sent now."
                : request.Output is { } schema && OutputValidation.Validate(schema, recorded.Output) is { Count: > 0 } errors
                    ? $"The recorded answer does not satisfy the output schema sent now ({schema.Sha256}): {string.Join("; ", errors)}"
                    : null;
        if (problem is not null)
        {
            return ModelGateway.Refused(AttemptOutcome.Rejected, deployment, countedInput, request.MaxOutputTokens, problem);
        }

        return new ModelAttemptResult(AttemptOutcome.Succeeded, deployment, recorded!.Output, recorded.ResponseModel, recorded.SystemFingerprint,
            recorded.FinishReason, countedInput, recorded.MaxOutputTokens, TokenUsage.None, ModelCost.Zero, 0,
            ReplayedFrom: string.Create(CultureInfo.InvariantCulture, $"{originalRunId}/{recorded.CallId}/{recorded.Attempt}"));
    }
}
