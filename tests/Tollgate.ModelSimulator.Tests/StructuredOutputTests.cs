using System.Net;
using System.Text;
using System.Text.Json;
using Json.Schema;
using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

/// <summary>JSON mode: <c>response_format</c> json_schema / json_object answered with valid JSON, refused outside the subset.</summary>
public sealed class StructuredOutputTests
{
    private const string AzurePath = "openai/deployments/chat/chat/completions?api-version=2024-10-21";

    private const string Invoice = """
        {
          "type": "object",
          "properties": {
            "customer": {
              "type": "object",
              "properties": {
                "name": { "type": "string", "minLength": 3, "maxLength": 12 },
                "email": { "type": "string", "format": "email" },
                "since": { "type": "string", "format": "date" }
              },
              "required": ["name", "email", "since"],
              "additionalProperties": false
            },
            "lines": {
              "type": "array",
              "minItems": 2,
              "maxItems": 4,
              "items": {
                "type": "object",
                "properties": {
                  "sku": { "type": "string", "maxLength": 5 },
                  "quantity": { "type": "integer", "minimum": 1, "maximum": 3 },
                  "price": { "type": "number", "exclusiveMinimum": 0, "maximum": 0.5 }
                },
                "required": ["sku", "quantity", "price"],
                "additionalProperties": false
              }
            },
            "status": { "type": "string", "enum": ["draft", "sent", "paid"] },
            "discount": { "type": ["number", "null"], "minimum": -5, "maximum": -1 },
            "paid": { "type": "boolean" },
            "currency": { "const": "EUR" },
            "note": { "type": "null" }
          },
          "required": ["customer", "lines", "status", "discount", "paid", "currency", "note"],
          "additionalProperties": false
        }
        """;

    private const string Shapes = """
        {
          "type": "object",
          "properties": {
            "shapes": {
              "type": "array",
              "minItems": 3,
              "items": {
                "anyOf": [
                  { "$ref": "#/$defs/circle" },
                  { "$ref": "#/$defs/square" },
                  { "type": "string", "enum": ["point"] }
                ]
              }
            }
          },
          "required": ["shapes"],
          "additionalProperties": false,
          "$defs": {
            "circle": {
              "type": "object",
              "properties": { "kind": { "const": "circle" }, "radius": { "type": "number", "minimum": 1, "maximum": 2 } },
              "required": ["kind", "radius"],
              "additionalProperties": false
            },
            "square": {
              "type": "object",
              "properties": { "kind": { "const": "square" }, "side": { "type": "integer", "minimum": 10, "maximum": 10 } },
              "required": ["kind", "side"],
              "additionalProperties": false
            }
          }
        }
        """;

    // Recursive: a tree whose children are trees; only the depth limit makes an instance finite.
    private const string Tree = """
        {
          "type": "object",
          "properties": { "root": { "$ref": "#/$defs/node" } },
          "required": ["root"],
          "additionalProperties": false,
          "$defs": {
            "node": {
              "type": "object",
              "properties": {
                "label": { "type": "string" },
                "children": { "type": "array", "items": { "$ref": "#/$defs/node" } },
                "parent": { "anyOf": [{ "$ref": "#/$defs/node" }, { "type": "null" }] }
              },
              "required": ["label", "children", "parent"],
              "additionalProperties": false
            }
          }
        }
        """;

    // Draft-07 style: definitions instead of $defs (JsonSchema.Net only accepts the keyword under that dialect).
    private const string Legacy = """
        {
          "$schema": "http://json-schema.org/draft-07/schema#",
          "type": "object",
          "properties": { "owner": { "$ref": "#/definitions/person" }, "members": { "type": "array", "items": { "$ref": "#/definitions/person" }, "minItems": 1 } },
          "required": ["owner", "members"],
          "additionalProperties": false,
          "definitions": {
            "person": {
              "type": "object",
              "properties": { "name": { "type": ["string", "null"] }, "age": { "type": "integer", "minimum": 18, "exclusiveMaximum": 19.5 } },
              "required": ["name", "age"],
              "additionalProperties": false
            }
          }
        }
        """;

    private const string Flat = """
        {
          "type": "object",
          "properties": {
            "title": { "type": "string" },
            "score": { "type": "integer" },
            "tags": { "type": "array", "items": { "type": "string" }, "maxItems": 0 },
            "id": { "type": "string", "format": "uuid" },
            "at": { "type": "string", "format": "date-time" }
          },
          "required": ["title", "score", "tags", "id", "at"],
          "additionalProperties": false
        }
        """;

    private static readonly string[] Prompts =
    [
        "Extract the data from the attached text.",
        SimulatorClients.LongText,
        "Zusammenfassung: Umsätze gestiegen, Kosten gesunken.",
        "",
    ];

    public static TheoryData<string, string> Schemas => new()
    {
        { "invoice", Invoice },
        { "shapes", Shapes },
        { "tree", Tree },
        { "flat", Flat },
        { "legacy", Legacy },
    };

    [Theory]
    [MemberData(nameof(Schemas))]
    public async Task AnswersAreValidAgainstTheSchemaForEveryPrompt(string name, string schema)
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.Azure(server, "chat");

        foreach (var prompt in Prompts)
        {
            ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(prompt)], JsonSchemaOptions(name, schema));

            var content = completion.Content[0].Text;
            AssertValid(schema, content);
            Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
            Assert.Equal(ChatTokenFormula.CountTokens(content), completion.Usage.OutputTokenCount);
        }

        Assert.All(server.Requests, r => Assert.Equal(("json_schema", 200), (r.ResponseFormat, r.StatusCode)));
    }

    [Fact]
    public async Task TheSameRequestGivesTheSameJsonAndOtherPromptsOtherValues()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var client = SimulatorClients.OpenAI(server, "gpt-4o");
        await using var other = await ModelSimulatorServer.StartAsync(new SimulatorOptions());

        var first = await Complete(client, Prompts[0], Invoice);
        var again = await Complete(client, Prompts[0], Invoice);
        var elsewhere = await Complete(SimulatorClients.OpenAI(other, "gpt-4o"), Prompts[0], Invoice);
        var others = new[] { await Complete(client, Prompts[1], Invoice), await Complete(client, Prompts[2], Invoice) };

        Assert.Equal(first.Content[0].Text, again.Content[0].Text);
        Assert.Equal(first.Id, again.Id);
        Assert.Equal(first.Content[0].Text, elsewhere.Content[0].Text);
        Assert.All(others, o => Assert.NotEqual(first.Content[0].Text, o.Content[0].Text));
    }

    [Fact]
    public async Task StringValuesComeFromThePromptWords()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        const string Schema = """{"type":"object","properties":{"summary":{"type":"string"}},"required":["summary"],"additionalProperties":false}""";

        var completion = await Complete(SimulatorClients.Azure(server, "chat"), "alpha bravo charlie delta echo", Schema);

        using var json = JsonDocument.Parse(completion.Content[0].Text);
        var words = json.RootElement.GetProperty("summary").GetString()!.Split(' ');
        Assert.NotEmpty(words);
        Assert.All(words, w => Assert.Contains(w, "alpha bravo charlie delta echo".Split(' ')));
    }

    [Fact]
    public async Task JsonObjectFormatAnswersWithAJsonObject()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync([new UserChatMessage("Reply in JSON.")], options);

        using var json = JsonDocument.Parse(completion.Content[0].Text);
        Assert.Equal(JsonValueKind.Object, json.RootElement.ValueKind);
        Assert.Equal(ChatTokenFormula.CountTokens(completion.Content[0].Text), completion.Usage.OutputTokenCount);
        Assert.Equal("json_object", Assert.Single(server.Requests).ResponseFormat);
    }

    [Fact]
    public async Task OutputCapTruncatesTheJsonWithFinishReasonLength()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        var options = JsonSchemaOptions("invoice", Invoice);
        options.MaxOutputTokenCount = 5;

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync([new UserChatMessage(Prompts[0])], options);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(5, completion.Usage.OutputTokenCount);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(completion.Content[0].Text).Dispose());
    }

    [Fact]
    public async Task InvalidJsonFaultServesBrokenJsonThenValidJson()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        server.Configure("chat", new DeploymentBehavior { Fault = SimulatedFault.InvalidJson, FaultCount = 1 });
        var client = SimulatorClients.Azure(server, "chat");

        var broken = await Complete(client, Prompts[0], Invoice);
        var repaired = await Complete(client, Prompts[0], Invoice);

        var brokenText = broken.Content[0].Text;
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(brokenText).Dispose());
        Assert.Equal(ChatFinishReason.Stop, broken.FinishReason);
        Assert.Equal(ChatTokenFormula.CountTokens(brokenText), broken.Usage.OutputTokenCount);
        AssertValid(Invoice, repaired.Content[0].Text);
        Assert.True(repaired.Usage.OutputTokenCount > broken.Usage.OutputTokenCount);
        Assert.NotEqual(broken.Id, repaired.Id);
        Assert.Equal([(200, "invalid_json"), (200, null)], server.Requests.Select(r => (r.StatusCode, r.Error)));
    }

    [Fact]
    public async Task RefusalFaultSetsRefusalAndNullContent()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        server.Configure("chat", new DeploymentBehavior { Fault = SimulatedFault.Refusal, FaultCount = 1 });
        using var http = SimulatorClients.Http(server);

        var refused = await Complete(SimulatorClients.Azure(server, "chat"), Prompts[0], Invoice);
        using var raw = await Send(http, RequestBody(JsonSchemaFormat("invoice", Invoice)));

        Assert.False(string.IsNullOrEmpty(refused.Refusal));
        Assert.Empty(refused.Content);
        Assert.Equal(ChatTokenFormula.CountTokens(refused.Refusal), refused.Usage.OutputTokenCount);
        Assert.Equal([(200, "refusal"), (200, null)], server.Requests.Select(r => (r.StatusCode, r.Error)));

        // After FaultCount the deployment answers normally again.
        using var json = JsonDocument.Parse(await raw.Content.ReadAsStringAsync());
        var message = json.RootElement.GetProperty("choices")[0].GetProperty("message");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("refusal").ValueKind);
        AssertValid(Invoice, message.GetProperty("content").GetString()!);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"code":{"type":"string","pattern":"^[A-Z]+$"}},"required":["code"],"additionalProperties":false}""", "pattern")]
    [InlineData("""{"type":"object","properties":{"v":{"oneOf":[{"type":"string"},{"type":"integer"}]}},"required":["v"],"additionalProperties":false}""", "oneOf")]
    [InlineData("""{"type":"object","properties":{"n":{"type":"integer","multipleOf":5}},"required":["n"],"additionalProperties":false}""", "multipleOf")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://example.com/a.json"}},"required":["a"],"additionalProperties":false}""", "https://example.com/a.json")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}},"required":["a"],"additionalProperties":false}""", "#/$defs/missing")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]}""", "additionalProperties")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"string"}},"required":["a"],"additionalProperties":false}""", "'b'")]
    [InlineData("""{"type":"array","items":{"type":"string"}}""", "root")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"decimal"}},"required":["a"],"additionalProperties":false}""", "decimal")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"integer","minimum":5,"maximum":4}},"required":["a"],"additionalProperties":false}""", "bounds")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#"}},"required":["a"],"additionalProperties":false}""", "no instance")]
    public async Task SchemaOutsideTheSubsetIs400NamingTheProblem(string schema, string named)
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var response = await Send(http, RequestBody(JsonSchemaFormat("bad", schema)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal("response_format", error.GetProperty("param").GetString());
        Assert.Equal("invalid_json_schema", error.GetProperty("code").GetString());
        Assert.Contains(named, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal((400, "invalid_json_schema"), (Assert.Single(server.Requests).StatusCode, server.Requests[0].Error));
    }

    [Fact]
    public async Task SchemaOutsideTheSubsetSurfacesThroughTheSdk()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        const string Schema = """{"type":"object","properties":{"a":{"type":"string","pattern":"x+"}},"required":["a"],"additionalProperties":false}""";

        var ex = await Assert.ThrowsAsync<System.ClientModel.ClientResultException>(() => Complete(SimulatorClients.OpenAI(server, "gpt-4o"), "hi", Schema));

        Assert.Equal(400, ex.Status);
        Assert.Contains("pattern", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NonStrictSchemaMayLeaveOutAdditionalPropertiesAndOptionalProperties()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        const string Schema = """{"type":"object","properties":{"a":{"type":"string"},"b":{"type":"integer"}},"required":["a"]}""";
        var options = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat("loose", BinaryData.FromString(Schema), jsonSchemaIsStrict: false),
        };

        ChatCompletion completion = await SimulatorClients.Azure(server, "chat").CompleteChatAsync([new UserChatMessage("hi")], options);

        AssertValid(Schema, completion.Content[0].Text);
    }

    [Theory]
    [InlineData("\"json\"", "response_format", "invalid_type")]
    [InlineData("{}", "response_format.type", "missing_required_parameter")]
    [InlineData("""{"type":"xml"}""", "response_format.type", "invalid_value")]
    [InlineData("""{"type":"json_schema"}""", "response_format.json_schema", "missing_required_parameter")]
    [InlineData("""{"type":"json_schema","json_schema":[]}""", "response_format.json_schema", "invalid_type")]
    [InlineData("""{"type":"json_schema","json_schema":{"schema":{"type":"object"}}}""", "response_format.json_schema.name", "missing_required_parameter")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"has space","schema":{"type":"object"}}}""", "response_format.json_schema.name", "invalid_value")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"n"}}""", "response_format.json_schema.schema", "missing_required_parameter")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"n","schema":"{}"}}""", "response_format.json_schema.schema", "invalid_type")]
    [InlineData("""{"type":"json_schema","json_schema":{"name":"n","schema":{"type":"object"},"strict":"yes"}}""", "response_format.json_schema.strict", "invalid_type")]
    public async Task MalformedResponseFormatIs400(string responseFormat, string param, string code)
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var response = await Send(http, RequestBody(responseFormat));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await ErrorOf(response);
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.Equal(code, error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task TextResponseFormatAnswersWithText()
    {
        await using var server = await ModelSimulatorServer.StartAsync(new SimulatorOptions());
        using var http = SimulatorClients.Http(server);

        using var withText = await Send(http, RequestBody("""{"type":"text"}"""));
        using var without = await Send(http, """{"messages":[{"role":"user","content":"Extract the data."}]}""");

        Assert.Equal(await ContentOf(without), await ContentOf(withText));
        Assert.All(server.Requests, r => Assert.Null(r.ResponseFormat));
    }

    private static ChatCompletionOptions JsonSchemaOptions(string name, string schema) => new()
    {
        ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(name, BinaryData.FromString(schema), jsonSchemaIsStrict: true),
    };

    private static async Task<ChatCompletion> Complete(ChatClient client, string prompt, string schema) =>
        await client.CompleteChatAsync([new UserChatMessage(prompt)], JsonSchemaOptions("answer", schema));

    private static void AssertValid(string schema, string content)
    {
        var built = JsonSchema.FromText(schema, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        using var instance = JsonDocument.Parse(content);
        var results = built.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        Assert.True(
            results.IsValid,
            $"{content}\n" + string.Join('\n', (results.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    private static string JsonSchemaFormat(string name, string schema) =>
        $$$"""{"type":"json_schema","json_schema":{"name":"{{{name}}}","schema":{{{schema}}},"strict":true}}""";

    private static string RequestBody(string responseFormat) =>
        $$"""{"messages":[{"role":"user","content":"Extract the data."}],"response_format":{{responseFormat}}}""";

    private static async Task<HttpResponseMessage> Send(HttpClient http, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(AzurePath, UriKind.Relative))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("api-key", "k");
        return await http.SendAsync(request);
    }

    private static async Task<string?> ContentOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString();
    }

    private static async Task<JsonElement> ErrorOf(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").Clone();
    }
}
