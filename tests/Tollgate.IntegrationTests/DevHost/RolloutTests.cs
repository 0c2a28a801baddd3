using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// A rollout of classify's step from <c>primary</c> (gpt-4o) to <c>fallback</c> (gpt-4o-mini) over HTTP on the DevHost:
/// each user's runs go to their arm's deployment with the arm on every attempt, and <c>GET /api/rollouts/{name}</c>
/// reports exactly what the runs' own records (<c>GET /api/runs/{id}</c>) add up to. A raised percentage applies to the
/// next run through a configuration reload, with the same host.
/// </summary>
public sealed class RolloutTests : IAsyncLifetime
{
    private const string Rollout = "classify-mini";
    private const string Salt = "classify-mini-it";
    private const double Percentage = 50;

    private static readonly string[] Answered = ["Succeeded", "Cached", "ServedStale"];

    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        string prefix = $"Tollgate:Rollouts:{Rollout}:";
        _fixture.Settings[prefix + "Workflow"] = "classify";
        _fixture.Settings[prefix + "Step"] = "classify";
        _fixture.Settings[prefix + "Current"] = "primary";
        _fixture.Settings[prefix + "Candidate"] = "fallback";
        _fixture.Settings[prefix + "Percentage"] = Percentage.ToString(CultureInfo.InvariantCulture);
        _fixture.Settings[prefix + "Salt"] = Salt;
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    [Fact]
    public async Task EachUsersRunsGoToTheirArmAndTheReportEqualsTheSumsOfTheRunRecords()
    {
        // Four users on each arm, by where FeatureManagement's percentile allocation places them.
        string[] users = [.. Enumerable.Range(1, 200).Select(i => $"rollout-user-{i}")];
        string[] current = [.. users.Where(u => !IsCandidate(u, Percentage)).Take(4)];
        string[] candidate = [.. users.Where(u => IsCandidate(u, Percentage)).Take(4)];
        // A candidate's answer is off-schema once (repaired on the candidate, keeping its arm) ...
        _fixture.Simulator.Configure("gpt-4o-mini", new DeploymentBehavior { Fault = SimulatedFault.InvalidJson, FaultCount = 1 });
        JsonElement repaired = await RunAsync(candidate[0], "Ticket 0: the invoice shows the wrong company name.");
        Assert.Equal(["InvalidOutput", "Succeeded"], Attempts(repaired).Select(a => a.GetProperty("outcome").GetString()));

        // ... and one current call is rate limited (it falls back, keeping its arm). Then two runs per user, all at once.
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { Fault = SimulatedFault.RateLimited, FaultCount = 1, RetryAfterSeconds = 30 });
        JsonElement[] runs = [repaired, .. await Task.WhenAll(current.Concat(candidate).Concat(current).Concat(candidate.Skip(1)).Select((user, i) =>
            RunAsync(user, $"Ticket {i + 1}: I was charged twice for my subscription this month.")))];

        foreach (JsonElement run in runs)
        {
            string user = run.GetProperty("userId").GetString()!;
            string arm = candidate.Contains(user) ? "candidate" : "current";
            JsonElement[] attempts = [.. run.GetProperty("attempts").EnumerateArray()];
            Assert.NotEmpty(attempts);
            Assert.All(attempts, a => Assert.Equal($"{Rollout}:{arm}", a.GetProperty("rolloutArm").GetString()));
            Assert.Equal(arm == "candidate" ? "fallback" : "primary", attempts[0].GetProperty("deployment").GetString());
            if (arm == "candidate")
            {
                // A repair or retry names no deployment: it must stay on the candidate, not return to the default.
                Assert.All(attempts, a => Assert.Equal("fallback", a.GetProperty("deployment").GetString()));
            }
        }

        Assert.Contains(runs, r => current.Contains(r.GetProperty("userId").GetString())
            && Attempts(r).Select(a => $"{a.GetProperty("deployment").GetString()}:{a.GetProperty("outcome").GetString()}")
                .SequenceEqual(["primary:RateLimited", "fallback:Succeeded"]));

        JsonElement report = await _fixture.Http.GetFromJsonAsync<JsonElement>($"api/rollouts/{Rollout}");
        Assert.Equal("classify", report.GetProperty("workflow").GetString());
        Assert.Equal(Percentage, report.GetProperty("percentage").GetDouble());
        foreach (JsonElement arm in report.GetProperty("arms").EnumerateArray())
        {
            string name = arm.GetProperty("arm").GetString()!;
            string[] armUsers = name == "candidate" ? candidate : current;
            AssertArmEqualsRunRecords(arm, [.. runs.Where(r => armUsers.Contains(r.GetProperty("userId").GetString()))]);
        }
    }

    [Fact]
    public async Task ARaisedPercentageMovesTheNextRunWithoutARedeployAndAnUnknownRolloutIsNotFound()
    {
        string user = Enumerable.Range(1, 200).Select(i => $"rollout-user-{i}").First(u => !IsCandidate(u, Percentage));
        JsonElement before = await RunAsync(user, "The export button does nothing.");
        Assert.Equal($"{Rollout}:current", Attempts(before)[0].GetProperty("rolloutArm").GetString());

        // The same host, its configuration reloaded: a changed app setting or file does this, nothing is redeployed.
        var configuration = (IConfigurationRoot)_fixture.Host.App.Configuration;
        configuration[$"Tollgate:Rollouts:{Rollout}:Percentage"] = "100";
        configuration.Reload();
        JsonElement after = await RunAsync(user, "The export button still does nothing.");

        JsonElement first = Attempts(after)[0];
        Assert.Equal($"{Rollout}:candidate", first.GetProperty("rolloutArm").GetString());
        Assert.Equal("fallback", first.GetProperty("deployment").GetString());
        JsonElement report = await _fixture.Http.GetFromJsonAsync<JsonElement>($"api/rollouts/{Rollout}");
        Assert.Equal(100, report.GetProperty("percentage").GetDouble());
        Assert.Equal([1, 1], report.GetProperty("arms").EnumerateArray().Select(a => a.GetProperty("runs").GetInt32()));

        using HttpResponseMessage unknown = await _fixture.Http.GetAsync("api/rollouts/no-such-rollout");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>The arm's numbers against the same numbers computed from the runs' own records.</summary>
    private static void AssertArmEqualsRunRecords(JsonElement arm, JsonElement[] runs)
    {
        Assert.NotEmpty(runs);
        JsonElement[] structured = [.. runs.SelectMany(Attempts).Where(a => a.GetProperty("outputSchemaSha256").ValueKind == JsonValueKind.String
            && (Answered.Contains(a.GetProperty("outcome").GetString()) || a.GetProperty("outcome").GetString() == "InvalidOutput"))];
        int valid = structured.Count(a => Answered.Contains(a.GetProperty("outcome").GetString()));
        int succeeded = runs.Count(r => r.GetProperty("status").GetString() == "Completed");
        int fellBack = runs.Count(r => Attempts(r).GroupBy(a => a.GetProperty("callId").GetString())
            .Any(call => call.Select(a => a.GetProperty("deployment").GetString()).Distinct().Count() > 1));
        long[] latencies = [.. runs.Select(r => r.GetProperty("modelLatencyMs").GetInt64()).Order()];
        decimal cost = runs.Sum(r => r.GetProperty("cost").GetProperty("total").GetDecimal());

        Assert.Equal(runs.Length, arm.GetProperty("runs").GetInt32());
        Assert.Equal(succeeded, arm.GetProperty("succeeded").GetInt32());
        Assert.Equal(succeeded / (double)runs.Length, arm.GetProperty("successRate").GetDouble());
        Assert.Equal(structured.Length, arm.GetProperty("structuredAnswers").GetInt32());
        Assert.Equal(valid, arm.GetProperty("validStructuredAnswers").GetInt32());
        Assert.Equal(valid / (double)structured.Length, arm.GetProperty("structuredValidityRate").GetDouble());
        Assert.Equal(fellBack, arm.GetProperty("fellBack").GetInt32());
        Assert.Equal(fellBack / (double)runs.Length, arm.GetProperty("fallbackRate").GetDouble());
        JsonElement latency = arm.GetProperty("modelLatencyMs");
        Assert.Equal(latencies.Length, latency.GetProperty("samples").GetInt32());
        Assert.Equal(latencies[(int)Math.Ceiling(0.50 * latencies.Length) - 1], latency.GetProperty("p50").GetInt64());
        Assert.Equal(latencies[(int)Math.Ceiling(0.95 * latencies.Length) - 1], latency.GetProperty("p95").GetInt64());
        Assert.Equal(cost, arm.GetProperty("totalCost").GetDecimal());
        Assert.Equal(cost / runs.Length, arm.GetProperty("meanCostPerRun").GetDecimal());
    }

    private static JsonElement[] Attempts(JsonElement run) => [.. run.GetProperty("attempts").EnumerateArray()];

    private async Task<JsonElement> RunAsync(string userId, string text)
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync("classify", new { userId, input = new { text } });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Where Microsoft.FeatureManagement's percentile allocation places a user: SHA-256("{userId}\n{salt}"), its first
    /// four bytes little-endian over uint.MaxValue, as a percentage; the candidate holds [0, percentage).
    /// </summary>
    private static bool IsCandidate(string userId, double percentage)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{Salt}"));
        uint marker = BitConverter.IsLittleEndian ? BitConverter.ToUInt32(hash, 0) : BitConverter.ToUInt32([.. hash[..4].Reverse()], 0);
        return marker / (double)uint.MaxValue * 100 < percentage;
    }
}
