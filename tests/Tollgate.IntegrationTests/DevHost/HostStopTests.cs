using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Budgets;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.ModelSimulator;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// Activities get the host's stopping token in the DevHost as in the Functions host, so a host that stops while a
/// model call is in flight takes the same path in both: the call is cancelled, recorded as <c>Interrupted</c>
/// (its outcome is unknown) and charged at its reservation, never at zero.
/// </summary>
public sealed class HostStopTests
{
    [Fact]
    public async Task AHostStoppingMidCallRecordsTheCallAsInterruptedAndChargesItsReservation()
    {
        var fixture = new DevHostFixture();
        await fixture.InitializeAsync();
        try
        {
            fixture.Simulator.Configure("gpt-4o", new DeploymentBehavior { LatencyMilliseconds = 30_000 });
            IServiceProvider services = fixture.Host.App.Services;
            var ledger = services.GetRequiredService<BudgetLedger>();
            var runs = services.GetRequiredService<RunStore>();
            string user = "stopping-" + Guid.NewGuid().ToString("N")[..8];
            using HttpResponseMessage accepted = await fixture.StartRunAsync("summarize", new { userId = user, input = new { text = "Stop the host now." } });
            string runId = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            decimal reserved;
            while ((reserved = (await ledger.GetAsync(user, cts.Token)).Reserved) == 0m)
            {
                await Task.Delay(50, cts.Token); // until the call is in flight: its worst case is reserved
            }

            await fixture.Host.App.StopAsync(cts.Token);

            AttemptRecord? attempt = null;
            while (attempt is null)
            {
                await Task.Delay(50, cts.Token); // the cancelled activity records its attempt as it unwinds
                attempt = (await runs.GetAsync(runId, cts.Token))?.Attempts.SingleOrDefault();
            }

            Assert.Equal(AttemptOutcome.Interrupted, attempt.Outcome);
            Assert.Contains("host stopped", attempt.Error, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(reserved, attempt.Cost.Total);
            BudgetState budget = await ledger.GetAsync(user, cts.Token);
            Assert.Equal(0m, budget.Reserved);
            Assert.Equal(reserved, budget.Spent);
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
