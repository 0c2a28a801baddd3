using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tollgate.Runs;
using Tollgate.Workflows;

namespace Tollgate.Intake;

/// <summary>
/// <c>POST /api/workflows/{workflow}/runs</c>: validates the request completely, then records the run
/// and starts its orchestration. Anything refused is refused before a run exists: no record, no
/// orchestration, no model call.
/// </summary>
public sealed partial class StartRunHandler(RunStore runs, IOptions<IntakeOptions> options, TimeProvider time, ILogger<StartRunHandler> logger)
{
    /// <summary>Inputs up to this size are kept inline on the run record for replay.</summary>
    internal const int MaxInlineInputChars = 16 * 1024;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32 };

    public async Task<IResult> HandleAsync(HttpRequest httpRequest, string workflow, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        ArgumentNullException.ThrowIfNull(client);

        if (!WorkflowCatalog.All.TryGetValue(workflow, out WorkflowDefinition? definition))
        {
            return Problems.UnknownWorkflow(workflow);
        }

        if (!httpRequest.HasJsonContentType())
        {
            return Problems.UnsupportedMediaType();
        }

        int limit = options.Value.MaxBodyBytes;
        if (httpRequest.ContentLength > limit)
        {
            return Problems.TooLarge(limit);
        }

        byte[]? body = await ReadBodyAsync(httpRequest.BodyReader, limit, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            return Problems.TooLarge(limit);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, DocumentOptions);
        }
        catch (JsonException ex)
        {
            return Problems.MalformedJson(ex.Message);
        }

        using (document)
        {
            return await StartAsync(httpRequest, definition, document, client, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<IResult> StartAsync(HttpRequest httpRequest, WorkflowDefinition definition, JsonDocument document,
        DurableTaskClient client, CancellationToken cancellationToken)
    {
        string runId = Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
        Validated request = Validate(document.RootElement, definition, runId);
        if (request.Problem is not null)
        {
            return request.Problem;
        }

        string inputJson = document.RootElement.GetProperty("input").GetRawText();

        var run = new RunRecord(runId, definition.Name, request.UserId, RunStatus.Pending, time.GetUtcNow(),
            InputSha256: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputJson))),
            Input: inputJson.Length <= MaxInlineInputChars ? inputJson : null);
        await runs.CreateAsync(run, cancellationToken).ConfigureAwait(false);

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(definition.OrchestratorName, request.Input,
                new StartOrchestrationOptions { InstanceId = runId }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNotStarted(ex, runId, definition.Name);
            await runs.CompleteAsync(new RunCompletion(runId, RunStatus.Failed, null, "The workflow engine did not accept the run."), CancellationToken.None)
                .ConfigureAwait(false);
            return Problems.NotStarted();
        }

        LogStarted(runId, definition.Name);
        string location = IntakeRoutes.RunPath(runId);
        string statusUrl = $"{httpRequest.Scheme}://{httpRequest.Host}{httpRequest.PathBase}{location}";
        return Results.Accepted(location, new StartRunResponse(runId, definition.Name, nameof(RunStatus.Pending), statusUrl));
    }

    /// <summary>Either a problem to answer with, or the caller's user and the orchestration's input.</summary>
    private sealed record Validated(IResult? Problem, string UserId = "", object? Input = null)
    {
        public static Validated Refuse(string field, string problem) => new(Problems.InvalidField(field, problem));
    }

    private static Validated Validate(JsonElement root, WorkflowDefinition definition, string runId)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return Validated.Refuse("$", "must be a JSON object with 'userId' and 'input'.");
        }

        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name is not ("userId" or "input"))
            {
                return Validated.Refuse(property.Name, "is not a known field (expected 'userId' and 'input').");
            }
        }

        if (!root.TryGetProperty("userId", out JsonElement user) || user.ValueKind == JsonValueKind.Null)
        {
            return Validated.Refuse("userId", "is required.");
        }

        if (user.ValueKind != JsonValueKind.String)
        {
            return Validated.Refuse("userId", "must be a string.");
        }

        if (!UserIdPattern().IsMatch(user.GetString()!))
        {
            return Validated.Refuse("userId", "must be 1-128 characters of letters, digits and . _ @ + -");
        }

        if (!root.TryGetProperty("input", out JsonElement input) || input.ValueKind == JsonValueKind.Null)
        {
            return Validated.Refuse("input", "is required.");
        }

        string userId = user.GetString()!;
        WorkflowInputResult result = definition.CreateInput(new RunContext(runId, userId), input);
        return result.Field is not null ? Validated.Refuse(result.Field, result.Problem!) : new Validated(null, userId, result.Input);
    }

    /// <summary>Reads the body, or returns null as soon as it is longer than the limit (chunked bodies have no length).</summary>
    private static async Task<byte[]?> ReadBodyAsync(PipeReader reader, int limit, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult read = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (buffer.Length > limit)
            {
                reader.AdvanceTo(buffer.Start, buffer.End);
                return null;
            }

            if (read.IsCompleted)
            {
                byte[] body = buffer.ToArray();
                reader.AdvanceTo(buffer.End);
                return body;
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._@+-]{1,128}$")]
    private static partial Regex UserIdPattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} of {Workflow} accepted")]
    private partial void LogStarted(string runId, string workflow);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} of {Workflow} could not be scheduled")]
    private partial void LogNotStarted(Exception exception, string runId, string workflow);
}

public sealed record StartRunResponse(string RunId, string Workflow, string Status, string StatusUrl);
