using Azure.Data.Tables;
using Azure.Data.Tables.Models;
using Tollgate.Models;
using Tollgate.Testing;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Workflows.Tests.Kit;

/// <summary>The kit's own assertions fail when they should, and say what was expected and what happened.</summary>
public sealed class KitAssertionTests
{
    private static readonly Classification Billing = new("billing", Priority.High, 0.92, "The customer reports a double charge.");

    [Fact]
    public async Task EachAssertionThrowsWhenTheRunDoesNotSatisfyIt()
    {
        var model = new ScriptedModel().Then(ScriptedAnswer.Text("A summary.").WithUsage(1_000, 100).WithLatency(TimeSpan.FromSeconds(3)));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);
        WorkflowRun run = await host.RunAsync<SummarizeWorkflow>(new { text = "Some text." });
        run.AssertCompleted().AssertCostAtMost(0.00021m).AssertCalls(1).AssertModelLatencyWithin(TimeSpan.FromSeconds(3));

        WorkflowAssertionException cost = Assert.Throws<WorkflowAssertionException>(() => run.AssertCostAtMost(0.0002m));
        Assert.Contains("at most 0.0002 USD, but it cost 0.00021 USD", cost.Message, StringComparison.Ordinal);
        Assert.Contains("step 'summarize' on primary: Succeeded", cost.Message, StringComparison.Ordinal);

        WorkflowAssertionException calls = Assert.Throws<WorkflowAssertionException>(() => run.AssertCalls(2));
        Assert.Contains("exactly 2 model call(s)", calls.Message, StringComparison.Ordinal);
        Assert.Contains("but 1 were sent", calls.Message, StringComparison.Ordinal);

        WorkflowAssertionException latency = Assert.Throws<WorkflowAssertionException>(() => run.AssertModelLatencyWithin(TimeSpan.FromSeconds(2)));
        Assert.Contains("at most 2000 ms in model calls, but it spent 3000 ms", latency.Message, StringComparison.Ordinal);

        WorkflowAssertionException fallback = Assert.Throws<WorkflowAssertionException>(() => run.AssertFellBackTo("fallback"));
        Assert.Contains("fall back to fallback, but the answer came from primary", fallback.Message, StringComparison.Ordinal);

        WorkflowAssertionException failed = Assert.Throws<WorkflowAssertionException>(() => run.AssertFailedWith(AttemptOutcome.InvalidOutput));
        Assert.Contains("fail with InvalidOutput, but it is Completed", failed.Message, StringComparison.Ordinal);

        Assert.Throws<WorkflowAssertionException>(() => run.AssertLatencyBudgetExceeded());
        Assert.Throws<WorkflowAssertionException>(() => run.AssertOutcomes(AttemptOutcome.RateLimited, AttemptOutcome.Succeeded));
    }

    [Fact]
    public async Task CompletedAndCeilingAssertionsThrowForAFailedExpensiveRun()
    {
        // The gateway keeps a call's worst case (counted input, full cap) within the ceiling; a provider reporting far more
        // input than was counted (400,000 tokens) is the one way past it, and the assertion says so.
        var model = new ScriptedModel().Then(ScriptedAnswer.Json(Billing).WithUsage(400_000, 1_000)).Then(ScriptedAnswer.Refused("No."));
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(model);
        WorkflowRun<Classification> expensive = await host.RunAsync(new ClassifyWorkflow(), new ClassifyInput { Text = "Charged twice." });

        WorkflowAssertionException ceiling = Assert.Throws<WorkflowAssertionException>(() => expensive.AssertWithinCostCeiling());
        Assert.Contains("within its cost ceiling of 0.05 USD, but it cost 0.0606 USD", ceiling.Message, StringComparison.Ordinal);

        // Another text: classify caches its answers, and the same text would be answered from the first run.
        WorkflowRun refused = await host.RunAsync(new ClassifyWorkflow(), new ClassifyInput { Text = "Charged three times." });
        WorkflowAssertionException completed = Assert.Throws<WorkflowAssertionException>(() => refused.AssertCompleted());
        Assert.Contains("to complete, but it is Failed", completed.Message, StringComparison.Ordinal);
        Assert.Contains("Refused", completed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARequestTheScriptHasNoAnswerForFailsTheRunWithWhatWasAsked()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel());

        WorkflowAssertionException unscripted = await Assert.ThrowsAsync<WorkflowAssertionException>(
            () => host.RunAsync<SummarizeWorkflow>(new { text = "Some text." }));

        Assert.Contains("the script has no answer for", unscripted.Message, StringComparison.Ordinal);
        Assert.Contains("to primary", unscripted.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InputTheIntakeWouldRefuseIsRefusedBeforeARunExists()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel());

        ArgumentException refused = await Assert.ThrowsAsync<ArgumentException>(() => host.RunAsync<SummarizeWorkflow>(new { text = "" }));

        Assert.Contains("input.text", refused.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task SettingsForARunAreCheckedAsStartUpChecksConfiguredOnes()
    {
        await using WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel());

        ArgumentException invalid = await Assert.ThrowsAsync<ArgumentException>(() => host.RunAsync(new ClassifyWorkflow(),
            new ClassifyInput { Text = "Charged twice." }, options: new WorkflowRunOptions { Settings = new ClassifySettings { Categories = ["billing"] } }));

        Assert.Contains("settings are not valid", invalid.Message, StringComparison.Ordinal);
        Assert.Empty(host.Requests);
    }

    [Fact]
    public async Task AHostWhoseModelCatalogCouldNeverRunFailsToStartAsAnAppWould()
    {
        var options = new WorkflowTestHostOptions { DefaultDeployment = "missing" };

        Exception refused = await Assert.ThrowsAnyAsync<Exception>(() => WorkflowTestHost.StartAsync(new ScriptedModel(), options));

        Assert.Contains("DefaultDeployment 'missing' is not in Tollgate:Models:Deployments", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposingTheHostDeletesItsTables()
    {
        WorkflowTestHost host = await WorkflowTestHost.StartAsync(new ScriptedModel().Answer("A summary."));
        (await host.RunAsync<SummarizeWorkflow>(new { text = "Some text." })).AssertCompleted();
        string prefix = host.TablePrefix;
        Assert.Equal(2, await CountTablesAsync(prefix)); // runs and budgets

        await host.DisposeAsync();

        Assert.Equal(0, await CountTablesAsync(prefix));
    }

    private static async Task<int> CountTablesAsync(string prefix)
    {
        int count = 0;
        await foreach (TableItem table in new TableServiceClient(WorkflowTestHostOptions.DevelopmentStorage).QueryAsync())
        {
            count += table.Name.StartsWith(prefix, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }
}
