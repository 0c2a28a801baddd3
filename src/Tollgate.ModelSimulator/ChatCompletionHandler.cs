using System.Globalization;
using System.Text.Json;

namespace Tollgate.ModelSimulator;

/// <summary>Serves one chat-completions request: authenticate, validate, delay, fault or answer, record.</summary>
internal sealed partial class ChatCompletionHandler(
    SimulatorState state,
    TimeProvider timeProvider,
    IHostApplicationLifetime lifetime,
    ILogger<ChatCompletionHandler> logger)
{
    public const string SystemFingerprint = "fp_sim_1";

    public Task HandleAzureAsync(HttpContext context) =>
        HandleAsync(context, SimulatedRequest.AzureRoute, context.GetRouteValue("deployment") as string ?? string.Empty);

    public Task HandleOpenAIAsync(HttpContext context) => HandleAsync(context, SimulatedRequest.OpenAIRoute, routeDeployment: null);

    private async Task HandleAsync(HttpContext context, string route, string? routeDeployment)
    {
        var record = new SimulatedRequest
        {
            Sequence = state.NextSequence(),
            ReceivedAt = timeProvider.GetUtcNow(),
            Route = route,
            Deployment = routeDeployment ?? string.Empty,
            ApiVersion = context.Request.Query["api-version"].FirstOrDefault(),
            Authentication = Authentication(context.Request),
        };

        // Client gone or simulator stopping: either ends a pending delay or hang.
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            await ServeAsync(context, record, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // No answer was sent. Abort the connection so a client still waiting (server shutdown) fails at once.
            context.Abort();
        }
    }

    private async Task ServeAsync(HttpContext context, SimulatedRequest record, CancellationToken cancellationToken)
    {
        if (record.Authentication == "none")
        {
            await RejectAsync(
                context,
                record,
                StatusCodes.Status401Unauthorized,
                OpenAIError.Invalid(
                    "You didn't provide an API key. Send it in an 'api-key' header or as 'Authorization: Bearer <key>'.",
                    param: null,
                    code: "missing_api_key"),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        ChatRequest? request;
        OpenAIError? error;
        try
        {
            using var body = await JsonDocument.ParseAsync(context.Request.Body, default, cancellationToken).ConfigureAwait(false);
            request = ChatRequestParser.Parse(body.RootElement, out error);
        }
        catch (JsonException)
        {
            request = null;
            error = ChatRequestParser.NotJson;
        }

        if (request is null)
        {
            await RejectAsync(context, record, StatusCodes.Status400BadRequest, error!, cancellationToken).ConfigureAwait(false);
            return;
        }

        var deployment = record.Route == SimulatedRequest.AzureRoute ? record.Deployment : request.Model ?? string.Empty;
        record = record with
        {
            Deployment = deployment,
            MaxOutputTokens = request.MaxOutputTokens,
            MaxOutputTokensField = request.MaxOutputTokensField,
            MessageCount = request.Messages.Count,
            PromptTokens = ChatTokenFormula.CountPromptTokens(request.Messages),
            Seed = request.Seed,
            Temperature = request.Temperature,
            ResponseFormat = request.ResponseFormat?.Type,
        };

        if (string.IsNullOrEmpty(deployment))
        {
            await RejectAsync(
                context,
                record,
                StatusCodes.Status400BadRequest,
                OpenAIError.Invalid("you must provide a model parameter", param: null, code: null),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var behavior = state.GetBehavior(deployment);
        if (behavior.ContextWindow is { } window && record.PromptTokens + (request.MaxOutputTokens ?? 0) > window)
        {
            // OpenAI's answer, word for word apart from the numbers (it checks before queueing the request).
            await RejectAsync(
                context,
                record,
                StatusCodes.Status400BadRequest,
                OpenAIError.Invalid(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"This model's maximum context length is {window} tokens. However, you requested {record.PromptTokens + (request.MaxOutputTokens ?? 0)} tokens ({record.PromptTokens} in the messages, {request.MaxOutputTokens ?? 0} in the completion). Please reduce the length of the messages or completion."),
                    param: "messages",
                    code: "context_length_exceeded"),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        if (behavior.LatencyMilliseconds > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(behavior.LatencyMilliseconds), timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Finish(record with { StatusCode = SimulatedRequest.NoResponseStatusCode, Error = "client_closed_request" });
                throw;
            }
        }

        var fault = state.TryTakeFault(deployment, behavior) ? behavior.Fault : SimulatedFault.None;
        if (fault is SimulatedFault.RateLimited or SimulatedFault.ServerError or SimulatedFault.Timeout)
        {
            await FaultAsync(context, record, behavior, cancellationToken).ConfigureAwait(false);
            return;
        }

        // InvalidJson and Refusal are served as 200 completions.
        var completion = SimulatedCompletion.Create(deployment, request.Messages, request.Seed, request.MaxOutputTokens, request.ResponseFormat, fault);
        var model = state.ModelIdFor(deployment, behavior);
        var response = new ChatCompletionResponse(
            completion.Id,
            "chat.completion",
            timeProvider.GetUtcNow().ToUnixTimeSeconds(),
            model,
            SystemFingerprint,
            [new ChatChoice(0, new ChatResponseMessage("assistant", completion.Content, completion.Refusal), Logprobs: null, completion.FinishReason)],
            new ChatUsage(
                record.PromptTokens,
                completion.CompletionTokens,
                record.PromptTokens + completion.CompletionTokens,
                new PromptTokensDetails(CachedTokens: 0, AudioTokens: 0),
                new CompletionTokensDetails(ReasoningTokens: 0, AudioTokens: 0, AcceptedPredictionTokens: 0, RejectedPredictionTokens: 0)));

        Finish(record with
        {
            StatusCode = StatusCodes.Status200OK,
            CompletionTokens = completion.CompletionTokens,
            FinishReason = completion.FinishReason,
            ResponseId = completion.Id,
            Error = fault switch
            {
                SimulatedFault.InvalidJson => "invalid_json",
                SimulatedFault.Refusal => "refusal",
                _ => null,
            },
        });
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers["x-request-id"] = completion.Id;
        await context.Response.WriteAsJsonAsync(response, SimulatorJsonContext.Default.ChatCompletionResponse, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task FaultAsync(HttpContext context, SimulatedRequest record, DeploymentBehavior behavior, CancellationToken cancellationToken)
    {
        switch (behavior.Fault)
        {
            case SimulatedFault.RateLimited:
                var retryAfter = behavior.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                context.Response.Headers.RetryAfter = retryAfter;
                context.Response.Headers["retry-after-ms"] = (behavior.RetryAfterSeconds * 1000L).ToString(CultureInfo.InvariantCulture);
                await RejectAsync(
                    context,
                    record,
                    StatusCodes.Status429TooManyRequests,
                    new OpenAIError(
                        $"Rate limit reached for {record.Deployment} (simulated). Please retry after {retryAfter} seconds.",
                        "requests",
                        Param: null,
                        "rate_limit_exceeded"),
                    cancellationToken).ConfigureAwait(false);
                break;

            case SimulatedFault.ServerError:
                await RejectAsync(
                    context,
                    record,
                    StatusCodes.Status500InternalServerError,
                    new OpenAIError("The server had an error while processing your request. Sorry about that! (simulated)", "server_error", Param: null, Code: null),
                    cancellationToken).ConfigureAwait(false);
                break;

            default:
                // Timeout: recorded before hanging so a test sees it as soon as its client gives up.
                Finish(record with { StatusCode = SimulatedRequest.NoResponseStatusCode, Error = "timeout" });
                await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task RejectAsync(HttpContext context, SimulatedRequest record, int statusCode, OpenAIError error, CancellationToken cancellationToken)
    {
        Finish(record with { StatusCode = statusCode, Error = error.Code ?? error.Type });
        context.Response.StatusCode = statusCode;
        await context.Response.WriteAsJsonAsync(
            new ErrorEnvelope(new ErrorBody(error.Message, error.Type, error.Param, error.Code)),
            SimulatorJsonContext.Default.ErrorEnvelope,
            cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private void Finish(SimulatedRequest record)
    {
        state.Record(record);
        LogServed(logger, record.Route, record.Deployment, record.StatusCode, record.PromptTokens, record.CompletionTokens, record.FinishReason, record.Error);
    }

    private static string Authentication(HttpRequest request)
    {
        if (!string.IsNullOrWhiteSpace(request.Headers["api-key"]))
        {
            return "api-key";
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && authorization.Length > "Bearer ".Length
            && !string.IsNullOrWhiteSpace(authorization["Bearer ".Length..])
            ? "bearer"
            : "none";
    }

    // Never log message content: deployment, status and token counts only.
    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "Simulated {Route} chat completion for {Deployment}: status {StatusCode}, prompt tokens {PromptTokens}, completion tokens {CompletionTokens}, finish reason {FinishReason}, error {Error}")]
    private static partial void LogServed(ILogger logger, string route, string deployment, int statusCode, int promptTokens, int completionTokens, string? finishReason, string? error);
}
