using System.Text.Json;
using Azure.Storage.Queues.Models;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Caching;
using Tollgate.Callbacks;
using Tollgate.Functions.Intake;
using Tollgate.Functions.Workflows;
using Tollgate.Hosting;
using Tollgate.Intake;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Models;
using Tollgate.ModelSimulator;
using Tollgate.Runs;
using Tollgate.Storage;
using Tollgate.Triggers;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.Functions;

/// <summary>
/// The Azure Functions wrappers themselves — HTTP triggers, orchestrator and activities — driven
/// through the in-process Durable Task host's client, on Azurite and the simulator. Nothing can run
/// the real Functions host here; this proves the wrappers forward correctly.
/// </summary>
public sealed class FunctionWrapperTests : IAsyncLifetime
{
    private const string SlackSecret = "slack-signing-secret-for-the-wrapper-test";

    private readonly string _tablePrefix = Azurite.UniqueTablePrefix();
    private ModelSimulatorServer _simulator = null!;
    private ServiceProvider _services = null!;
    private DurableTaskTestHost _durable = null!;

    public async Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        _simulator = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Tollgate:Storage:ConnectionString"] = Azurite.ConnectionString,
            ["Tollgate:Storage:TablePrefix"] = _tablePrefix,
            ["Tollgate:Models:DefaultDeployment"] = "primary",
            ["Tollgate:Models:Deployments:primary:Kind"] = "OpenAI",
            ["Tollgate:Models:Deployments:primary:Endpoint"] = new Uri(_simulator.BaseAddress, "v1/").ToString(),
            ["Tollgate:Models:Deployments:primary:Deployment"] = "gpt-4o-mini",
            ["Tollgate:Models:Deployments:primary:ApiKey"] = "test",
            ["Tollgate:Models:Deployments:primary:InputPricePerMillion"] = "0.15",
            ["Tollgate:Models:Deployments:primary:OutputPricePerMillion"] = "0.60",
            ["Tollgate:Triggers:slack_mentions:Kind"] = "Slack",
            ["Tollgate:Triggers:slack_mentions:Secrets:0"] = SlackSecret,
            ["Tollgate:Triggers:slack_mentions:Workflow"] = "summarize",
            ["Tollgate:Triggers:slack_mentions:Events:0"] = "app_mention",
            ["Tollgate:Triggers:slack_mentions:Input:text"] = "/event/text",
            ["Tollgate:Triggers:slack_mentions:UserId"] = "slack-team",
        }).Build();
        _services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddTollgate()
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var activities = new Activities(_services.GetRequiredService<ModelGateway>(), _services.GetRequiredService<RunStore>(),
            _services.GetRequiredService<StaleAnswers>(), _services.GetRequiredService<CallbackDelivery>());
        _durable = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<WorkflowStart, object?>(WorkflowOrchestrator.Name, (context, _) => WorkflowOrchestratorFunction.RunAsync(context));
            registry.AddActivityFunc<ModelAttemptRequest, ModelAttemptResult>(TollgateTasks.CallModel,
                (_, request) => activities.CallModelAsync(request, CancellationToken.None));
            registry.AddActivityFunc<RunCompletion, RunRecord>(TollgateTasks.CompleteRun,
                (_, completion) => activities.CompleteRunAsync(completion, CancellationToken.None));
            registry.AddActivityFunc<ModelAttemptRequest, ModelAttemptResult?>(TollgateTasks.ServeStale,
                (_, request) => activities.ServeStaleAsync(request, CancellationToken.None));
            registry.AddActivityFunc<CallbackAttemptRequest, CallbackAttemptRecord>(TollgateTasks.DeliverCallback,
                (_, request) => activities.DeliverCallbackAsync(request, CancellationToken.None));
        });
    }

    public async Task DisposeAsync()
    {
        await _durable.DisposeAsync();
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
        await Azurite.Table(_tablePrefix + TollgateTables.RunsName).DeleteAsync();
        await Azurite.Table(_tablePrefix + TollgateTables.ResponseCacheName).DeleteAsync();
    }

    [Fact]
    public async Task TheTriggersStartAndReportARunThroughTheWrappedOrchestratorAndActivities()
    {
        var start = new StartRunTrigger(_services.GetRequiredService<StartRunHandler>());
        var get = new GetRunTrigger(_services.GetRequiredService<GetRunHandler>());

        (int status, JsonElement accepted) = await InvokeAsync(JsonPost.Create("""{"userId":"fn-user","input":{"text":"Wrappers forward to the library."}}"""),
            request => start.RunAsync(request, "summarize", _durable.Client, CancellationToken.None));
        Assert.Equal(StatusCodes.Status202Accepted, status);
        string runId = accepted.GetProperty("runId").GetString()!;

        await _durable.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        (status, JsonElement run) = await InvokeAsync(new DefaultHttpContext(),
            request => get.RunAsync(request, runId, _durable.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        SimulatedRequest sent = Assert.Single(_simulator.Requests);
        Assert.Equal(SimulatedRequest.OpenAIRoute, sent.Route);
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, sent.MaxOutputTokens);
        Assert.Equal(sent.PromptTokens, run.GetProperty("usage").GetProperty("inputTokens").GetInt32());
        decimal expected = sent.PromptTokens * 0.15m / 1_000_000m + sent.CompletionTokens * 0.60m / 1_000_000m;
        Assert.Equal(expected, run.GetProperty("cost").GetProperty("total").GetDecimal());
    }

    [Fact]
    public async Task TheStartTriggerRefusesBadInputWithoutStartingAnything()
    {
        var start = new StartRunTrigger(_services.GetRequiredService<StartRunHandler>());

        (int status, JsonElement problem) = await InvokeAsync(JsonPost.Create("""{"userId":"fn-user","input":{"text":""}}"""),
            request => start.RunAsync(request, "summarize", _durable.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status400BadRequest, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("input.text", out _));
        Assert.Empty(await _durable.Client.GetAllInstancesAsync(new OrchestrationQuery()).ToListAsync());
        Assert.Empty(_simulator.Requests);
        Assert.Equal(0, await Azurite.CountRowsAsync(_tablePrefix + TollgateTables.RunsName));
    }

    [Fact]
    public async Task TheQueueTriggerStartsARunOrReturnsANeverValidMessageForThePoisonQueue()
    {
        var trigger = new WorkflowQueueTrigger(_services.GetRequiredService<QueueRunHandler>());
        const string Valid = """{"workflow":"summarize","request":{"userId":"fn-queue","input":{"text":"Queued for the wrapper."}}}""";
        const string Invalid = """{"workflow":"summarize","request":{"userId":"fn-queue","input":{"text":""}}}""";

        string? poisoned = await trigger.RunAsync(QueuesModelFactory.QueueMessage("m-valid", "pop", Valid, 1), _durable.Client, CancellationToken.None);
        string? rejected = await trigger.RunAsync(QueuesModelFactory.QueueMessage("m-invalid", "pop", Invalid, 1), _durable.Client, CancellationToken.None);

        Assert.Null(poisoned);
        Assert.Equal(Invalid, rejected);
        string runId = RunIds.FromIdempotencyKey("summarize", "fn-queue", "queue:m-valid");
        OrchestrationMetadata done = await _durable.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: false,
            new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Single(_simulator.Requests);
    }

    [Fact]
    public async Task TheTriggerTriggerAnswersSlacksChallengeAndStartsOneRunForAnEventAndItsRetry()
    {
        var trigger = new TriggerTrigger(_services.GetRequiredService<TriggerHandler>());
        Task<(int Status, JsonElement Body)> Deliver(string json, string secret = SlackSecret, string? retry = null) =>
            InvokeAsync(SlackPost(json, secret, retry), request => trigger.RunAsync(request, "slack-mentions", _durable.Client, CancellationToken.None));
        const string Challenge = """{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}""";
        const string Mention = """{"type":"event_callback","event_id":"Ev0WRAPPER1","event":{"type":"app_mention","text":"<@U1> summarize the outage thread, please."}}""";

        (int status, JsonElement answer) = await Deliver(Challenge);
        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Equal("3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", answer.GetProperty("challenge").GetString());
        (status, answer) = await Deliver(Challenge, "not-the-slack-signing-secret-at-all");
        Assert.Equal(StatusCodes.Status401Unauthorized, status); // the challenge is answered only to Slack
        Assert.False(answer.TryGetProperty("challenge", out _));

        (status, answer) = await Deliver(Mention);
        Assert.Equal(StatusCodes.Status202Accepted, status);
        string runId = answer.GetProperty("runId").GetString()!;
        (status, answer) = await Deliver(Mention, retry: "1");
        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.Equal(runId, answer.GetProperty("runId").GetString());
        (status, answer) = await Deliver(Mention.Replace("app_mention", "message", StringComparison.Ordinal).Replace("Ev0WRAPPER1", "Ev0WRAPPER2", StringComparison.Ordinal));
        Assert.Equal(StatusCodes.Status202Accepted, status);
        Assert.True(answer.GetProperty("ignored").GetBoolean());

        OrchestrationMetadata done = await _durable.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: false,
            new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Single(await _durable.Client.GetAllInstancesAsync(new OrchestrationQuery()).ToListAsync());
        Assert.Single(_simulator.Requests);
        Assert.Equal(RunIds.FromIdempotencyKey("summarize", "slack-team", "trigger:slack_mentions:Ev0WRAPPER1"), runId);
    }

    /// <summary>A Slack Events API request signed now, as Slack signs it.</summary>
    private static DefaultHttpContext SlackPost(string json, string secret, string? retry)
    {
        DefaultHttpContext context = JsonPost.Create(json);
        string timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        byte[] mac = System.Security.Cryptography.HMACSHA256.HashData(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes($"v0:{timestamp}:{json}"));
        context.Request.Headers["X-Slack-Request-Timestamp"] = timestamp;
        context.Request.Headers["X-Slack-Signature"] = "v0=" + Convert.ToHexStringLower(mac);
        if (retry is not null)
        {
            context.Request.Headers["X-Slack-Retry-Num"] = retry;
        }

        return context;
    }

    /// <summary>Calls a trigger and executes its IResult as the Functions ASP.NET Core integration does.</summary>
    private async Task<(int Status, JsonElement Body)> InvokeAsync(DefaultHttpContext context, Func<HttpRequest, Task<IResult>> trigger)
    {
        context.RequestServices = _services;
        var responseBody = new MemoryStream();
        context.Response.Body = responseBody;
        IResult result = await trigger(context.Request);
        await result.ExecuteAsync(context);
        return (context.Response.StatusCode, JsonSerializer.Deserialize<JsonElement>(responseBody.ToArray()));
    }
}
