using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tollgate.Intake;
using Tollgate.Runs;
using Tollgate.Tests.Intake;
using Tollgate.Tests.Support;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;

namespace Tollgate.Tests.Workflows;

/// <summary>
/// A caller's <c>input</c>, validated from the workflow's input record before a run exists: each problem names the
/// field under <c>input</c>, both from <see cref="WorkflowDefinition.ReadInput"/> and as the start handler's 400.
/// </summary>
public sealed class WorkflowInputTests : IAsyncDisposable
{
    private readonly RecordingDurableClient _client = new();

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    private static WorkflowDefinition Classify => WorkflowCatalog.Get("classify")!;

    private static JsonElement Json(string json)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Text(int length) => JsonSerializer.Serialize(new { text = new string('a', length) });

    /// <summary>Input JSON → the field named and a fragment of its problem.</summary>
    public static TheoryData<string, string, string> BadClassifyInputs => new()
    {
        { "{}", "input.text", "required" },
        { """{"text":null}""", "input.text", "required" },
        { """{"text":""}""", "input.text", "required" },
        { """{"text":"   \n\t "}""", "input.text", "required" },
        { Text(ClassifyInput.MaxTextLength + 1), "input.text", "20000" },
        { """{"text":"hi","txt":"typo"}""", "input.txt", "not a known field" },
        { """{"text":"hi","Text":"hi"}""", "input.Text", "not a known field" },
        { """{"text":42}""", "input.text", "must be a string" },
        { """{"text":["hi"]}""", "input.text", "must be a string" },
        { """{"text":{"value":"hi"}}""", "input.text", "must be a string" },
        { "\"hi\"", "input", "'text'" },
        { "[]", "input", "JSON object" },
        { "42", "input", "JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadClassifyInputs))]
    public void ABadClassifyInputNamesTheField(string json, string field, string problem)
    {
        WorkflowInputResult result = Classify.ReadInput(Json(json));

        Assert.Null(result.Input);
        Assert.Equal(field, result.Field);
        Assert.Contains(problem, result.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BadClassifyInputs))]
    public async Task TheStartHandlerAnswers400NamingTheSameFieldAndSchedulesNothing(string json, string field, string problem)
    {
        IResult result = await PostAsync("classify", Envelope(json));

        ProblemDetails details = ProblemAssert.IsInvalidField(result, field);
        Assert.Contains(problem, details.Detail, StringComparison.Ordinal);
        Assert.Empty(_client.Calls);
    }

    [Fact]
    public void AFieldInTheWrongCaseIsNotTheField()
    {
        WorkflowInputResult result = Classify.ReadInput(Json("""{"Text":"hi"}"""));

        Assert.Equal("input.text", result.Field);
        Assert.Equal("is required.", result.Problem);
    }

    [Fact]
    public void ANullInputIsNoObject()
    {
        WorkflowInputResult result = Classify.ReadInput(Json("null"));

        Assert.Equal("input", result.Field);
        Assert.Contains("JSON object", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TheLongestTextIsAccepted()
    {
        WorkflowInputResult result = Classify.ReadInput(Json(Text(ClassifyInput.MaxTextLength)));

        Assert.Null(result.Field);
        Assert.Equal(ClassifyInput.MaxTextLength, Assert.IsType<ClassifyInput>(result.Input).Text.Length);
    }

    [Theory]
    [InlineData("""{"urgency":1,"note":"n"}""")]
    [InlineData("""{"urgency":"medium","note":"n"}""")]
    [InlineData("""{"urgency":true,"note":"n"}""")]
    public void AnEnumMemberTakesOnlyItsNamesAndTheProblemListsThem(string json)
    {
        WorkflowInputResult result = WorkflowInput.Read(typeof(TicketInput), Json(json));

        Assert.Equal("input.urgency", result.Field);
        Assert.Equal("must be one of: low, very-high.", result.Problem);
    }

    [Fact]
    public void AnEnumMemberReadsItsKebabCaseName()
    {
        WorkflowInputResult result = WorkflowInput.Read(typeof(TicketInput), Json("""{"urgency":"very-high","note":"n"}"""));

        Assert.Null(result.Field);
        Assert.Equal(new TicketInput { Urgency = Urgency.VeryHigh, Note = "n" }, result.Input);
    }

    [Fact]
    public void AnOptionalMemberMayBeLeftOutAndARequiredOneMayNot()
    {
        Assert.Null(WorkflowInput.Read(typeof(TicketInput), Json("""{"urgency":"low"}""")).Field);
        WorkflowInputResult missing = WorkflowInput.Read(typeof(TicketInput), Json("""{"note":"n"}"""));

        Assert.Equal("input.urgency", missing.Field);
        Assert.Equal("is required.", missing.Problem);
    }

    [Fact]
    public void AnUnknownMemberIsNamedWithTheFieldsExpected()
    {
        WorkflowInputResult result = WorkflowInput.Read(typeof(TicketInput), Json("""{"urgency":"low","colour":"red"}"""));

        Assert.Equal("input.colour", result.Field);
        Assert.Equal("is not a known field (expected 'urgency', 'note' (optional)).", result.Problem);
    }

    [Fact]
    public async Task AValidClassifyInputPassesValidationAndReachesTheRunStore()
    {
        // The store is unreachable: a valid input gets as far as recording the run, and nothing is scheduled.
        Exception thrown = await Assert.ThrowsAnyAsync<Exception>(() => PostAsync("classify", Envelope(Text(ClassifyInput.MaxTextLength))));

        UnreachableStorage.AssertReachedStorage(thrown);
        Assert.Empty(_client.Calls);
    }

    private static string Envelope(string input) => $"{{\"userId\":\"alice\",\"input\":{input}}}";

    private async Task<IResult> PostAsync(string workflow, string body)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(body);
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(bytes);
        context.Request.ContentLength = bytes.Length;
        RunStore runs = UnreachableStorage.CreateRunStore();
        var handler = new StartRunHandler(
            runs,
            new RunLauncher(runs, NullLogger<RunLauncher>.Instance),
            new WorkflowStarts(Options.Create(WorkflowOptions.From(new ConfigurationBuilder().Build()))),
            Options.Create(new IntakeOptions()),
            TimeProvider.System,
            NullLogger<StartRunHandler>.Instance);
        return await handler.HandleAsync(context.Request, workflow, _client, CancellationToken.None);
    }
}

/// <summary>A test-only input with an enum member and an optional one.</summary>
internal sealed record TicketInput
{
    public required Urgency Urgency { get; init; }

    public string? Note { get; init; }
}

internal enum Urgency
{
    Low,
    VeryHigh,
}
