using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Microsoft.DurableTask.Converters;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Tollgate.Hosting;
using Tollgate.Caching;
using Tollgate.Models;
using Tollgate.ModelSimulator;
using Tollgate.Prompts;
using Tollgate.Runs;
using Tollgate.Storage;
using Tollgate.Workflows;

namespace Tollgate.Testing;

/// <summary>
/// Runs workflows in-process the way Tollgate runs them, for tests: every service from <c>AddTollgate()</c> on a fake clock,
/// run and budget rows in tables of its own on Azurite (deleted when the host is disposed), and a model catalog pointed at a
/// loopback endpoint — a <see cref="ScriptedModel"/> or the model simulator — so each call goes through the real gateway,
/// the real OpenAI SDK and real HTTP. The workflow runs on an in-process orchestration context: activities inline, durable
/// timers firing at once on the fake clock (a 30 s Retry-After takes no real time). Runs of one host go one at a time.
/// </summary>
public sealed class WorkflowTestHost : IAsyncDisposable
{
    /// <summary>The user runs are charged to unless a test names another.</summary>
    public const string DefaultUserId = "test-user";

    /// <summary>Inputs up to this size are kept on the run record (as the intake keeps them), so the run can be replayed.</summary>
    private const int MaxInlineInputChars = 16 * 1024;

    private readonly ServiceProvider _services;
    private readonly IModelEndpoint _endpoint;
    private readonly string _connectionString;
    private readonly SemaphoreSlim _oneRunAtATime = new(1, 1);

    private WorkflowTestHost(ServiceProvider services, IModelEndpoint endpoint, FakeTimeProvider clock, string connectionString, string tablePrefix,
        ScriptedModel? model)
    {
        _services = services;
        _endpoint = endpoint;
        _connectionString = connectionString;
        Clock = clock;
        TablePrefix = tablePrefix;
        Model = model;
    }

    /// <summary>The clock every Tollgate service of this host reads. Advance it to move time between runs.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The host's services (<c>AddTollgate()</c> and the kit's), e.g. the <c>RunStore</c> or the <c>BudgetLedger</c>.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The prefix of this host's tables.</summary>
    public string TablePrefix { get; }

    /// <summary>The script the model answers from, when the host serves one.</summary>
    public ScriptedModel? Model { get; }

    /// <summary>The model simulator, when the host runs against it (configure faults per deployment on it).</summary>
    public ModelSimulatorServer? Simulator => (_endpoint as SimulatorEndpoint)?.Server;

    /// <summary>Every request the model endpoint received over the host's lifetime.</summary>
    public IReadOnlyList<ModelRequest> Requests => _endpoint.Requests;

    /// <summary>A host whose models answer from <paramref name="model"/>.</summary>
    public static async Task<WorkflowTestHost> StartAsync(ScriptedModel model, WorkflowTestHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new WorkflowTestHostOptions();
        EnsureStorageReachable(options.StorageConnectionString);
        var clock = new FakeTimeProvider(options.StartTime);
        ScriptedModelServer server = await ScriptedModelServer.StartAsync(model, clock, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(options, clock, server, model).ConfigureAwait(false);
    }

    /// <summary>
    /// A host whose models are the model simulator (deterministic, schema-valid answers; faults per deployment through
    /// <see cref="Simulator"/>, by deployment name). Without <paramref name="simulator"/> options the default deployments
    /// report gpt-4o-mini and gpt-4o model versions. The simulator keeps real time: its configured latency is slept and not
    /// seen by the fake clock, so script latency with a <see cref="ScriptedModel"/>.
    /// </summary>
    public static async Task<WorkflowTestHost> StartWithSimulatorAsync(SimulatorOptions? simulator = null, WorkflowTestHostOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new WorkflowTestHostOptions();
        EnsureStorageReachable(options.StorageConnectionString);
        var clock = new FakeTimeProvider(options.StartTime);
        if (simulator is null)
        {
            simulator = new SimulatorOptions();
            simulator.ModelVersions[TestDeployment.Primary.Name] = simulator.ModelVersions["gpt-4o-mini"];
            simulator.ModelVersions[TestDeployment.Fallback.Name] = simulator.ModelVersions["gpt-4o"];
        }

        ModelSimulatorServer server = await ModelSimulatorServer.StartAsync(simulator, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return await CreateAsync(options, clock, new SimulatorEndpoint(server), null).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <typeparamref name="TWorkflow"/> with <paramref name="input"/> — an object serialized as a caller's JSON, or a
    /// JSON string or element — validated as the intake validates it, for <paramref name="userId"/>.
    /// </summary>
    public Task<WorkflowRun> RunAsync<TWorkflow>(object input, string userId = DefaultUserId, WorkflowRunOptions? options = null,
        CancellationToken cancellationToken = default)
        where TWorkflow : IWorkflow, new()
    {
        ArgumentNullException.ThrowIfNull(input);
        return ExecuteAsync(new TWorkflow(), InputJson(input), userId, options, null, cancellationToken);
    }

    /// <summary>Runs <paramref name="workflow"/> with a typed input, for <paramref name="userId"/>; the run's output is typed.</summary>
    public async Task<WorkflowRun<TOutput>> RunAsync<TInput, TOutput, TSettings>(Workflow<TInput, TOutput, TSettings> workflow, TInput input,
        string userId = DefaultUserId, WorkflowRunOptions? options = null, CancellationToken cancellationToken = default)
        where TInput : class
        where TOutput : class
        where TSettings : class, new()
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentNullException.ThrowIfNull(input);
        WorkflowRun run = await ExecuteAsync(workflow, JsonSerializer.SerializeToElement(input, WorkflowJson.Options), userId, options, null,
            cancellationToken).ConfigureAwait(false);
        return new WorkflowRun<TOutput>(run.Details, run.Requests, run.Waits, run.Output as TOutput, run.Failure);
    }

    /// <summary>The run as stored now, or null.</summary>
    public Task<RunDetails?> GetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        _services.GetRequiredService<RunStore>().GetAsync(runId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync().ConfigureAwait(false);
        await _endpoint.DisposeAsync().ConfigureAwait(false);
        _oneRunAtATime.Dispose();
        var tables = new TableServiceClient(_connectionString);
        foreach (string table in new[] { TollgateTables.RunsName, TollgateTables.BudgetsName })
        {
            try
            {
                await tables.DeleteTableAsync(TablePrefix + table).ConfigureAwait(false);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // Never created: the host ran nothing that needed it.
            }
        }
    }

    /// <summary>
    /// Records a run of <paramref name="workflow"/> as the intake does (with its cost ceiling and latency budget) and runs it to
    /// its end. <paramref name="replayOf"/> makes it a recorded replay of that run, answered from its record.
    /// </summary>
    internal async Task<WorkflowRun> ExecuteAsync(IWorkflow workflow, JsonElement input, string userId, WorkflowRunOptions? options, string? replayOf,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        WorkflowStart start = CreateStart(workflow, input, userId, options);
        await _oneRunAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            RunStore runs = _services.GetRequiredService<RunStore>();
            string runId = options?.RunId ?? RunIds.New(Clock);
            string inputJson = input.GetRawText();
            var record = new RunRecord(runId, workflow.Name, userId, RunStatus.Pending, Clock.GetUtcNow(),
                InputSha256: Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(inputJson))),
                Input: inputJson.Length <= MaxInlineInputChars ? inputJson : null,
                ReplayOf: replayOf, ReplayMode: replayOf is null ? null : ReplayMode.Recorded,
                CostCeiling: workflow.CostCeiling, LatencyBudgetMilliseconds: (long)workflow.LatencyBudget.TotalMilliseconds);
            if (!await runs.TryCreateAsync(record, cancellationToken).ConfigureAwait(false))
            {
                throw new WorkflowAssertionException($"Run {runId} exists already in this host: give each run its own id.");
            }

            int before = _endpoint.Requests.Count;
            var context = new InProcessOrchestrationContext(runId, Clock, _services.GetRequiredService<ModelGateway>(), runs,
                _services.GetRequiredService<StaleAnswers>(),
                _services.GetRequiredService<ILoggerFactory>(), cancellationToken);
            // The orchestration's input as the worker hands it over: serialized when scheduled, read when run.
            object startInput = JsonDataConverter.Default.Deserialize(JsonDataConverter.Default.Serialize(start), typeof(WorkflowStart))!;
            object? output = null;
            Exception? failure = null;
            try
            {
                output = await workflow.RunAsync(context, startInput).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failure = ex;
            }

            RunDetails details = await runs.GetAsync(runId, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Run {runId} has no record after it ran.");
            IReadOnlyList<ModelRequest> requests = [.. _endpoint.Requests.Skip(before)];
            var run = new WorkflowRun(details, requests, context.Waits, output, failure);
            if (requests.Where(r => r.Unscripted).ToList() is { Count: > 0 } unscripted)
            {
                throw new WorkflowAssertionException(string.Create(CultureInfo.InvariantCulture,
                    $"Run {runId} of {workflow.Name} made {unscripted.Count} model request(s) the script has no answer for: "
                    + $"{string.Join("; ", unscripted)}. Add answers to the ScriptedModel (pending: {Model?.Pending.Count ?? 0}).{run.Describe()}"));
            }

            return run;
        }
        finally
        {
            _oneRunAtATime.Release();
        }
    }

    private static async Task<WorkflowTestHost> CreateAsync(WorkflowTestHostOptions options, FakeTimeProvider clock, IModelEndpoint endpoint,
        ScriptedModel? model)
    {
        string tablePrefix = "k" + Guid.NewGuid().ToString("N")[..12];
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Tollgate:Storage:ConnectionString"] = options.StorageConnectionString,
            ["Tollgate:Storage:TablePrefix"] = tablePrefix,
            ["Tollgate:Models:DefaultDeployment"] = options.DefaultDeployment,
            ["Tollgate:Budgets:DefaultMonthlyLimit"] = options.MonthlyBudget.ToString(CultureInfo.InvariantCulture),
        };
        foreach (TestDeployment deployment in options.Deployments)
        {
            string prefix = $"Tollgate:Models:Deployments:{deployment.Name}:";
            settings[prefix + "Kind"] = nameof(ModelEndpointKind.OpenAI);
            settings[prefix + "Endpoint"] = endpoint.Endpoint.ToString();
            settings[prefix + "Deployment"] = deployment.Name;
            settings[prefix + "ApiKey"] = "test";
            settings[prefix + "InputPricePerMillion"] = deployment.InputPricePerMillion.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "CachedInputPricePerMillion"] = deployment.CachedInputPricePerMillion.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "OutputPricePerMillion"] = deployment.OutputPricePerMillion.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "ContextWindow"] = deployment.ContextWindow.ToString(CultureInfo.InvariantCulture);
            settings[prefix + "Fallback"] = deployment.FallbackTo;
            settings[prefix + "RequestTimeout"] = deployment.RequestTimeout.ToString("c", CultureInfo.InvariantCulture);
        }

        foreach ((string key, string? value) in options.Configuration)
        {
            settings[key] = value;
        }

        IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        IServiceCollection services = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging()
            .AddSingleton(clock)
            .AddSingleton<TimeProvider>(clock)
            .AddTollgate();
        options.ConfigureServices?.Invoke(services);
        ServiceProvider provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        try
        {
            // What a host checks at start-up (ValidateOnStart): a catalog or workflow setting that could never run fails here.
            provider.GetService<IStartupValidator>()?.Validate();
        }
        catch
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            await endpoint.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new WorkflowTestHost(provider, endpoint, clock, options.StorageConnectionString, tablePrefix, model);
    }

    /// <summary>The run's start as the intake builds it (validated input, configured prompt pins and settings), with the test's overrides.</summary>
    private WorkflowStart CreateStart(IWorkflow workflow, JsonElement input, string userId, WorkflowRunOptions? options)
    {
        WorkflowDefinition? definition = WorkflowCatalog.Get(workflow.Name);
        WorkflowInputResult created;
        if (definition is not null && definition.Create().GetType() == workflow.GetType())
        {
            created = _services.GetRequiredService<WorkflowStarts>().Create(definition, userId, input);
        }
        else
        {
            // A workflow not (yet) in the catalog: the same input checks, default settings, no pins.
            WorkflowInputResult read = WorkflowInput.Read(workflow.WorkflowInputType, input);
            created = read.Field is not null ? read : WorkflowInputResult.Valid(new WorkflowStart(workflow.Name, userId,
                JsonSerializer.SerializeToElement(read.Input, workflow.WorkflowInputType, WorkflowJson.Options), new Dictionary<string, int>(),
                JsonSerializer.SerializeToElement(Activator.CreateInstance(workflow.SettingsType), workflow.SettingsType, WorkflowJson.Options)));
        }

        if (created.Field is not null)
        {
            throw new ArgumentException($"The {workflow.Name} workflow refuses this input, as the intake would (400): {created.Field} {created.Problem}",
                nameof(input));
        }

        var start = (WorkflowStart)created.Input!;
        if (options?.Settings is { } settings)
        {
            if (!workflow.SettingsType.IsInstanceOfType(settings))
            {
                throw new ArgumentException($"The {workflow.Name} workflow's settings are a {workflow.SettingsType.Name}, not a {settings.GetType().Name}.",
                    nameof(options));
            }

            var problems = new List<ValidationResult>();
            if (!Validator.TryValidateObject(settings, new ValidationContext(settings), problems, validateAllProperties: true))
            {
                throw new ArgumentException($"The {workflow.Name} settings are not valid: {string.Join("; ", problems.Select(p => p.ErrorMessage))}",
                    nameof(options));
            }

            start = start with { Settings = JsonSerializer.SerializeToElement(settings, workflow.SettingsType, WorkflowJson.Options) };
        }

        if (options?.PromptVersions is { Count: > 0 } pins)
        {
            var versions = new Dictionary<string, int>(start.PromptVersions, StringComparer.Ordinal);
            foreach ((string stepName, int version) in pins)
            {
                ModelStep step = workflow.Steps.FirstOrDefault(s => s.Name == stepName)
                    ?? throw new ArgumentException($"The {workflow.Name} workflow has no step '{stepName}'.", nameof(options));
                if (!PromptCatalog.All.Any(t => t.Id == step.PromptId && t.Version == version))
                {
                    throw new ArgumentException($"Step '{stepName}' cannot be pinned to {step.PromptId} v{version}: no such prompt.", nameof(options));
                }

                versions[stepName] = version;
            }

            start = start with { PromptVersions = versions };
        }

        return start;
    }

    private static JsonElement InputJson(object input) => input switch
    {
        JsonElement element => element,
        string json => JsonSerializer.Deserialize<JsonElement>(json),
        _ => JsonSerializer.SerializeToElement(input, input.GetType(), WorkflowJson.Options),
    };

    /// <summary>Fails at once, and says why, when the development storage (Azurite) is not listening.</summary>
    private static void EnsureStorageReachable(string connectionString)
    {
        if (!string.Equals(connectionString, WorkflowTestHostOptions.DevelopmentStorage, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        using var client = new TcpClient();
        try
        {
            client.Connect("127.0.0.1", 10002);
        }
        catch (SocketException ex)
        {
            throw new InvalidOperationException(
                "The workflow test kit keeps its runs in the development storage, and Azurite is not listening on 127.0.0.1:10002. "
                + "Start Azurite (scripts/test.sh does), or set WorkflowTestHostOptions.StorageConnectionString.", ex);
        }
    }
}
