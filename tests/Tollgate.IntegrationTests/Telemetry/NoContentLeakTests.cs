using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Telemetry;

namespace Tollgate.IntegrationTests.Telemetry;

/// <summary>
/// Prompts, model outputs and secrets never reach logs or traces: a run over a canary text is watched
/// through every log line the DevHost writes (all categories, all levels) and every Tollgate span.
/// </summary>
public sealed class NoContentLeakTests : IAsyncLifetime, IDisposable
{
    private const string Canary = "CANARY-7f3a9c SECRET CUSTOMER TEXT that must stay out of telemetry.";
    private readonly DevHostFixture _fixture = new();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public NoContentLeakTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == TollgateTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public Task InitializeAsync()
    {
        _fixture.Configure = builder =>
        {
            builder.Logging.SetMinimumLevel(LogLevel.Trace);
            builder.Logging.AddProvider(_logs);
        };
        return _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    public void Dispose()
    {
        _listener.Dispose();
        _logs.Dispose();
    }

    [Fact]
    public async Task NeitherThePromptNorTheOutputNorATriggerSecretIsLoggedOrTraced()
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync("summarize", new { userId = "privacy-user", input = new { text = Canary } });
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run = await _fixture.WaitForRunAsync(runId);
        string summary = run.GetProperty("output").GetProperty("summary").GetString()!;

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Contains(_logs.Messages, m => m.Contains(runId, StringComparison.Ordinal)); // the capture works
        Assert.Contains(_spans, s => s.GetTagItem(TollgateTelemetry.Attributes.RunId) as string == runId);

        // A refused trigger delivery is logged with its reason, never with the secret it was checked against.
        using (var forged = new HttpRequestMessage(HttpMethod.Post, $"api/triggers/{DevHostFixture.GitHubTrigger}") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") })
        {
            forged.Headers.Add("X-Hub-Signature-256", "sha256=" + new string('0', 64));
            using HttpResponseMessage refused = await _fixture.Http.SendAsync(forged);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        Assert.Contains(_logs.Messages, m => m.Contains("matches no secret", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("CANARY-7f3a9c", StringComparison.Ordinal)
            || m.Contains(summary, StringComparison.Ordinal) || m.Contains(DevHostFixture.WebhookSecret, StringComparison.Ordinal)
            || m.Contains(DevHostFixture.GitHubSecret, StringComparison.Ordinal));
        Assert.DoesNotContain(_spans.SelectMany(s => s.TagObjects), tag => tag.Value?.ToString() is { } value
            && (value.Contains("CANARY-7f3a9c", StringComparison.Ordinal) || value.Contains(summary, StringComparison.Ordinal)));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                string message = formatter(state, exception);
                if (state is IEnumerable<KeyValuePair<string, object?>> values)
                {
                    message += " " + string.Join(' ', values.Select(v => $"{v.Key}={v.Value}"));
                }

                provider.Messages.Enqueue(message + " " + exception);
            }
        }
    }
}
