using System.Text.Json.Nodes;
using Tollgate.Models;
using Tollgate.Runs;
using Tollgate.Testing;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.EnrichLead;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Workflows.Tests.Replay;

/// <summary>
/// Replays of exported runs (<c>GET /api/runs/{id}</c>, under Fixtures/) against today's workflow code: each shipped workflow's
/// recording replays cleanly, and a recording that today's code no longer reproduces fails the replay, naming the difference.
/// </summary>
public sealed class ReplayTests
{
    private static readonly string[] Recorded = ["summarize", "classify", "enrich-lead"];

    public static TheoryData<string> Workflows => new(Recorded);

    [Theory]
    [MemberData(nameof(Workflows))]
    public async Task TheRecordedRunReplaysAgainstTodaysCode(string workflow)
    {
        string recording = ReplayFixtures.Read(workflow);

        WorkflowRun replay = await WorkflowReplayer.ReplayAsync(recording);

        replay.AssertCompleted().AssertCalls(0);
        JsonNode recorded = JsonNode.Parse(recording)!;
        Assert.Equal(recorded["runId"]!.GetValue<string>(), replay.Record.ReplayOf);
        Assert.Equal(recorded["attempts"]!.AsArray().Count(a => a!["outcome"]!.GetValue<string>() == "Succeeded"), replay.Attempts.Count);
        Assert.All(replay.Attempts, a => Assert.NotNull(a.ReplayedFrom));
        Assert.True(JsonNode.DeepEquals(recorded["output"], JsonNode.Parse(replay.Record.Output!)));
    }

    [Fact]
    public async Task AFailedRunReplaysToTheCallThatFailedIt()
    {
        string recording;
        var model = new ScriptedModel().AnswerJson(new Dictionary<string, object?> { ["companyName"] = "Fernhill" }).Answer("no").Answer("{}");
        await using (WorkflowTestHost host = await WorkflowTestHost.StartAsync(model))
        {
            WorkflowRun failed = await host.RunAsync(new EnrichLeadWorkflow(), new EnrichLeadInput { Notes = "Fernhill Logistics, Rotterdam." });
            failed.AssertFailedWith(AttemptOutcome.InvalidOutput);
            recording = failed.ExportJson();
        }

        WorkflowRun replay = await WorkflowReplayer.ReplayAsync(recording);

        Assert.Equal(RunStatus.Failed, replay.Status);
        Assert.Equal(["extract"], replay.Attempts.Select(a => a.Step));
    }

    [Fact]
    public async Task APromptWhoseContentChangedSinceTheRecordingFailsTheReplay()
    {
        JsonNode recording = JsonNode.Parse(ReplayFixtures.Read("enrich-lead"))!;
        JsonNode profile = recording["attempts"]!.AsArray().Last(a => a!["step"]!.GetValue<string>() == "profile")!;
        profile["prompt"]!["sha256"] = new string('0', 64);

        WorkflowAssertionException difference = await Assert.ThrowsAsync<WorkflowAssertionException>(
            () => WorkflowReplayer.ReplayAsync(recording.ToJsonString()));

        Assert.Contains("call 2: the recording has step 'profile' with prompt lead-profile v1 (0000", difference.Message, StringComparison.Ordinal);
        Assert.Contains("The prompt changed since the recording", difference.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOutputTodaysCodeDoesNotReproduceFailsTheReplay()
    {
        JsonNode recording = JsonNode.Parse(ReplayFixtures.Read("summarize"))!;
        recording["output"]!["summary"] = "A summary the model never wrote.";

        WorkflowAssertionException difference = await Assert.ThrowsAsync<WorkflowAssertionException>(
            () => WorkflowReplayer.ReplayAsync(recording.ToJsonString()));

        Assert.Contains("the output differs", difference.Message, StringComparison.Ordinal);
        Assert.Contains("A summary the model never wrote.", difference.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PinningAnotherPromptVersionIsARegressionTheReplayNames()
    {
        var options = new WorkflowTestHostOptions();
        options.Configuration["Tollgate:Workflows:classify:Prompts:classify"] = "2";

        WorkflowAssertionException difference = await Assert.ThrowsAsync<WorkflowAssertionException>(
            () => WorkflowReplayer.ReplayAsync(ReplayFixtures.Read("classify"), options));

        Assert.Contains("the recording has step 'classify' with prompt classify v1", difference.Message, StringComparison.Ordinal);
        Assert.Contains("today's code asks step 'classify' with prompt classify v2", difference.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordingWithACallTodaysCodeNoLongerMakesFailsTheReplay()
    {
        // The summarize recording replayed as if it had a second, answered call: today's code makes one.
        JsonNode recording = JsonNode.Parse(ReplayFixtures.Read("summarize"))!;
        JsonArray attempts = recording["attempts"]!.AsArray();
        JsonNode extra = attempts[^1]!.DeepClone();
        extra["callId"] = "ffffffff000000000000000000000000";
        attempts.Add(extra);

        WorkflowAssertionException difference = await Assert.ThrowsAsync<WorkflowAssertionException>(
            () => WorkflowReplayer.ReplayAsync(recording.ToJsonString()));

        Assert.Contains("call 2: the recording has step 'summarize'", difference.Message, StringComparison.Ordinal);
        Assert.Contains("today's code makes no such call", difference.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Writes the fixtures anew when <see cref="ReplayFixtures.RegenerateVariable"/> is 1: each workflow run on the kit against
    /// the model simulator, exported as <c>GET /api/runs/{id}</c> answers. Otherwise checks each shipped workflow has one.
    /// </summary>
    [Fact]
    public async Task EveryShippedWorkflowHasARecordedRun()
    {
        if (Environment.GetEnvironmentVariable(ReplayFixtures.RegenerateVariable) == "1")
        {
            await using WorkflowTestHost host = await WorkflowTestHost.StartWithSimulatorAsync();
            WorkflowRun summarize = await host.RunAsync(new SummarizeWorkflow(), new SummarizeInput
            {
                Text = "The quarterly report shows revenue up 12% and costs flat; hiring resumes in March after the freeze ends.",
            });
            WorkflowRun classify = await host.RunAsync(new ClassifyWorkflow(), new ClassifyInput
            {
                Text = "I was charged twice for my March invoice, please refund one of the payments.",
            });
            WorkflowRun enrich = await host.RunAsync(new EnrichLeadWorkflow(), new EnrichLeadInput
            {
                Notes = "Met Dana Ruiz, head of ops at Fernhill Logistics (about 240 people, Rotterdam). They run a fleet app and want route costs down.",
            });
            foreach (WorkflowRun run in new[] { summarize, classify, enrich })
            {
                run.AssertCompleted();
                await File.WriteAllTextAsync(ReplayFixtures.SourcePath(run.Record.Workflow), run.ExportJson());
            }
        }

        Assert.Equal(WorkflowCatalog.All.Keys.Order(), Recorded.Order());
        Assert.All(WorkflowCatalog.All.Keys, workflow => Assert.Contains("\"attempts\"", ReplayFixtures.Read(workflow), StringComparison.Ordinal));
    }
}
