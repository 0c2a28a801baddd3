using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tollgate.IntegrationTests.Infrastructure;

namespace Tollgate.IntegrationTests.DevHost;

/// <summary>
/// What careless and hostile callers send. Every refusal is problem+json naming what is wrong, and
/// leaves no trace: no run row, no orchestration, no model request.
/// </summary>
[Collection(DevHostGroup.Name)]
public sealed class BadInputTests(DevHostFixture fixture)
{
    // Each test (a new instance) sends its own user id and text in place of "u" and "hi", and looks for a
    // trace of those only: other tests' runs may still be writing rows and calling the model.
    private readonly string _user = OwnTraffic.Marker("bad");

    private string OwnText => $"hi {_user}";

    private string Own(string body) => body
        .Replace("\"u\"", $"\"{_user}\"", StringComparison.Ordinal)
        .Replace("\"hi\"", $"\"{OwnText}\"", StringComparison.Ordinal);
    public static TheoryData<string, string, HttpStatusCode, string?> BadStarts => new()
    {
        { "{\"userId\":\"u\",\"input\":{\"text\":\"hi\"", "application/json", HttpStatusCode.BadRequest, null },
        { "not json at all", "application/json", HttpStatusCode.BadRequest, null },
        { "[1,2,3]", "application/json", HttpStatusCode.BadRequest, "$" },
        { "{\"userId\":\"u\",\"input\":{}}", "application/json", HttpStatusCode.BadRequest, "input.text" },
        { "{\"userId\":\"u\",\"input\":{\"text\":\"\"}}", "application/json", HttpStatusCode.BadRequest, "input.text" },
        { "{\"userId\":\"u\",\"input\":{\"text\":\"   \"}}", "application/json", HttpStatusCode.BadRequest, "input.text" },
        { "{\"userId\":\"u\",\"input\":{\"text\":42}}", "application/json", HttpStatusCode.BadRequest, "input.text" },
        { "{\"userId\":\"u\",\"input\":{\"text\":null}}", "application/json", HttpStatusCode.BadRequest, "input.text" },
        { "{\"userId\":\"u\",\"input\":\"text\"}", "application/json", HttpStatusCode.BadRequest, "input" },
        { "{\"userId\":\"u\"}", "application/json", HttpStatusCode.BadRequest, "input" },
        { "{\"input\":{\"text\":\"hi\"}}", "application/json", HttpStatusCode.BadRequest, "userId" },
        { "{\"userId\":7,\"input\":{\"text\":\"hi\"}}", "application/json", HttpStatusCode.BadRequest, "userId" },
        { "{\"userId\":\"\",\"input\":{\"text\":\"hi\"}}", "application/json", HttpStatusCode.BadRequest, "userId" },
        { "{\"userId\":\"a/b\",\"input\":{\"text\":\"hi\"}}", "application/json", HttpStatusCode.BadRequest, "userId" },
        { "{\"userId\":\"u\",\"input\":{\"text\":\"hi\"},\"userid\":\"typo\"}", "application/json", HttpStatusCode.BadRequest, "userid" },
        { "{\"userId\":\"u\",\"input\":{\"text\":\"hi\"}}", "text/plain", HttpStatusCode.UnsupportedMediaType, null },
        { "{\"userId\":\"u\",\"input\":{\"text\":\"hi\"}}", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, null },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task ABadRequestIsRefusedWithAProblemAndChangesNothing(string body, string contentType, HttpStatusCode expected, string? field)
    {
        using var content = new StringContent(Own(body), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);

        JsonElement problem = await AssertRefusedAsync(() => fixture.Http.PostAsync("api/workflows/summarize/runs", content), expected);

        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"The problem should name '{field}': {problem}");
        }
    }

    [Fact]
    public async Task AMissingContentTypeIs415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(Own("{\"userId\":\"u\",\"input\":{\"text\":\"hi\"}}")));
        await AssertRefusedAsync(() => fixture.Http.PostAsync("api/workflows/summarize/runs", content), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task AnUnknownWorkflowIs404()
    {
        JsonElement problem = await AssertRefusedAsync(
            () => fixture.StartRunAsync("does-not-exist", new { userId = _user, input = new { text = OwnText } }), HttpStatusCode.NotFound);
        Assert.Contains("does-not-exist", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyOverTheLimitIs413()
    {
        string text = new('a', 300 * 1024);
        await AssertRefusedAsync(() => fixture.StartRunAsync("summarize", new { userId = _user, input = new { text } }), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task AChunkedBodyOverTheLimitIs413()
    {
        string json = "{\"userId\":\"" + _user + "\",\"input\":{\"text\":\"" + new string('b', 300 * 1024) + "\"}}";
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/workflows/summarize/runs") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        await AssertRefusedAsync(() => fixture.Http.SendAsync(request), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef")]
    [InlineData("not-a-run-id")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("%2e%2e%2fetc")]
    public async Task AnUnknownOrMalformedRunIdIs404(string runId)
    {
        await AssertRefusedAsync(() => fixture.Http.GetAsync($"api/runs/{runId}"), HttpStatusCode.NotFound);
    }

    /// <summary>Sends, asserts the status and problem+json, and that no row, instance or model request of this test's user or text appeared.</summary>
    private async Task<JsonElement> AssertRefusedAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await send();

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = JsonSerializer.Deserialize<JsonElement>(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));

        Assert.Equal(0, await fixture.CountRowsOfUserAsync(_user));
        Assert.Equal(0, await fixture.CountInstancesMentioningAsync(_user));
        Assert.Equal(0, fixture.Simulator.RequestsFor(OwnText));
        return problem;
    }
}
