using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI.Chat;
using Tollgate.Budgets;
using Tollgate.Caching;
using Tollgate.Outputs;
using Tollgate.Prompts;
using Tollgate.Rollouts;
using Tollgate.Runs;
using Tollgate.Telemetry;
using Tollgate.Trimming;

namespace Tollgate.Models;

/// <summary>
/// The one governed path to a model. An attempt counts its input before sending, refuses what
/// cannot fit the deployment's window, sends the step's output cap on every request, prices the
/// provider-reported usage and records the attempt whatever its outcome. It never retries: the
/// orchestrator owns that decision, so every request that reached a provider is on the record.
/// </summary>
public sealed partial class ModelGateway(
    IOptionsMonitor<ModelOptions> options,
    ChatClientFactory clients,
    DeploymentCircuits circuits,
    TokenCounter tokens,
    RunStore runs,
    RecordedReplay recordedReplay,
    BudgetLedger ledger,
    ResponseCache cache,
    TimeProvider time,
    ILogger<ModelGateway> logger,
    ContextTrimmer trimmer,
    DeploymentLatencies latencies,
    RolloutRouter rollouts)
{
    /// <summary>Longest model output kept inline on an attempt row (Table Storage caps a string at 32K characters).</summary>
    internal const int MaxRecordedOutputChars = 30_000;

    public async Task<ModelAttemptResult> AttemptAsync(ModelAttemptRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MinOutputTokens, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.MaxOutputTokens, request.MinOutputTokens);

        ModelOptions catalog = options.CurrentValue;
        string deploymentName = request.Deployment ?? catalog.DefaultDeployment;
        if (!catalog.Deployments.TryGetValue(deploymentName, out ModelDeploymentOptions? deployment))
        {
            throw new InvalidOperationException($"Model deployment '{deploymentName}' is not in the catalog.");
        }

        // Rollouts (issue 8): a rolled-out step's call goes to the deployment of the user's arm, and every attempt of
        // the call records the arm (Rollouts/RolloutRouter). Decided before trimming, which fits the chosen deployment's
        // window; a recorded replay below takes part in no rollout.
        if (await rollouts.DecideAsync(request, cancellationToken).ConfigureAwait(false) is { } rollout)
        {
            request = request with { RolloutArm = rollout.Label };
            deploymentName = request.Deployment ?? rollout.Deployment;
            deployment = catalog.Deployments.GetValueOrDefault(deploymentName)
                ?? throw new InvalidOperationException($"Model deployment '{deploymentName}' is not in the catalog.");
        }

        RenderedPrompt prompt = PromptCatalog.Get(request.PromptId, request.PromptVersion).Render(request.Variables);
        int countedInput = CountInput(prompt, request);
        // Context trimming (issue 8): a step's trimmable variable is cut to fit this deployment's window, per attempt.
        if (request.Trim is { } trim && countedInput + request.MaxOutputTokens > deployment.ContextWindow
            && trimmer.Fit(prompt.Template, request.Variables, trim, deployment.ContextWindow, request.MaxOutputTokens, p => CountInput(p, request),
                countedInput) is { } fitted)
        {
            (prompt, countedInput) = (fitted.Prompt, fitted.CountedInputTokens);
        }

        DateTimeOffset startedAt = time.GetUtcNow();

        if (await runs.GetRunAsync(request.RunId, cancellationToken).ConfigureAwait(false) is { ReplayMode: ReplayMode.Recorded, ReplayOf: { } original })
        {
            request = request with { RolloutArm = null };
            ModelAttemptResult answer = await recordedReplay.AnswerAsync(request, prompt, original, deploymentName, countedInput, cancellationToken)
                .ConfigureAwait(false);
            return await CompleteAsync(request, prompt, startedAt, answer, cancellationToken).ConfigureAwait(false);
        }

        // Durable runs an activity at least once: a re-run of an attempt that already finished (the worker died
        // before the result reached the orchestrator) returns the recorded result and calls nothing again.
        string reservationId = string.Create(CultureInfo.InvariantCulture, $"{request.RunId}|{request.CallId}|{request.Attempt:D3}");
        if (await runs.GetAttemptAsync(request.RunId, request.CallId, request.Attempt, cancellationToken).ConfigureAwait(false) is { } finished)
        {
            await ledger.SettleAsync(request.UserId, reservationId, finished.Cost.Total, CancellationToken.None).ConfigureAwait(false);
            return WithFallback(FromRecord(finished));
        }

        // Latency-aware degradation (issue 8): a deployment answering slower than the step can wait is skipped, unsent.
        if (request.LatencyBudget is { } latencyBudget && deployment.Fallback is { Length: > 0 }
            && latencies.TooSlowFor(deploymentName, latencyBudget) is { } tooSlow)
        {
            ModelAttemptResult refused = Refused(AttemptOutcome.TooSlow, deploymentName, countedInput, request.MaxOutputTokens, tooSlow);
            return await CompleteAsync(request, prompt, startedAt, refused, cancellationToken).ConfigureAwait(false);
        }

        if (countedInput + request.MaxOutputTokens > deployment.ContextWindow)
        {
            string error = string.Create(CultureInfo.InvariantCulture,
                $"{countedInput} input tokens plus an output cap of {request.MaxOutputTokens} exceed the context window of {deployment.ContextWindow}.");
            ModelAttemptResult refused = Refused(AttemptOutcome.ContextTooLong, deploymentName, countedInput, request.MaxOutputTokens, error);
            return await CompleteAsync(request, prompt, startedAt, refused, cancellationToken).ConfigureAwait(false);
        }

        // Response cache (Caching/ResponseCache): a step that opted in is answered from a fresh entry for exactly this
        // request before anything is reserved or sent; nothing is charged and the attempt names the one it came from.
        if (await cache.LookupAsync(request, prompt, deploymentName, deployment, countedInput, cancellationToken).ConfigureAwait(false) is { } cached)
        {
            return await CompleteAsync(request, prompt, startedAt, cached, cancellationToken).ConfigureAwait(false);
        }

        // The run's cost ceiling first: the largest cap whose worst case fits what is left of it (not below the
        // step's floor), or nothing is sent and the call moves to a cheaper fallback.
        int cap = request.MaxOutputTokens;
        if (request.CostCeilingLeft is { } ceilingLeft && WorstCase(deployment, countedInput, cap).Total > ceilingLeft)
        {
            int? withinCeiling = AffordableOutputTokens(deployment, countedInput, ceilingLeft);
            if (withinCeiling is not { } ceilingCap || ceilingCap < request.MinOutputTokens)
            {
                string error = string.Create(CultureInfo.InvariantCulture,
                    $"The call needs {WorstCase(deployment, countedInput, request.MinOutputTokens).Total} at its smallest cap; {ceilingLeft} is left of the run's cost ceiling.");
                ModelAttemptResult refused = Refused(AttemptOutcome.CostCeiling, deploymentName, countedInput, request.MinOutputTokens, error);
                return await CompleteAsync(request, prompt, startedAt, refused, cancellationToken).ConfigureAwait(false);
            }

            cap = ceilingCap;
        }

        // Reserve the worst case before sending. If the budget cannot cover the cap, degrade to the
        // largest cap it can cover (not below the step's floor) rather than fail after spending.
        decimal reserved = WorstCase(deployment, countedInput, cap).Total;
        Reservation reservation = await ledger.ReserveAsync(request.UserId, reservationId, reserved, cancellationToken).ConfigureAwait(false);
        if (reservation.Existing is { } interrupted)
        {
            // This attempt ran before and stopped between reserving and recording: the model may have been
            // called and billed. Charge that in full, and let the orchestrator make a new attempt.
            decimal inputCost = WorstCase(deployment, countedInput, 0).Total;
            ModelAttemptResult charged = Refused(AttemptOutcome.Interrupted, deploymentName, countedInput, cap,
                "An earlier execution of this attempt stopped mid-call; charged at its reservation.") with
            {
                Cost = new ModelCost(Math.Min(inputCost, interrupted), 0m, Math.Max(0m, interrupted - inputCost)),
                Reserved = interrupted,
            };
            RecordMetrics(charged, deploymentName);
            ModelAttemptResult recorded = await CompleteAsync(request, prompt, startedAt, charged, CancellationToken.None).ConfigureAwait(false);
            await ledger.SettleAsync(request.UserId, reservationId, interrupted, CancellationToken.None).ConfigureAwait(false);
            return recorded;
        }

        if (!reservation.Granted && AffordableOutputTokens(deployment, countedInput, reservation.Available) is int affordable
            && affordable >= request.MinOutputTokens && affordable < cap)
        {
            cap = affordable;
            reserved = WorstCase(deployment, countedInput, cap).Total;
            reservation = await ledger.ReserveAsync(request.UserId, reservationId, reserved, cancellationToken).ConfigureAwait(false);
        }

        if (!reservation.Granted)
        {
            string error = string.Create(CultureInfo.InvariantCulture,
                $"The call needs {WorstCase(deployment, countedInput, request.MinOutputTokens).Total} at its smallest cap; {reservation.Available} is left this month.");
            ModelAttemptResult refused = Refused(AttemptOutcome.BudgetExceeded, deploymentName, countedInput, request.MinOutputTokens, error);
            return await CompleteAsync(request, prompt, startedAt, refused, cancellationToken).ConfigureAwait(false);
        }

        ModelAttemptResult result;
        try
        {
            result = await circuits.SendAsync(deploymentName,
                    token => SendAsync(request, prompt, deploymentName, deployment, countedInput, cap, token), cancellationToken).ConfigureAwait(false)
                ?? Refused(AttemptOutcome.CircuitOpen, deploymentName, countedInput, cap,
                    "The deployment's circuit is open after repeated failures; nothing was sent.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host is shutting down mid-call: the outcome is unknown, so it is charged at the reservation.
            result = Unknown(AttemptOutcome.Interrupted, deploymentName, deployment, countedInput, cap, 0, "The host stopped the call.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Anything else the SDK throws (e.g. a response it cannot parse): the outcome is unknown, so it is
            // recorded, charged at the reservation, and left to the orchestrator to retry.
            LogUnexpected(request.RunId, deploymentName, ex.GetType().FullName);
            result = Unknown(AttemptOutcome.Interrupted, deploymentName, deployment, countedInput, cap, 0, $"Unexpected {ex.GetType().Name}.");
        }

        // Recorded first, settled second: a crash in between leaves a finished attempt row, which a re-run
        // returns (settling then), instead of an unrecorded charge.
        latencies.Record(deploymentName, result);
        RecordMetrics(result, deploymentName);
        ModelAttemptResult completed = await CompleteAsync(request, prompt, startedAt, result with { Reserved = reserved }, CancellationToken.None)
            .ConfigureAwait(false);
        await ledger.SettleAsync(request.UserId, reservationId, result.Cost.Total, CancellationToken.None).ConfigureAwait(false);
        // Response cache: a valid answer is stored for the next identical request (best effort, never fails the attempt).
        await cache.StoreAsync(request, prompt, deploymentName, deployment, completed, CancellationToken.None).ConfigureAwait(false);
        return completed;
    }

    /// <summary>
    /// The sampling seed sent with a prompt: derived from the exact messages, so the same prompt is sent with
    /// the same seed in every run and every live replay (providers make a best effort to honour it).
    /// </summary>
    public static long SeedOf(RenderedPrompt prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"{prompt.System.Length}:{prompt.System}\n{prompt.User}"));
        return BitConverter.ToInt64(hash, 0) & long.MaxValue;
    }

    internal static ModelAttemptResult FromRecord(AttemptRecord a) => new(
        a.Outcome, a.Deployment, a.Output, a.ResponseModel, a.SystemFingerprint, a.FinishReason, a.CountedInputTokens, a.MaxOutputTokens,
        a.Usage, a.Cost, a.LatencyMilliseconds, Error: a.Error, Reserved: a.Reserved, ReplayedFrom: a.ReplayedFrom, CostIsEstimate: a.CostIsEstimate,
        CachedFrom: a.CachedFrom, StaleAgeSeconds: a.StaleAgeSeconds, TrimmedTokens: a.TrimmedTokens, RolloutArm: a.RolloutArm);

    private ModelAttemptResult WithFallback(ModelAttemptResult result) => result with
    {
        Fallback = options.CurrentValue.Deployments.TryGetValue(result.Deployment, out ModelDeploymentOptions? deployment)
            && deployment.Fallback is { Length: > 0 } fallback ? fallback : null,
    };

    private async Task<ModelAttemptResult> SendAsync(ModelAttemptRequest request, RenderedPrompt prompt, string deploymentName,
        ModelDeploymentOptions deployment, int countedInput, int cap, CancellationToken cancellationToken)
    {
        using Activity? activity = TollgateTelemetry.Source.StartActivity($"chat {deployment.Deployment}", ActivityKind.Client);
        activity?.SetTag(TollgateTelemetry.Attributes.OperationName, "chat");
        activity?.SetTag(TollgateTelemetry.Attributes.System, deployment.Kind == ModelEndpointKind.AzureOpenAI ? "az.ai.openai" : "openai");
        activity?.SetTag(TollgateTelemetry.Attributes.RequestModel, deployment.Deployment);
        activity?.SetTag(TollgateTelemetry.Attributes.RequestMaxTokens, cap);
        activity?.SetTag(TollgateTelemetry.Attributes.RunId, request.RunId);
        activity?.SetTag(TollgateTelemetry.Attributes.Deployment, deploymentName);

        var chatOptions = new ChatCompletionOptions { MaxOutputTokenCount = cap, Temperature = 0f };
#pragma warning disable OPENAI001 // Seed is marked experimental in OpenAI 2.1.0; it is what makes a live replay of the same prompt repeatable.
        chatOptions.Seed = SeedOf(prompt);
#pragma warning restore OPENAI001
        if (request.Output is { } schema)
        {
            chatOptions.ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(schema.Name, BinaryData.FromString(schema.Json), jsonSchemaIsStrict: true);
        }

        List<ChatMessage> messages = [new SystemChatMessage(prompt.System), new UserChatMessage(prompt.User)];
        if (request.Repair is { } repair)
        {
            messages.Add(new AssistantChatMessage(repair.PreviousAnswer ?? ""));
            messages.Add(new UserChatMessage(RepairInstruction(repair)));
        }

        long started = time.GetTimestamp();
        ModelAttemptResult result;
        try
        {
            ClientResult<ChatCompletion> response = await clients.Get(deploymentName, deployment)
                .CompleteChatAsync(messages, chatOptions, cancellationToken).ConfigureAwait(false);
            result = Checked(request, Answered(response.Value, deploymentName, deployment, countedInput, cap, Elapsed(started)));
        }
        catch (ClientResultException ex) when (ex.Status != 0)
        {
            result = Failed(ex, deploymentName, countedInput, cap, Elapsed(started));
        }
        catch (Exception ex) when (ex is HttpRequestException or ClientResultException)
        {
            // The connection failed; the request may or may not have been processed: charged at its worst case.
            result = Unknown(AttemptOutcome.Unreachable, deploymentName, deployment, countedInput, cap, Elapsed(started), "The endpoint could not be reached.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The SDK's network timeout: the provider may have done (and billed) the work.
            result = Unknown(AttemptOutcome.TimedOut, deploymentName, deployment, countedInput, cap, Elapsed(started),
                $"No answer within {deployment.RequestTimeout}.");
        }

        activity?.SetTag(TollgateTelemetry.Attributes.ResponseModel, result.ResponseModel);
        activity?.SetTag(TollgateTelemetry.Attributes.UsageInputTokens, result.Usage.InputTokens);
        activity?.SetTag(TollgateTelemetry.Attributes.UsageOutputTokens, result.Usage.OutputTokens);
        if (result.FinishReason is not null)
        {
            activity?.SetTag(TollgateTelemetry.Attributes.ResponseFinishReasons, new[] { result.FinishReason });
        }

        if (result.Outcome != AttemptOutcome.Succeeded)
        {
            activity?.SetTag(TollgateTelemetry.Attributes.ErrorType, result.Outcome.ToString());
            activity?.SetStatus(ActivityStatusCode.Error);
        }

        return result;
    }

    /// <summary>
    /// What a request sends, counted before it is sent: the messages (with a repair's two extra ones) and, for a
    /// structured step, the schema, which the provider adds to the prompt and bills as input.
    /// </summary>
    private int CountInput(RenderedPrompt prompt, ModelAttemptRequest request) => CountInput(tokens, prompt, request.Output, request.Repair);

    /// <summary>
    /// The input a request of <paramref name="prompt"/> is charged for: its messages, a repair's two extra ones, and the
    /// response schema. The one count the gateway and the start-up check of a workflow's smallest call share.
    /// </summary>
    internal static int CountInput(TokenCounter tokens, RenderedPrompt prompt, OutputSchema? schema, RepairRequest? repair = null)
    {
        List<(string Role, string Content)> messages = [("system", prompt.System), ("user", prompt.User)];
        if (repair is not null)
        {
            messages.Add(("assistant", repair.PreviousAnswer ?? ""));
            messages.Add(("user", RepairInstruction(repair)));
        }

        return tokens.CountChat(messages) + (schema is null ? 0 : tokens.Count(schema.Json));
    }

    /// <summary>The message a repair attempt adds after the invalid answer.</summary>
    public static string RepairInstruction(RepairRequest repair)
    {
        ArgumentNullException.ThrowIfNull(repair);
        return "Your answer does not match the required JSON schema:\n- " + string.Join("\n- ", repair.Errors)
            + "\nAnswer again with only a JSON object that satisfies the schema.";
    }

    /// <summary>
    /// A refusal is recorded as one and never parsed; a structured step's answer must satisfy its schema, or the
    /// attempt is <see cref="AttemptOutcome.InvalidOutput"/> (still charged: the tokens were spent) with the errors.
    /// </summary>
    private static ModelAttemptResult Checked(ModelAttemptRequest request, ModelAttemptResult answered)
    {
        if (answered.Refusal is { } refusal)
        {
            return answered with { Outcome = AttemptOutcome.Refused, Text = null, Error = $"The model refused: {refusal}" };
        }

        if (request.Output is not { } schema)
        {
            return answered;
        }

        IReadOnlyList<string> errors = OutputValidation.Validate(schema, answered.Text);
        return errors.Count == 0
            ? answered
            : answered with
            {
                Outcome = AttemptOutcome.InvalidOutput,
                Error = "The answer does not match the schema: " + string.Join("; ", errors),
                OutputErrors = errors,
            };
    }

    /// <summary>
    /// The largest output cap whose worst case fits <paramref name="available"/>, or null when even the
    /// input alone does not fit (or output is free, so the cap is not what costs).
    /// </summary>
    public static int? AffordableOutputTokens(ModelDeploymentOptions deployment, int inputTokens, decimal available)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        decimal left = available - WorstCase(deployment, inputTokens, 0).Total;
        if (left < 0 || deployment.OutputPricePerMillion <= 0)
        {
            return null;
        }

        decimal tokens = Math.Floor(left * 1_000_000m / deployment.OutputPricePerMillion);
        return tokens >= int.MaxValue ? int.MaxValue : (int)tokens;
    }

    /// <summary>The most an attempt can cost: every counted input token and the whole output cap.</summary>
    public static ModelCost WorstCase(ModelDeploymentOptions deployment, int inputTokens, int maxOutputTokens) =>
        ModelCost.Of(new TokenUsage(inputTokens, 0, maxOutputTokens, 0), deployment);

    /// <summary>
    /// Ends every attempt, whatever its outcome: names the deployment's fallback for the orchestrator and
    /// records the attempt row.
    /// </summary>
    internal async Task<ModelAttemptResult> CompleteAsync(
        ModelAttemptRequest request, RenderedPrompt prompt, DateTimeOffset startedAt, ModelAttemptResult result, CancellationToken cancellationToken)
    {
        result = WithFallback(result) with { TrimmedTokens = prompt.TrimmedTokens };
        result = result with { RolloutArm = result.RolloutArm ?? request.RolloutArm }; // Rollouts: every attempt of a routed call
        string? output = result.Text is { Length: > MaxRecordedOutputChars } text ? text[..MaxRecordedOutputChars] : result.Text;
        var attempt = new AttemptRecord(
            request.RunId, request.CallId, request.Attempt, request.Step, result.Deployment,
            prompt.Template.Id, prompt.Template.Version, prompt.Template.ContentHash,
            result.CountedInputTokens, result.MaxOutputTokens, result.Outcome, startedAt, result.LatencyMilliseconds,
            result.Usage, result.Cost, CostIsEstimate: result.CostIsEstimate || ModelAttemptResult.IsUnknown(result.Outcome), result.Reserved, request.MaxOutputTokens,
            result.ResponseModel, result.SystemFingerprint, result.FinishReason, output, result.Error, result.ReplayedFrom, SeedOf(prompt),
            IsRepair: request.Repair is not null, OutputSchemaSha256: request.Output?.Sha256, CachedFrom: result.CachedFrom,
            StaleAgeSeconds: result.StaleAgeSeconds, TrimmedTokens: result.TrimmedTokens, RolloutArm: result.RolloutArm);
        await runs.RecordAttemptAsync(attempt, cancellationToken).ConfigureAwait(false);
        LogAttempt(request.RunId, request.Step, request.Attempt, result.Deployment, result.Outcome, result.Usage.InputTokens,
            result.Usage.OutputTokens, result.LatencyMilliseconds);
        return result;
    }

    private static ModelAttemptResult Answered(ChatCompletion completion, string deploymentName, ModelDeploymentOptions deployment,
        int countedInput, int maxOutputTokens, long latency)
    {
        string text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        string? refusal = string.IsNullOrEmpty(completion.Refusal) ? null : completion.Refusal;
        ChatTokenUsage? usage = completion.Usage;
        TokenUsage tokenUsage = usage is null
            ? TokenUsage.None
            : new TokenUsage(usage.InputTokenCount, usage.InputTokenDetails?.CachedTokenCount ?? 0, usage.OutputTokenCount,
                usage.OutputTokenDetails?.ReasoningTokenCount ?? 0);
        // An answer without usage cannot be priced from the provider's numbers: it is charged at its worst
        // case and marked as an estimate, never at zero.
        ModelCost cost = usage is null ? WorstCase(deployment, countedInput, maxOutputTokens) : ModelCost.Of(tokenUsage, deployment);
        return new ModelAttemptResult(AttemptOutcome.Succeeded, deploymentName, text, completion.Model, completion.SystemFingerprint,
            FinishReasonName(completion.FinishReason), countedInput, maxOutputTokens, tokenUsage, cost, latency, CostIsEstimate: usage is null,
            Refusal: refusal);
    }

    private static ModelAttemptResult Failed(ClientResultException ex, string deploymentName, int countedInput, int maxOutputTokens, long latency)
    {
        PipelineResponse? raw = ex.GetRawResponse();
        string body = raw?.Content?.ToString() ?? "";
        AttemptOutcome outcome = ex.Status switch
        {
            429 => AttemptOutcome.RateLimited,
            >= 500 => AttemptOutcome.ServerError,
            400 when body.Contains("context_length_exceeded", StringComparison.Ordinal) => AttemptOutcome.ContextTooLong,
            400 when body.Contains("content_filter", StringComparison.Ordinal) => AttemptOutcome.ContentFiltered,
            _ => AttemptOutcome.Rejected,
        };
        TimeSpan? retryAfter = raw is not null && raw.Headers.TryGetValue("Retry-After", out string? value)
            && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds)
                ? TimeSpan.FromSeconds(seconds)
                : null;
        string error = string.Create(CultureInfo.InvariantCulture, $"HTTP {ex.Status}: {outcome}");
        return new ModelAttemptResult(outcome, deploymentName, null, null, null, null, countedInput, maxOutputTokens,
            TokenUsage.None, ModelCost.Zero, latency, retryAfter, error);
    }

    private static ModelAttemptResult Unknown(AttemptOutcome outcome, string deploymentName, ModelDeploymentOptions deployment, int countedInput,
        int cap, long latency, string error) =>
        new(outcome, deploymentName, null, null, null, null, countedInput, cap, TokenUsage.None, WorstCase(deployment, countedInput, cap), latency,
            Error: error);

    internal static ModelAttemptResult Refused(AttemptOutcome outcome, string deploymentName, int countedInput, int maxOutputTokens, string error) =>
        new(outcome, deploymentName, null, null, null, null, countedInput, maxOutputTokens, TokenUsage.None, ModelCost.Zero, 0, Error: error);

    private static string FinishReasonName(ChatFinishReason reason) => reason switch
    {
        ChatFinishReason.Stop => "stop",
        ChatFinishReason.Length => "length",
        ChatFinishReason.ContentFilter => "content_filter",
        ChatFinishReason.ToolCalls => "tool_calls",
        ChatFinishReason.FunctionCall => "function_call",
        _ => reason.ToString(),
    };

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    private static void RecordMetrics(ModelAttemptResult result, string deploymentName)
    {
        TagList Tags(string? tokenType = null)
        {
            var tags = new TagList
            {
                { TollgateTelemetry.Attributes.OperationName, "chat" },
                { TollgateTelemetry.Attributes.Deployment, deploymentName },
                { TollgateTelemetry.Attributes.ResponseModel, result.ResponseModel },
            };
            if (result.Outcome != AttemptOutcome.Succeeded)
            {
                tags.Add(TollgateTelemetry.Attributes.ErrorType, result.Outcome.ToString());
            }

            if (tokenType is not null)
            {
                tags.Add(TollgateTelemetry.Attributes.TokenType, tokenType);
            }

            return tags;
        }

        TollgateTelemetry.OperationDuration.Record(result.LatencyMilliseconds / 1000.0, Tags());
        TollgateTelemetry.Cost.Add((double)result.Cost.Total, Tags());
        if (result.Outcome == AttemptOutcome.Succeeded)
        {
            TollgateTelemetry.TokenUsage.Record(result.Usage.InputTokens, Tags("input"));
            TollgateTelemetry.TokenUsage.Record(result.Usage.OutputTokens, Tags("output"));
        }
    }

    // The exception itself is not logged: an SDK exception can carry fragments of the model's response.
    [LoggerMessage(Level = LogLevel.Error, Message = "Model call for run {RunId} on {Deployment} failed unexpectedly: {ExceptionType}")]
    private partial void LogUnexpected(string runId, string deployment, string? exceptionType);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Model attempt {RunId}/{Step}#{Attempt} on {Deployment}: {Outcome}, {InputTokens} in, {OutputTokens} out, {LatencyMs} ms")]
    private partial void LogAttempt(string runId, string step, int attempt, string deployment, AttemptOutcome outcome,
        int inputTokens, int outputTokens, long latencyMs);
}
