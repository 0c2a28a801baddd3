using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Callbacks;
using Tollgate.Intake;
using Tollgate.Runs;
using Tollgate.Tests.Callbacks;
using Tollgate.Tests.Support;
using Tollgate.Workflows;

namespace Tollgate.Tests.Intake;

/// <summary>
/// <c>callbackUrl</c> in a run request: a bad one is refused naming the field, before storage or the engine is touched
/// (the run store points at a closed port, so a write would throw instead of answering).
/// </summary>
public sealed class CallbackUrlIntakeTests : IAsyncDisposable
{
    private readonly RecordingDurableClient _client = new();

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task<IResult> PostAsync(string body, CallbackTargets? callbacks)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        RunStore runs = UnreachableStorage.CreateRunStore();
        var handler = new StartRunHandler(runs, new RunLauncher(runs, NullLogger<RunLauncher>.Instance),
            new WorkflowStarts(Options.Create(WorkflowOptions.From(new ConfigurationBuilder().Build()))), Options.Create(new IntakeOptions()),
            TimeProvider.System, NullLogger<StartRunHandler>.Instance, callbacks);
        return await handler.HandleAsync(context.Request, "summarize", _client, CancellationToken.None);
    }

    private static string Body(object? callbackUrl) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["userId"] = "alice", ["input"] = new { text = "hello" }, ["callbackUrl"] = callbackUrl });

    private static CallbackTargets Targets()
    {
        var resolver = new CallbackTestSupport.FakeResolver();
        resolver.Names["internal.example"] = [IPAddress.Parse("192.168.0.10")];
        return CallbackTestSupport.Targets(CallbackTestSupport.Options(), resolver);
    }

    [Theory]
    [InlineData(42, "must be a string")]
    [InlineData(true, "must be a string")]
    [InlineData("", "not an absolute")]
    [InlineData("relative/path", "not an absolute")]
    [InlineData("http://example.com/", "must be https")]
    [InlineData("https://10.0.0.5/", "private address")]
    [InlineData("https://internal.example/", "192.168.0.10 is a private address")]
    [InlineData("https://[::1]/", "loopback")]
    [InlineData("https://169.254.169.254/", "link-local")]
    public async Task ABadCallbackUrlIsRefusedNamingTheFieldAndNothingIsScheduled(object callbackUrl, string why)
    {
        IResult result = await PostAsync(Body(callbackUrl), Targets());

        ProblemDetailsAssert(result, why);
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task WithoutCallbacksConfiguredACallbackUrlIsRefused()
    {
        ProblemDetailsAssert(await PostAsync(Body("https://receiver.example/"), null), "callbacks are not configured");
        ProblemDetailsAssert(await PostAsync(Body("https://receiver.example/"),
            CallbackTestSupport.Targets(new CallbackOptions(), new CallbackTestSupport.FakeResolver())), "callbacks are not configured");
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public async Task ANullCallbackUrlIsNoCallback()
    {
        // Accepted as far as the (unreachable) run store: the request got past validation.
        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => PostAsync(Body(null), Targets()));
        UnreachableStorage.AssertReachedStorage(thrown);
    }

    private static void ProblemDetailsAssert(IResult result, string why)
    {
        Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult problem = Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result);
        Assert.Equal(400, problem.StatusCode);
        var errors = (IReadOnlyDictionary<string, string[]>)problem.ProblemDetails.Extensions["errors"]!;
        Assert.Contains(why, Assert.Single(errors[CallbackTargets.Field]), StringComparison.Ordinal);
    }
}
