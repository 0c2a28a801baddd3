using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Intake;
using Tollgate.Runs;
using Tollgate.Tests.Support;
using Tollgate.Workflows;
using Tollgate.Workflows.Summarize;

namespace Tollgate.Tests.Intake;

/// <summary>
/// Bad input to <c>POST /api/workflows/{workflow}/runs</c> gets a clear problem response and changes
/// nothing. The handler's run store points at a closed port, so any write would throw instead of
/// answering; the Durable client records whether an orchestration was scheduled.
/// </summary>
public sealed class StartRunValidationTests : IAsyncDisposable
{
    private const string Workflow = "summarize";
    private const int DefaultLimit = 256 * 1024;

    private readonly RecordingDurableClient _client = new();

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private async Task<IResult> PostAsync(
        string? body, string? contentType = "application/json", string workflow = Workflow, int limit = DefaultLimit, bool sendContentLength = true)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body ?? "");
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = contentType;
        context.Request.Body = new MemoryStream(bytes);
        if (sendContentLength)
        {
            context.Request.ContentLength = bytes.Length;
        }

        return await SendAsync(context, workflow, limit);
    }

    private async Task<IResult> SendAsync(HttpContext context, string workflow = Workflow, int limit = DefaultLimit)
    {
        RunStore runs = UnreachableStorage.CreateRunStore();
        var handler = new StartRunHandler(
            runs,
            new RunLauncher(runs, NullLogger<RunLauncher>.Instance),
            new WorkflowStarts(Options.Create(WorkflowOptions.From(new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build()))),
            Options.Create(new IntakeOptions { MaxBodyBytes = limit }),
            TimeProvider.System,
            NullLogger<StartRunHandler>.Instance);
        return await handler.HandleAsync(context.Request, workflow, _client, CancellationToken.None);
    }

    private static string Body(object? userId, object? input) =>
        JsonSerializer.Serialize(new Dictionary<string, object?> { ["userId"] = userId, ["input"] = input });

    private static string WithText(object? text) => Body("alice", new Dictionary<string, object?> { ["text"] = text });

    private void AssertNothingScheduled() => Assert.Empty(_client.Calls);

    [Theory]
    [InlineData("no-such-workflow")]
    [InlineData("")]
    [InlineData("summarize ")]
    public async Task AnUnknownWorkflowIsNotFound(string workflow)
    {
        IResult result = await PostAsync(WithText("hello"), workflow: workflow);

        ProblemAssert.Is(result, StatusCodes.Status404NotFound, "unknown-workflow");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/xml")]
    public async Task ABodyThatIsNotDeclaredJsonIsRefusedWith415(string? contentType)
    {
        IResult result = await PostAsync(WithText("hello"), contentType);

        ProblemAssert.Is(result, StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/problem+json")]
    public async Task JsonMediaTypesWithParametersOrSuffixesAreAccepted(string contentType)
    {
        // Past the media-type check, the missing input is what gets reported.
        IResult result = await PostAsync(Body("alice", null), contentType);

        ProblemAssert.IsInvalidField(result, "input");
    }

    [Fact]
    public async Task ADeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody()
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.ContentLength = 1025;
        context.Request.Body = new UnreadableStream();

        IResult result = await SendAsync(context, limit: 1024);

        ProblemDetails details = ProblemAssert.Is(result, StatusCodes.Status413PayloadTooLarge, "body-too-large");
        Assert.Contains("1024", details.Detail, StringComparison.Ordinal);
        AssertNothingScheduled();
    }

    [Fact]
    public async Task ABodyOverTheLimitWithoutAContentLengthIsRefusedWith413()
    {
        string body = WithText(new string('x', 2_000));

        IResult result = await PostAsync(body, limit: 1024, sendContentLength: false);

        ProblemAssert.Is(result, StatusCodes.Status413PayloadTooLarge, "body-too-large");
        AssertNothingScheduled();
    }

    [Fact]
    public async Task AnEndlessChunkedBodyIsCutOffSoonAfterTheLimit()
    {
        // A chunked body has no length: the handler must stop reading once past the limit,
        // not buffer whatever the client cares to send.
        var stream = new CountingStream(length: 64L * 1024 * 1024);
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = stream;

        IResult result = await SendAsync(context, limit: 4096);

        ProblemAssert.Is(result, StatusCodes.Status413PayloadTooLarge, "body-too-large");
        Assert.True(stream.BytesRead < 4096 + (64 * 1024), $"The handler read {stream.BytesRead} bytes of a body limited to 4096.");
        AssertNothingScheduled();
    }

    [Fact]
    public async Task ABodyOfExactlyTheLimitIsRead()
    {
        string json = Body("alice", null);
        string body = json + new string(' ', 1024 - Encoding.UTF8.GetByteCount(json));

        IResult chunked = await PostAsync(body, limit: 1024, sendContentLength: false);
        IResult declared = await PostAsync(body, limit: 1024);

        ProblemAssert.IsInvalidField(chunked, "input");
        ProblemAssert.IsInvalidField(declared, "input");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("{\"userId\":\"alice\",}")]
    [InlineData("{'userId':'alice'}")]
    [InlineData("{\"userId\":\"alice\"} trailing")]
    [InlineData("{\"userId\": // comment\n\"alice\"}")]
    public async Task MalformedJsonIsRefusedWith400(string body)
    {
        IResult result = await PostAsync(body);

        ProblemDetails details = ProblemAssert.Is(result, StatusCodes.Status400BadRequest, "malformed-json");
        Assert.False(string.IsNullOrEmpty(details.Detail));
        AssertNothingScheduled();
    }

    public static TheoryData<string, byte[]> UndecodableText => new()
    {
        { "invalid UTF-8 in userId", [.. "{\"userId\":\"al"u8, 0xC3, 0x28, .. "\",\"input\":{\"text\":\"hi\"}}"u8] },
        { "invalid UTF-8 in input.text", [.. "{\"userId\":\"alice\",\"input\":{\"text\":\"h"u8, 0xFF, .. "i\"}}"u8] },
        { "invalid UTF-8 in a field name", [.. "{\"userId\":\"alice\",\"input\":{\"text\":\"hi\"},\"x"u8, 0xC0, 0xAF, .. "\":1}"u8] },
        { "a lone surrogate escape in input.text", [.. "{\"userId\":\"alice\",\"input\":{\"text\":\"\\ud800\"}}"u8] },
        { "a lone surrogate escape in userId", [.. "{\"userId\":\"\\udc00\",\"input\":{\"text\":\"hi\"}}"u8] },
    };

    [Theory]
    [MemberData(nameof(UndecodableText))]
    public async Task TextThatCannotBeDecodedIsRefusedWith400(string what, byte[] body)
    {
        var context = new DefaultHttpContext();
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body);

        IResult result = await SendAsync(context);

        IStatusCodeHttpResult status = Assert.IsAssignableFrom<IStatusCodeHttpResult>(result);
        Assert.True(status.StatusCode == StatusCodes.Status400BadRequest, $"{what}: got {status.StatusCode}.");
        Assert.IsType<Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult>(result);
        AssertNothingScheduled();
    }

    [Fact]
    public async Task NestingDeeperThanTheLimitIsRefusedWith400()
    {
        string deep = new string('[', 64) + new string(']', 64);

        IResult result = await PostAsync($"{{\"userId\":\"alice\",\"input\":{{\"text\":{deep}}}}}");

        ProblemAssert.Is(result, StatusCodes.Status400BadRequest, "malformed-json");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"userId\":\"alice\",\"input\":{\"text\":\"hi\"}}]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("true")]
    [InlineData("null")]
    public async Task ARootThatIsNotAnObjectIsRefused(string body)
    {
        IResult result = await PostAsync(body);

        ProblemAssert.IsInvalidField(result, "$");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("extra")]
    [InlineData("UserId")]
    [InlineData("text")]
    [InlineData("")]
    public async Task AnUnknownTopLevelFieldIsRefusedByName(string field)
    {
        string body = $"{{\"userId\":\"alice\",\"input\":{{\"text\":\"hi\"}},{JsonSerializer.Serialize(field)}:1}}";

        IResult result = await PostAsync(body);

        ProblemAssert.IsInvalidField(result, field);
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("{\"input\":{\"text\":\"hi\"}}")]
    [InlineData("{\"userId\":null,\"input\":{\"text\":\"hi\"}}")]
    [InlineData("{\"userId\":42,\"input\":{\"text\":\"hi\"}}")]
    [InlineData("{\"userId\":true,\"input\":{\"text\":\"hi\"}}")]
    [InlineData("{\"userId\":[\"alice\"],\"input\":{\"text\":\"hi\"}}")]
    [InlineData("{\"userId\":{\"id\":\"alice\"},\"input\":{\"text\":\"hi\"}}")]
    [InlineData("{}")]
    public async Task AMissingOrNonStringUserIdIsRefused(string body)
    {
        IResult result = await PostAsync(body);

        ProblemAssert.IsInvalidField(result, "userId");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("alice smith")]
    [InlineData("alice/bob")]
    [InlineData("../alice")]
    [InlineData("alice#1")]
    [InlineData("alice'--")]
    [InlineData("ålice")]
    [InlineData("alice\u0000")]
    [InlineData("alice\n")]
    [InlineData("alice\r\n")]
    [InlineData("\nalice")]
    public async Task AUserIdWithCharactersOutsideTheAllowedSetIsRefused(string userId)
    {
        IResult result = await PostAsync(Body(userId, new Dictionary<string, string> { ["text"] = "hi" }));

        ProblemAssert.IsInvalidField(result, "userId");
        AssertNothingScheduled();
    }

    [Fact]
    public async Task AUserIdLongerThan128CharactersIsRefused()
    {
        IResult result = await PostAsync(Body(new string('a', 129), new Dictionary<string, string> { ["text"] = "hi" }));

        ProblemAssert.IsInvalidField(result, "userId");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("a")]
    [InlineData("alice.smith+tag@example.com")]
    [InlineData("user_42-B")]
    public async Task AUserIdOfAllowedCharactersPassesOnToTheInput(string userId)
    {
        IResult result = await PostAsync(Body(userId, null));

        ProblemAssert.IsInvalidField(result, "input");
    }

    [Fact]
    public async Task AUserIdOfExactly128CharactersPassesOnToTheInput()
    {
        IResult result = await PostAsync(Body(new string('a', 128), null));

        ProblemAssert.IsInvalidField(result, "input");
    }

    [Theory]
    [InlineData("{\"userId\":\"alice\"}")]
    [InlineData("{\"userId\":\"alice\",\"input\":null}")]
    public async Task AMissingInputIsRefused(string body)
    {
        IResult result = await PostAsync(body);

        ProblemAssert.IsInvalidField(result, "input");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("\"summarise this\"")]
    [InlineData("[\"summarise this\"]")]
    [InlineData("42")]
    [InlineData("false")]
    public async Task AnInputThatIsNotAnObjectIsRefused(string input)
    {
        IResult result = await PostAsync($"{{\"userId\":\"alice\",\"input\":{input}}}");

        ProblemAssert.IsInvalidField(result, "input");
        AssertNothingScheduled();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"text\":null}")]
    [InlineData("{\"Text\":\"hi\"}")]
    [InlineData("{\"text\":42}")]
    [InlineData("{\"text\":true}")]
    [InlineData("{\"text\":[\"hi\"]}")]
    [InlineData("{\"text\":{\"value\":\"hi\"}}")]
    [InlineData("{\"text\":\"\"}")]
    [InlineData("{\"text\":\" \"}")]
    [InlineData("{\"text\":\"\\t\\r\\n \"}")]
    [InlineData("{\"text\":\"\\u00a0\\u2003\"}")]
    public async Task AMissingEmptyOrNonStringTextIsRefusedNamingInputText(string input)
    {
        IResult result = await PostAsync($"{{\"userId\":\"alice\",\"input\":{input}}}");

        ProblemAssert.IsInvalidField(result, "input.text");
        AssertNothingScheduled();
    }

    [Fact]
    public async Task TextLongerThanTheWorkflowAllowsIsRefusedNamingInputText()
    {
        IResult result = await PostAsync(WithText(new string('x', SummarizeWorkflow.MaxTextLength + 1)));

        ProblemDetails details = ProblemAssert.IsInvalidField(result, "input.text");
        Assert.Contains(SummarizeWorkflow.MaxTextLength.ToString(System.Globalization.CultureInfo.InvariantCulture), details.Detail, StringComparison.Ordinal);
        AssertNothingScheduled();
    }

    [Fact]
    public async Task TheProblemIsWrittenAsProblemJsonWithItsFieldErrors()
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(WithText("")));
        var response = new MemoryStream();
        context.Response.Body = response;

        IResult result = await SendAsync(context);
        await result.ExecuteAsync(context);

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        using JsonDocument written = JsonDocument.Parse(response.ToArray());
        JsonElement root = written.RootElement;
        Assert.Equal(400, root.GetProperty("status").GetInt32());
        Assert.Equal("https://tollgate.dev/problems/invalid-request", root.GetProperty("type").GetString());
        JsonElement messages = root.GetProperty("errors").GetProperty("input.text");
        Assert.Equal(JsonValueKind.Array, messages.ValueKind);
        Assert.Equal(1, messages.GetArrayLength());
        AssertNothingScheduled();
    }

    [Fact]
    public async Task AValidRequestIsRecordedBeforeItsOrchestrationIsScheduled()
    {
        // The longest text and user id allowed pass validation and reach the run store, which is
        // unreachable here: the write fails and, because the record comes first, nothing is scheduled.
        string body = Body(new string('u', 128), new Dictionary<string, string> { ["text"] = new string('x', SummarizeWorkflow.MaxTextLength) });

        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => PostAsync(body));

        UnreachableStorage.AssertReachedStorage(thrown);
        AssertNothingScheduled();
    }

    /// <summary>A body that fails the test if anyone reads it.</summary>
    private sealed class UnreadableStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("The body was read.");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("The body was read.");

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    /// <summary>A long, non-seekable stream of spaces that counts what was read from it, in small chunks.</summary>
    private sealed class CountingStream(long length) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            int n = (int)Math.Min(Math.Min(buffer.Length, 512), length - BytesRead);
            buffer[..n].Fill((byte)' ');
            BytesRead += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer.AsSpan(offset, count)));

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
