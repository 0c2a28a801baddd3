using System.Text.Json;
using Tollgate.Triggers;

namespace Tollgate.Tests.Triggers;

/// <summary>How an event becomes a run request: pointers per input field, joined text, the user.</summary>
public sealed class TriggerMappingTests
{
    private const string Issue = """
        {"action":"opened","issue":{"title":"Charged twice","body":"I was billed twice this month.","number":7},
         "repository":{"owner":{"login":"octo-org"}},"labels":["billing"]}
        """;

    private static TriggerSettings GitHub(params string[] textPointers) => new()
    {
        Kind = TriggerKind.GitHub,
        Workflow = "classify",
        Input = new(StringComparer.Ordinal) { ["text"] = [.. textPointers] },
        User = "/repository/owner/login",
    };

    private static TriggerMappingResult Map(TriggerSettings settings, string json)
    {
        using JsonDocument payload = JsonDocument.Parse(json);
        return TriggerMapping.Map(settings, payload.RootElement);
    }

    [Fact]
    public void TitleAndBodyAreJoinedWithABlankLineAndTheOwnerIsTheUser()
    {
        using TriggerMappingResult mapped = Map(GitHub("/issue/title", "/issue/body"), Issue);

        Assert.Equal("octo-org", mapped.Request!.UserId);
        Assert.Equal("""{"text":"Charged twice\n\nI was billed twice this month."}""", mapped.Request.Input.GetRawText());
    }

    [Fact]
    public void MissingOrNullPartsAreSkipped()
    {
        using TriggerMappingResult mapped = Map(GitHub("/issue/title", "/issue/body", "/issue/nope"),
            """{"issue":{"title":"Only a title","body":null},"repository":{"owner":{"login":"octo"}}}""");

        Assert.Equal("""{"text":"Only a title"}""", mapped.Request!.Input.GetRawText());
    }

    [Fact]
    public void NoTextAtAllIsARefusalNamingTheFieldAndPointers()
    {
        using TriggerMappingResult mapped = Map(GitHub("/issue/title", "/issue/body"), """{"issue":{"body":null},"repository":{"owner":{"login":"octo"}}}""");

        Assert.Null(mapped.Request);
        Assert.Equal("Input:text", mapped.Setting);
        Assert.Equal("/issue/title, /issue/body", mapped.JsonPointer);
        Assert.Contains("no text", mapped.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void OnePointerCopiesItsValueAsItIs()
    {
        TriggerSettings settings = GitHub("/issue/number");

        using TriggerMappingResult mapped = Map(settings, Issue);
        using TriggerMappingResult missing = Map(GitHub("/issue/assignee"), Issue);

        Assert.Equal("""{"text":7}""", mapped.Request!.Input.GetRawText()); // the workflow's own validation then refuses a number
        Assert.Equal(("Input:text", "/issue/assignee"), (missing.Setting, missing.JsonPointer));
    }

    [Fact]
    public void ANonStringPartOfAJoinedFieldIsARefusal()
    {
        using TriggerMappingResult mapped = Map(GitHub("/issue/title", "/labels"), Issue);

        Assert.Equal(("Input:text", "/labels"), (mapped.Setting, mapped.JsonPointer));
    }

    [Theory]
    [InlineData("""{"issue":{"title":"t"}}""", "finds no user")]
    [InlineData("""{"issue":{"title":"t"},"repository":{"owner":{"login":42}}}""", "must find a string")]
    [InlineData("""{"issue":{"title":"t"},"repository":{"owner":{"login":"has spaces/and slashes"}}}""", "not a user id")]
    public void AMissingOrInvalidUserIsARefusal(string json, string problem)
    {
        using TriggerMappingResult mapped = Map(GitHub("/issue/title"), json);

        Assert.Null(mapped.Request);
        Assert.Equal(("User", "/repository/owner/login"), (mapped.Setting, mapped.JsonPointer));
        Assert.Contains(problem, mapped.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AFixedAccountIsUsedAsItIs()
    {
        TriggerSettings settings = GitHub("/issue/title");
        settings.User = null;
        settings.UserId = "support-team";

        using TriggerMappingResult mapped = Map(settings, Issue);

        Assert.Equal("support-team", mapped.Request!.UserId);
    }

    [Fact]
    public void PointersFollowRfc6901Escapes()
    {
        using TriggerMappingResult mapped = Map(GitHub("/a~1b/c~0d"), """{"a/b":{"c~d":"escaped"},"repository":{"owner":{"login":"o"}}}""");

        Assert.Equal("""{"text":"escaped"}""", mapped.Request!.Input.GetRawText());
    }

    [Theory]
    [InlineData("/issue/body", true)]
    [InlineData("/a~1b", true)]
    [InlineData("issue/body", false)]
    [InlineData("#/issue/body", false)]
    [InlineData("", false)]
    [InlineData("/", false)]
    [InlineData("/bad~2escape", false)]
    public void OnlyPlainJsonPointersAreAccepted(string jsonPointer, bool valid) => Assert.Equal(valid, TriggerMapping.IsPointer(jsonPointer));
}
