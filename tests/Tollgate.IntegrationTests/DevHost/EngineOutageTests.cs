using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Tollgate.Intake;
using Tollgate.IntegrationTests.Infrastructure;
using Tollgate.Runs;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// When the workflow engine refuses to start a run (503), a request with an idempotency key (or a queue
/// message, or a trigger delivery) is not lost: its repeat starts the same run. Without a key the run is recorded
/// as failed, since nothing could ever resume it.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class EngineOutageTests(DevHostFixture fixture)
{
    private StartRunHandler Handler => fixture.Host.App.Services.GetRequiredService<StartRunHandler>();

    private RunStore Runs => fixture.Host.App.Services.GetRequiredService<RunStore>();

    [Fact]
    public async Task ARefusedRunWithAKeyStaysPendingAndItsRepeatStartsIt()
    {
        string key = Guid.NewGuid().ToString();
        const string Body = """{"userId":"outage-user","input":{"text":"Started on the second try."}}""";
        string runId = RunIds.FromIdempotencyKey("summarize", "outage-user", key);

        IResult refused = await Handler.HandleAsync(JsonPost.Create(Body, key).Request, "summarize", new RefusingDurableClient(fixture.Durable), CancellationToken.None);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ((IStatusCodeHttpResult)refused).StatusCode);
        RunRecord pending = (await Runs.GetRunAsync(runId, CancellationToken.None))!;
        Assert.Equal(RunStatus.Pending, pending.Status);
        Assert.Equal(RunLauncher.NotScheduled, pending.Error);
        Assert.Null(pending.CompletedAt);

        IResult repeated = await Handler.HandleAsync(JsonPost.Create(Body, key).Request, "summarize", fixture.Durable, CancellationToken.None);

        Assert.Equal(runId, Assert.IsType<Accepted<StartRunResponse>>(repeated).Value!.RunId);
        JsonElement run = await fixture.WaitForRunAsync(runId);
        Assert.Equal("Completed", run.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, run.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task ARefusedRunWithoutAKeyIsRecordedAsFailed()
    {
        IResult refused = await Handler.HandleAsync(JsonPost.Create("""{"userId":"outage-user","input":{"text":"No key, no resume."}}""").Request, "summarize",
            new RefusingDurableClient(fixture.Durable), CancellationToken.None);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, ((IStatusCodeHttpResult)refused).StatusCode);
        List<TableEntity> rows = await Azurite.Table(fixture.RunsTable)
            .QueryAsync<TableEntity>(e => e.RowKey == "run" && e.GetString("UserId") == "outage-user" && e.GetString("Status") == "Failed")
            .ToListAsync();
        TableEntity failed = Assert.Single(rows);
        Assert.Equal(RunLauncher.NotScheduled, failed.GetString("Error"));
        Assert.NotNull(failed.GetDateTimeOffset("CompletedAt"));
    }
}
