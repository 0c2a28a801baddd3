using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Workflows.Summarize;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Budgets through the whole stack: the worst case is reserved before each call, the cap degrades
/// before the budget refuses, and concurrent runs never spend past the limit.
/// </summary>
public sealed class BudgetTests : IAsyncLifetime
{
    // DevHost "primary" prices: 2.50 in / 10.00 out per million tokens. A full 256-token cap costs
    // 0.00256 of output; this limit leaves room for about two such reservations at a time.
    private const decimal Limit = 0.0060m;
    private readonly DevHostFixture _fixture = new();

    public async Task InitializeAsync()
    {
        _fixture.Settings["Tollgate:Budgets:DefaultMonthlyLimit"] = Limit.ToString(CultureInfo.InvariantCulture);
        await _fixture.InitializeAsync();
    }

    public Task DisposeAsync() => _fixture.DisposeAsync();

    private BudgetLedger Ledger => _fixture.Host.App.Services.GetRequiredService<BudgetLedger>();

    [Fact]
    public async Task ConcurrentRunsNeverSpendPastTheLimitAndRefusedCallsSendNothing()
    {
        _fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { LatencyMilliseconds = 300 });

        // Twelve runs of about 0.0006 each ask for more than the limit even if none overlap (on a busy machine they
        // may not), so some attempt is refused whatever the timing; eight fitted when run one after another.
        JsonElement[] runs = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => RunAsync("spender", $"Run number {i} wants a summary of this text.")));

        BudgetState budget = await Ledger.GetAsync("spender", CancellationToken.None);
        Assert.Equal(0m, budget.Reserved);
        Assert.True(budget.Spent <= Limit, $"Spent {budget.Spent} is over the limit {Limit}.");
        decimal recorded = runs.Sum(r => r.GetProperty("cost").GetProperty("total").GetDecimal());
        Assert.Equal(budget.Spent, recorded);

        JsonElement[] attempts = [.. runs.SelectMany(r => r.GetProperty("attempts").EnumerateArray())];
        int sent = attempts.Count(a => a.GetProperty("outcome").GetString() == "Succeeded");
        Assert.Equal(sent, _fixture.Simulator.Requests.Count);
        Assert.Contains(runs, r => r.GetProperty("status").GetString() == "Completed");
        Assert.Contains(attempts, a => a.GetProperty("outcome").GetString() == "BudgetExceeded");
        Assert.All(attempts.Where(a => a.GetProperty("outcome").GetString() == "BudgetExceeded"),
            a => Assert.Equal(0m, a.GetProperty("cost").GetProperty("total").GetDecimal()));

        JsonElement view = await _fixture.Http.GetFromJsonAsync<JsonElement>("api/users/spender/budget");
        Assert.Equal(Limit, view.GetProperty("limit").GetDecimal());
        Assert.Equal(budget.Spent, view.GetProperty("spent").GetDecimal());
        Assert.Equal(0m, view.GetProperty("reserved").GetDecimal());
        Assert.Equal(Limit - budget.Spent, view.GetProperty("available").GetDecimal());
    }

    [Fact]
    public async Task TheBudgetOfAUserWhoNeverRanIsTheDefaultAndAMalformedUserIs400()
    {
        JsonElement view = await _fixture.Http.GetFromJsonAsync<JsonElement>("api/users/newcomer/budget");
        Assert.Equal(Limit, view.GetProperty("available").GetDecimal());
        Assert.Equal(DateTimeOffset.UtcNow.ToString("yyyy-MM", CultureInfo.InvariantCulture), view.GetProperty("period").GetString());

        using HttpResponseMessage malformed = await _fixture.Http.GetAsync("api/users/a%20b/budget");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WhenTheFullCapDoesNotFitTheCapShrinksBeforeTheBudgetRefuses()
    {
        // Spend most of the budget so that a full-cap reservation no longer fits, but a floor-cap one does.
        Assert.True((await Ledger.ReserveAsync("saver", "earlier-spend", 0.0040m, CancellationToken.None)).Granted);
        await Ledger.SettleAsync("saver", "earlier-spend", 0.0040m, CancellationToken.None);

        JsonElement run = await RunAsync("saver", "Summarise this on a shoestring budget.");

        Assert.Equal("Completed", run.GetProperty("status").GetString());
        JsonElement attempt = Assert.Single(run.GetProperty("attempts").EnumerateArray().ToArray());
        int cap = attempt.GetProperty("maxOutputTokens").GetInt32();
        Assert.InRange(cap, SummarizeWorkflow.Summary.MinOutputTokens, SummarizeWorkflow.Summary.MaxOutputTokens - 1);
        Assert.Equal(SummarizeWorkflow.Summary.MaxOutputTokens, attempt.GetProperty("stepMaxOutputTokens").GetInt32());
        Assert.Equal(cap, Assert.Single(_fixture.Simulator.Requests).MaxOutputTokens);
        Assert.True(attempt.GetProperty("reserved").GetDecimal() <= Limit - 0.0040m);
        Assert.True((await Ledger.GetAsync("saver", CancellationToken.None)).Spent <= Limit);
    }

    [Fact]
    public async Task AnExhaustedBudgetFailsTheRunWithoutCallingTheModel()
    {
        Assert.True((await Ledger.ReserveAsync("broke", "everything", Limit, CancellationToken.None)).Granted);
        await Ledger.SettleAsync("broke", "everything", Limit, CancellationToken.None);

        JsonElement run = await RunAsync("broke", "No money left for this one.");

        Assert.Equal("Failed", run.GetProperty("status").GetString());
        Assert.Contains("BudgetExceeded", run.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(_fixture.Simulator.Requests);
        Assert.Equal(Limit, (await Ledger.GetAsync("broke", CancellationToken.None)).Spent);
    }

    private async Task<JsonElement> RunAsync(string userId, string text)
    {
        using HttpResponseMessage accepted = await _fixture.StartRunAsync("summarize", new { userId, input = new { text } });
        accepted.EnsureSuccessStatusCode();
        string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        return await _fixture.WaitForRunAsync(runId, TimeSpan.FromSeconds(60));
    }
}
