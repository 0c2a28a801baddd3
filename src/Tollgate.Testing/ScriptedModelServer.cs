using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tollgate.ModelSimulator;

namespace Tollgate.Testing;

/// <summary>
/// Serves a <see cref="ScriptedModel"/> on loopback (Kestrel) as an OpenAI-compatible <c>/v1/chat/completions</c>: the
/// deployment is the body's <c>model</c>. A scripted latency advances the host's fake clock while the request is served,
/// so the gateway, which times the call with the same clock, records exactly that latency and nothing sleeps.
/// </summary>
internal sealed class ScriptedModelServer : IModelEndpoint
{
    private readonly WebApplication _app;
    private readonly ScriptedModel _script;
    private readonly FakeTimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly List<ModelRequest> _requests = [];
    private long _sequence;

    private ScriptedModelServer(WebApplication app, ScriptedModel script, FakeTimeProvider clock)
    {
        _app = app;
        _script = script;
        _clock = clock;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<ModelRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<ScriptedModelServer> StartAsync(ScriptedModel script, FakeTimeProvider clock, CancellationToken cancellationToken)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(ScriptedModelServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new ScriptedModelServer(app, script, clock);
        app.MapPost("/v1/chat/completions", server.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        string address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        using JsonDocument body = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
        JsonElement root = body.RootElement;
        string deployment = root.TryGetProperty("model", out JsonElement model) && model.ValueKind == JsonValueKind.String ? model.GetString()! : "";
        List<ModelMessage> messages = ReadMessages(root);
        (int? cap, string? capField) = root.TryGetProperty("max_completion_tokens", out JsonElement completion) && completion.ValueKind == JsonValueKind.Number
            ? (completion.GetInt32(), "max_completion_tokens")
            : root.TryGetProperty("max_tokens", out JsonElement max) && max.ValueKind == JsonValueKind.Number ? (max.GetInt32(), "max_tokens") : ((int?)null, (string?)null);
        var request = new ModelRequest
        {
            Sequence = Interlocked.Increment(ref _sequence),
            Deployment = deployment,
            MaxOutputTokens = cap,
            MaxOutputTokensField = capField,
            MessageCount = messages.Count,
            Messages = messages,
            ResponseFormat = root.TryGetProperty("response_format", out JsonElement format) && format.TryGetProperty("type", out JsonElement type)
                ? type.GetString()
                : null,
            Seed = root.TryGetProperty("seed", out JsonElement seed) && seed.ValueKind == JsonValueKind.Number ? seed.GetInt64() : null,
            Temperature = root.TryGetProperty("temperature", out JsonElement temperature) && temperature.ValueKind == JsonValueKind.Number
                ? temperature.GetDouble()
                : null,
        };

        ScriptedAnswer? answer = _script.Take(deployment);
        if (answer is null)
        {
            Record(request with { StatusCode = StatusCodes.Status400BadRequest, Unscripted = true });
            await WriteErrorAsync(context, StatusCodes.Status400BadRequest,
                string.Create(CultureInfo.InvariantCulture, $"Tollgate.Testing: the script has no answer for request #{request.Sequence} to '{deployment}'."),
                "unscripted").ConfigureAwait(false);
            return;
        }

        if (answer.Latency > TimeSpan.Zero)
        {
            _clock.Advance(answer.Latency);
        }

        if (answer.FaultStatus is { } status)
        {
            Record(request with { StatusCode = status, Answer = answer });
            if (answer.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((long)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }

            await WriteErrorAsync(context, status, $"Scripted fault: HTTP {status}.", answer.ErrorCode).ConfigureAwait(false);
            return;
        }

        Record(request with { StatusCode = StatusCodes.Status200OK, Answer = answer });
        await WriteJsonAsync(context, StatusCodes.Status200OK, writer => WriteCompletion(writer, request, answer, deployment, messages)).ConfigureAwait(false);
    }

    private void WriteCompletion(Utf8JsonWriter writer, ModelRequest request, ScriptedAnswer answer, string deployment, List<ModelMessage> messages)
    {
        writer.WriteStartObject();
        writer.WriteString("id", string.Create(CultureInfo.InvariantCulture, $"chatcmpl-scripted-{request.Sequence}"));
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", _clock.GetUtcNow().ToUnixTimeSeconds());
        writer.WriteString("model", answer.ResponseModel ?? deployment);
        writer.WriteString("system_fingerprint", "fp_scripted");
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", answer.Content);
        writer.WriteString("refusal", answer.Refusal);
        writer.WriteEndObject();
        writer.WriteNull("logprobs");
        writer.WriteString("finish_reason", answer.FinishReason);
        writer.WriteEndObject();
        writer.WriteEndArray();
        if (!answer.OmitUsage)
        {
            ScriptedUsage usage = answer.Usage ?? new ScriptedUsage(
                ChatTokenFormula.CountPromptTokens(messages.Select(m => (m.Role, m.Content))),
                ChatTokenFormula.CountTokens(answer.Content ?? answer.Refusal));
            writer.WriteStartObject("usage");
            writer.WriteNumber("prompt_tokens", usage.InputTokens);
            writer.WriteNumber("completion_tokens", usage.OutputTokens);
            writer.WriteNumber("total_tokens", usage.InputTokens + usage.OutputTokens);
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("cached_tokens", usage.CachedInputTokens);
            writer.WriteEndObject();
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("reasoning_tokens", usage.ReasoningTokens);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string message, string? code) => WriteJsonAsync(context, status, writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("error");
        writer.WriteString("message", message);
        writer.WriteString("type", status == StatusCodes.Status429TooManyRequests ? "requests" : status >= 500 ? "server_error" : "invalid_request_error");
        writer.WriteNull("param");
        writer.WriteString("code", code);
        writer.WriteEndObject();
        writer.WriteEndObject();
    });

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
    }

    private static List<ModelMessage> ReadMessages(JsonElement root)
    {
        var messages = new List<ModelMessage>();
        if (!root.TryGetProperty("messages", out JsonElement array) || array.ValueKind != JsonValueKind.Array)
        {
            return messages;
        }

        foreach (JsonElement message in array.EnumerateArray())
        {
            string role = message.TryGetProperty("role", out JsonElement r) ? r.GetString() ?? "" : "";
            string content = !message.TryGetProperty("content", out JsonElement c) ? ""
                : c.ValueKind == JsonValueKind.String ? c.GetString()!
                : c.ValueKind == JsonValueKind.Array
                    ? string.Concat(c.EnumerateArray().Where(p => p.TryGetProperty("text", out _)).Select(p => p.GetProperty("text").GetString()))
                    : "";
            messages.Add(new ModelMessage(role, content));
        }

        return messages;
    }

    private void Record(ModelRequest request)
    {
        lock (_gate)
        {
            _requests.Add(request);
        }
    }
}
