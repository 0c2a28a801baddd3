using DurableTask.Core.Exceptions;
using Microsoft.DurableTask.Client;
using Tollgate.DevHost.Durable;
using Tollgate.Intake;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Workflows;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// A second schedule of an existing run id is refused with an exception on both durable backends, whatever state
/// the first instance is in. Without dedupe statuses the Azure Storage backend drops it silently and the in-memory
/// one appends a second start event; <see cref="RunLauncher"/> relies on the throw to tell a repeat from a start.
/// </summary>
public sealed class DuplicateScheduleTests
{
    [Theory]
    [InlineData(DurableBackend.AzureStorage)]
    [InlineData(DurableBackend.InMemory)]
    public async Task ASecondScheduleOfTheSameRunIdThrowsAndLeavesTheFirstInstanceAlone(DurableBackend backend)
    {
        var fixture = new DevHostFixture();
        fixture.Settings[$"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.Backend)}"] = backend.ToString();
        await fixture.InitializeAsync();
        try
        {
            DurableTaskClient client = fixture.Durable;
            string runId = Guid.NewGuid().ToString("N");
            string orchestrator = WorkflowOrchestrator.Name;
            // An input the workflow rejects at once: the instance ends Failed without calling a model.
            await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, "not a summarize request", RunLauncher.ScheduleOptions(runId));

            await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
                client.ScheduleNewOrchestrationInstanceAsync(orchestrator, "the second one", RunLauncher.ScheduleOptions(runId)));

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            OrchestrationMetadata ended = await client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, cts.Token);
            Assert.Equal("\"not a summarize request\"", ended.SerializedInput);

            // Ended instances are protected too: a late repeat must not start the run again.
            await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() =>
                client.ScheduleNewOrchestrationInstanceAsync(orchestrator, "a late repeat", RunLauncher.ScheduleOptions(runId)));
            Assert.Equal(1, await fixture.CountInstancesAsync());
        }
        finally
        {
            await fixture.DisposeAsync();
        }
    }
}
