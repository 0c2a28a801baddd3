using System.Net;
using System.Text;
using System.Text.Json;
using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

/// <summary>The wire contract, checked with raw HTTP where the SDK would hide it.</summary>
public sealed class HttpContractTests
{
    private const string AzurePath = "openai/deployments/chat/chat/completions?api-version=2024-10-21";
    private const string ValidBody = """{"messages":[{"role":"user","content":"Summarise the meeting."}],"max_tokens":50}""";

    [Fact]
    public async Task RequestWithoutCredentialsIs401()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var anonymous = await http.PostAsync(new Uri(AzurePath, UriKind.Relative), Json(ValidBody));
        using var emptyBearer = await Send(http, "v1/chat/completions", """{"model":"m","messages":[{"role":"user","content":"x"}]}""", bearer: " ");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, emptyBearer.StatusCode);
        var error = await ErrorOf(anonymous);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.All(server.Requests, r => Assert.Equal(("none", 401), (r.Authentication, r.StatusCode)));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task AnyApiKeyOrBearerTokenIsAccepted()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var withKey = await Send(http, AzurePath, ValidBody, apiKey: "anything");
        using var withBearer = await Send(http, AzurePath, ValidBody, bearer: "anything");

        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withBearer.StatusCode);
        Assert.Equal(["api-key", "bearer"], server.Requests.Select(r => r.Authentication));
    }

    [Fact]
    public async Task ResponseHasTheExactChatCompletionShape()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var response = await Send(http, AzurePath, ValidBody, apiKey: "k");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(
            ["id", "object", "created", "model", "system_fingerprint", "choices", "usage"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("chat.completion", root.GetProperty("object").GetString());
        Assert.True(root.GetProperty("created").GetInt64() > 1_700_000_000);
        var choice = Assert.Single(root.GetProperty("choices").EnumerateArray().ToArray());
        Assert.Equal(0, choice.GetProperty("index").GetInt32());
        Assert.Equal("assistant", choice.GetProperty("message").GetProperty("role").GetString());
        Assert.Equal(JsonValueKind.String, choice.GetProperty("message").GetProperty("content").ValueKind);
        Assert.Equal(JsonValueKind.Null, choice.GetProperty("logprobs").ValueKind);
        Assert.Equal("stop", choice.GetProperty("finish_reason").GetString());
        var usage = root.GetProperty("usage");
        Assert.Equal(
            usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32(),
            usage.GetProperty("total_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Theory]
    [InlineData("{\"messages\": [", null, null)]
    [InlineData("not json at all", null, null)]
    [InlineData("[1,2,3]", null, null)]
    [InlineData("{}", "messages", "missing_required_parameter")]
    [InlineData("{\"messages\":[]}", "messages", "empty_array")]
    [InlineData("{\"messages\":\"hi\"}", "messages", "invalid_type")]
    [InlineData("{\"messages\":[{\"content\":\"hi\"}]}", "messages[0].role", "missing_required_parameter")]
    [InlineData("{\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}", "messages[0].role", "invalid_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":0}", "max_tokens", "integer_below_min_value")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_completion_tokens\":\"5\"}", "max_completion_tokens", "invalid_type")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true}", "stream", "unsupported_value")]
    public async Task InvalidBodiesAre400WithAnOpenAIErrorBody(string body, string? param, string? code)
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var response = await Send(http, AzurePath, body, apiKey: "k");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal(["message", "type", "param", "code"], error.EnumerateObject().Select(p => p.Name));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal(400, Assert.Single(server.Requests).StatusCode);
    }

    [Fact]
    public async Task OpenAIRouteWithoutModelIs400()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var response = await Send(http, "v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}]}""", bearer: "k");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("model", (await ErrorOf(response)).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsEndpointListsAndResets()
    {
        var options = new SimulatorOptions();
        options.Deployments["busy"] = new DeploymentBehavior { Fault = SimulatedFault.RateLimited };
        await using var server = await ModelSimulatorServer.StartAsync(options);
        using var http = SimulatorClients.Http(server);
        await SimulatorClients.Azure(server, "chat").CompleteChatAsync(
            [new UserChatMessage("Summarise the secret plan.")],
            new ChatCompletionOptions { MaxOutputTokenCount = 3 });
        await Assert.ThrowsAnyAsync<Exception>(() => SimulatorClients.OpenAI(server, "busy").CompleteChatAsync([new UserChatMessage("hello")]));

        var listed = await http.GetStringAsync(new Uri("simulator/requests", UriKind.Relative));

        using (var json = JsonDocument.Parse(listed))
        {
            var items = json.RootElement.EnumerateArray().ToArray();
            Assert.Equal(2, items.Length);
            Assert.Equal("chat", items[0].GetProperty("deployment").GetString());
            Assert.Equal(200, items[0].GetProperty("statusCode").GetInt32());
            Assert.Equal(3, items[0].GetProperty("maxOutputTokens").GetInt32());
            Assert.Equal("length", items[0].GetProperty("finishReason").GetString());
            Assert.Equal("busy", items[1].GetProperty("deployment").GetString());
            Assert.Equal(429, items[1].GetProperty("statusCode").GetInt32());
        }

        // Privacy: the recording never holds message content.
        Assert.DoesNotContain("secret plan", listed, StringComparison.Ordinal);

        using var deleted = await http.DeleteAsync(new Uri("simulator/requests", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal("[]", await http.GetStringAsync(new Uri("simulator/requests", UriKind.Relative)));
        Assert.Empty(server.Requests);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<HttpResponseMessage> Send(HttpClient http, string path, string body, string? apiKey = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = Json(body) };
        if (apiKey is not null)
        {
            request.Headers.Add("api-key", apiKey);
        }

        if (bearer is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        }

        return await http.SendAsync(request);
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["error"], json.RootElement.EnumerateObject().Select(p => p.Name));
        return json.RootElement.GetProperty("error").Clone();
    }
}
