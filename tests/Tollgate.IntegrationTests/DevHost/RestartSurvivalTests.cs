using System.Net.Http.Json;
using System.Text.Json;
using Tollgate.Budgets;
using Tollgate.DevHost.Durable;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Runs survive a crash of the DevHost: the Azure Storage backend keeps their history, timers and queued work in
/// Azurite. The process is killed (SIGKILL, nothing flushed) while one run waits on a Retry-After timer and another
/// run's model call is in flight, then started again on the same storage; both runs complete, and the budget
/// ledger charges exactly what the attempt records say — the lost call at its reservation, as an unknown outcome.
/// </summary>
public sealed class RestartSurvivalTests : IAsyncLifetime
{
    private const int ModelLatencyMs = 3000;
    private const int RetryAfterSeconds = 8;

    private readonly string _prefix = Azurite.UniqueTablePrefix();
    private DevHostProcess? _host;

    public Task InitializeAsync()
    {
        Azurite.EnsureRunning();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (_host is not null)
            {
                await _host.StopAsync(); // graceful: deletes the task hub
                await _host.DisposeAsync();
            }
        }
        finally
        {
            await DevHostFixture.DeleteIsolatedStorageAsync(_prefix);
        }
    }

    [Fact]
    public async Task RunsWaitingOnATimerOrAModelCallCompleteAfterTheHostIsKilledAndStartedAgain()
    {
        _host = await DevHostProcess.StartAsync(Settings(rateLimitFirstCall: true));
        using var http = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        // Run 1's first call is rate limited: it then waits on a durable timer for the provider's Retry-After.
        string waiting = await StartAsync(http, "restart-timer");
        await PollAsync(http, waiting, run => run.GetProperty("attempts").GetArrayLength() == 1);

        // Run 2's call is in flight once its worst case is reserved (the simulator takes 3 s to answer).
        string inFlight = await StartAsync(http, "restart-inflight");
        BudgetLedger ledger = Azurite.Ledger(_prefix, 5.00m, TimeProvider.System);
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
        {
            while ((await ledger.GetAsync("restart-inflight", cts.Token)).Reserved == 0m)
            {
                await Task.Delay(50, cts.Token);
            }
        }

        await _host.KillAsync();
        await _host.DisposeAsync();
        _host = await DevHostProcess.StartAsync(Settings(rateLimitFirstCall: false));
        using var restarted = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        JsonElement timerRun = await PollAsync(restarted, waiting, IsEnded);
        JsonElement inFlightRun = await PollAsync(restarted, inFlight, IsEnded);

        Assert.True("Completed" == timerRun.GetProperty("status").GetString(), _host.Output);
        JsonElement[] timerAttempts = [.. timerRun.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["RateLimited", "Succeeded"], timerAttempts.Select(Outcome));
        // From the moment the 429 arrived (the first attempt's end), not from when it was sent.
        DateTimeOffset rateLimitedAt = timerAttempts[0].GetProperty("startedAt").GetDateTimeOffset()
            + TimeSpan.FromMilliseconds(timerAttempts[0].GetProperty("latencyMs").GetInt64());
        Assert.True(timerAttempts[1].GetProperty("startedAt").GetDateTimeOffset() - rateLimitedAt >= TimeSpan.FromSeconds(RetryAfterSeconds),
            $"The retry must wait for the provider's Retry-After across the restart: {timerRun}");

        Assert.True("Completed" == inFlightRun.GetProperty("status").GetString(), _host.Output);
        JsonElement[] inFlightAttempts = [.. inFlightRun.GetProperty("attempts").EnumerateArray()];
        Assert.Equal(["Interrupted", "Succeeded"], inFlightAttempts.Select(Outcome));
        Assert.True(Cost(inFlightAttempts[0]) > 0m, "The lost call may have been billed: it is charged at its reservation, never at zero.");

        foreach ((string user, JsonElement run, JsonElement[] attempts) in new[] { ("restart-timer", timerRun, timerAttempts), ("restart-inflight", inFlightRun, inFlightAttempts) })
        {
            BudgetState budget = await ledger.GetAsync(user, CancellationToken.None);
            Assert.Equal(0m, budget.Reserved);
            Assert.Equal(attempts.Sum(Cost), budget.Spent);
            Assert.Equal(budget.Spent, run.GetProperty("cost").GetProperty("total").GetDecimal());
        }
    }

    private Dictionary<string, string?> Settings(bool rateLimitFirstCall)
    {
        var settings = new Dictionary<string, string?>(DevHostFixture.IsolationSettings(_prefix))
        {
            ["Logging:LogLevel:Default"] = "Warning",
            // The sidecar never renews an activity's lock: a killed host's in-flight call is dispatched again once it
            // expires. Short here (the default is 5 minutes), and still above the longest model call.
            [$"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.WorkItemVisibilityTimeout)}"] = "00:00:08",
            [$"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.ControlQueueVisibilityTimeout)}"] = "00:00:08",
            ["Tollgate:Models:Deployments:primary:RequestTimeout"] = "00:00:06",
            ["Tollgate:Models:Deployments:fallback:RequestTimeout"] = "00:00:06",
            // No fallback: a rate-limited call then waits for the Retry-After on a durable timer instead of moving on.
            ["Tollgate:Models:Deployments:primary:Fallback"] = "",
            ["Simulator:Deployments:gpt-4o:LatencyMilliseconds"] = ModelLatencyMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (rateLimitFirstCall)
        {
            settings["Simulator:Deployments:gpt-4o:Fault"] = "RateLimited";
            settings["Simulator:Deployments:gpt-4o:FaultCount"] = "1";
            settings["Simulator:Deployments:gpt-4o:RetryAfterSeconds"] = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private static async Task<string> StartAsync(HttpClient http, string user)
    {
        using HttpResponseMessage accepted = await http.PostAsJsonAsync("api/workflows/summarize/runs",
            new { userId = user, input = new { text = "A run that outlives the process that started it." } });
        accepted.EnsureSuccessStatusCode();
        return (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    }

    private static async Task<JsonElement> PollAsync(HttpClient http, string runId, Func<JsonElement, bool> until)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            JsonElement run = await http.GetFromJsonAsync<JsonElement>($"api/runs/{runId}", cts.Token);
            if (until(run))
            {
                return run;
            }

            await Task.Delay(100, cts.Token);
        }
    }

    private static bool IsEnded(JsonElement run) => run.GetProperty("status").GetString() is not ("Pending" or "Running");

    private static string? Outcome(JsonElement attempt) => attempt.GetProperty("outcome").GetString();

    private static decimal Cost(JsonElement attempt) => attempt.GetProperty("cost").GetProperty("total").GetDecimal();
}
