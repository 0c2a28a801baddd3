using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Outputs;
using Tollgate.Workflows;
using Tollgate.Workflows.Classify;
using Tollgate.Workflows.EnrichLead;

namespace Tollgate.Tests.Outputs;

/// <summary>
/// The strict schemas derived from output types: what OpenAI's strict <c>json_schema</c> mode accepts (every object
/// closed and fully required, enums as the kebab-case names the workflow serializer reads), what it cannot express
/// (refused at catalog load, naming the type and member), and narrowing a string to configured values.
/// </summary>
public sealed partial class OutputSchemaTests
{
    public static TheoryData<string> CatalogSchemas => new() { nameof(Classification), nameof(LeadFacts), nameof(LeadProfile) };

    private static OutputSchema SchemaOf(string name) => name switch
    {
        nameof(Classification) => ClassifyWorkflow.Classification.Schema,
        nameof(LeadFacts) => EnrichLeadWorkflow.Extract.Schema,
        nameof(LeadProfile) => EnrichLeadWorkflow.Profile.Schema,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(CatalogSchemas))]
    public void EveryObjectOfAStepSchemaIsClosedAndRequiresAllItsProperties(string type)
    {
        JsonNode root = JsonNode.Parse(SchemaOf(type).Json)!;
        List<JsonObject> objects = [.. Nodes(root).Where(IsObjectSchema)];

        Assert.NotEmpty(objects);
        Assert.All(objects, o =>
        {
            Assert.False(o["additionalProperties"]?.GetValue<bool>() ?? true, $"Not closed: {o.ToJsonString()}");
            string[] properties = [.. o["properties"]!.AsObject().Select(p => p.Key)];
            string[] required = [.. o["required"]!.AsArray().Select(r => r!.GetValue<string>())];
            Assert.Equal(properties.Order(StringComparer.Ordinal), required.Order(StringComparer.Ordinal));
        });
    }

    [Theory]
    [MemberData(nameof(CatalogSchemas))]
    public void EnumsAreTheKebabCaseNamesTheWorkflowSerializerWrites(string type)
    {
        JsonObject[] enums = [.. Nodes(JsonNode.Parse(SchemaOf(type).Json)!).Where(o => o["enum"] is not null)];

        Assert.All(enums.SelectMany(e => e["enum"]!.AsArray()), value => Assert.Matches(KebabCase(), value!.GetValue<string>()));
    }

    [Fact]
    public void TheEnumOfAnEnumMemberListsEveryNameAsTheSerializerWritesIt()
    {
        JsonNode schema = JsonNode.Parse(EnrichLeadWorkflow.Profile.Schema.Json)!;
        string[] regions = [.. schema["properties"]!["region"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>())];

        Assert.Equal(Enum.GetValues<Region>().Select(r => JsonSerializer.Serialize(r, WorkflowJson.Options).Trim('"')), regions);
        Assert.Contains("north-america", regions);
    }

    [Fact]
    public void AnnotationsBecomeConstraints()
    {
        JsonNode classification = JsonNode.Parse(ClassifyWorkflow.Classification.Schema.Json)!;
        JsonNode profile = JsonNode.Parse(EnrichLeadWorkflow.Profile.Schema.Json)!;

        Assert.Equal(0, classification["properties"]!["confidence"]!["minimum"]!.GetValue<double>());
        Assert.Equal(1, classification["properties"]!["confidence"]!["maximum"]!.GetValue<double>());
        Assert.Equal(5, profile["properties"]!["tags"]!["maxItems"]!.GetValue<int>());
    }

    // The member is named as the answer's JSON names it (camelCase), after its declaring type.
    [Fact]
    public void ADictionaryMemberIsRefusedNamingTheTypeAndMember()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => OutputSchema.For<WithDictionary>());

        Assert.Contains(nameof(WithDictionary), ex.Message, StringComparison.Ordinal);
        Assert.Contains("WithDictionary.labels", ex.Message, StringComparison.Ordinal);
        Assert.Contains("dictionary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AJsonElementMemberIsRefusedNamingTheTypeAndMember()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => OutputSchema.For<WithJsonElement>());

        Assert.Contains("WithJsonElement.extra", ex.Message, StringComparison.Ordinal);
        Assert.Contains("untyped", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnObjectMemberIsRefusedNamingTheTypeAndMember()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => OutputSchema.For<WithObject>());

        Assert.Contains("WithObject.extra", ex.Message, StringComparison.Ordinal);
        Assert.Contains("untyped", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemberNestedElevenLevelsDeepIsRefusedNamingTheTypeAndMember()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => OutputSchema.For<Deep00>());

        Assert.Contains(nameof(Deep00), ex.Message, StringComparison.Ordinal);
        Assert.Contains("Deep10.leaf", ex.Message, StringComparison.Ordinal);
        Assert.Contains("11 levels", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TenLevelsOfNestingAreAccepted()
    {
        // The limit is OpenAI's: ten levels pass, the eleventh (above) does not.
        OutputSchema schema = OutputSchema.For<Deep01>();

        Assert.Equal(10, Nodes(JsonNode.Parse(schema.Json)!).Max(n => Depth(n)));
    }

    [Fact]
    public void AnAnswerThatIsNotAnObjectIsRefused()
    {
        InvalidOperationException ex = Assert.Throws<InvalidOperationException>(() => OutputSchema.For<string>());

        Assert.Contains("String", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedValuesRestrictTheStringToThemAndLeaveTheStepsSchemaAlone()
    {
        OutputSchema step = ClassifyWorkflow.Classification.Schema;

        OutputSchema narrowed = step.WithAllowedValues("category", ["outage", "invoice"]);

        JsonNode category = JsonNode.Parse(narrowed.Json)!["properties"]!["category"]!;
        Assert.Equal(["outage", "invoice"], category["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Null(JsonNode.Parse(step.Json)!["properties"]!["category"]!["enum"]);
        Assert.NotEqual(step.Sha256, narrowed.Sha256);
        Assert.Equal(step.Name, narrowed.Name);

        string valid = """{"category":"invoice","priority":"high","confidence":0.5,"reason":"Paid twice."}""";
        string other = """{"category":"billing","priority":"high","confidence":0.5,"reason":"Paid twice."}""";
        Assert.Empty(OutputValidation.Validate(narrowed, valid));
        Assert.Empty(OutputValidation.Validate(step, other));
        Assert.Contains(OutputValidation.Validate(narrowed, other), e => e.StartsWith("/category", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("categry")]
    [InlineData("confidence")] // a number, not a string
    [InlineData("category.name")]
    [InlineData("")]
    public void AllowedValuesForAPathThatIsNoStringPropertyAreRefused(string path)
    {
        ArgumentException ex = Assert.Throws<ArgumentException>(() => ClassifyWorkflow.Classification.Schema.WithAllowedValues(path, ["a", "b"]));

        Assert.Contains($"'{path}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedValuesForANullableStringAreRefusedAsSuch()
    {
        // LeadFacts.companyName is string? ("type": ["string", "null"]): refused with the path named, not with a JSON node error.
        ArgumentException ex = Assert.Throws<ArgumentException>(() => EnrichLeadWorkflow.Extract.Schema.WithAllowedValues("companyName", ["Acme"]));

        Assert.Contains("'companyName'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AllowedValuesReachNestedPropertiesByDottedPath()
    {
        OutputSchema narrowed = OutputSchema.For<Outer>().WithAllowedValues("inner.colour", ["red"]);

        Assert.Empty(OutputValidation.Validate(narrowed, """{"inner":{"colour":"red"}}"""));
        Assert.NotEmpty(OutputValidation.Validate(narrowed, """{"inner":{"colour":"blue"}}"""));
    }

    [Fact]
    public void NoAllowedValuesAtAllIsRefused() =>
        Assert.Throws<ArgumentException>(() => ClassifyWorkflow.Classification.Schema.WithAllowedValues("category", []));

    [Theory]
    [InlineData("""{"category":"bug","priority":"high","confidence":0.5}""", "reason")]
    [InlineData("""{"category":"bug","priority":"high","confidence":0.5,"reason":"r","extra":1}""", "extra")]
    [InlineData("""{"category":"bug","priority":"High","confidence":0.5,"reason":"r"}""", "/priority")]
    [InlineData("""{"category":"bug","priority":"high","confidence":1.5,"reason":"r"}""", "/confidence")]
    [InlineData("""{"category":"bug","priority":"high","confidence":"0.5","reason":"r"}""", "/confidence")]
    [InlineData("""{"category":"bug","priority":"high","confidence":0.5,"reason":null}""", "/reason")]
    [InlineData("""{"category":"bug","priority":"high""", "not valid JSON")]
    [InlineData("", "empty")]
    public void AnAnswerOutsideTheSchemaIsInvalidAndTheErrorSaysWhere(string answer, string named)
    {
        IReadOnlyList<string> errors = OutputValidation.Validate(ClassifyWorkflow.Classification.Schema, answer);

        Assert.Contains(errors, e => e.Contains(named, StringComparison.Ordinal));
    }

    [Fact]
    public void AValidAnswerIsReadAsTheOutputType()
    {
        const string Answer = """{"category":"bug","priority":"urgent","confidence":0.9,"reason":"Crash on start."}""";

        Assert.Empty(OutputValidation.Validate(ClassifyWorkflow.Classification.Schema, Answer));
        Assert.Equal(new Classification("bug", Priority.Urgent, 0.9, "Crash on start."), OutputValidation.Read<Classification>(Answer));
    }

    private static bool IsObjectSchema(JsonObject node) => node["type"] switch
    {
        JsonValue value => value.GetValue<string>() == "object",
        JsonArray types => types.Any(t => t!.GetValue<string>() == "object"),
        _ => false,
    };

    /// <summary>Every object node of a schema, the root first.</summary>
    private static IEnumerable<JsonObject> Nodes(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            yield return obj;
            foreach ((_, JsonNode? child) in obj)
            {
                if (child is not null)
                {
                    foreach (JsonObject inner in Nodes(child))
                    {
                        yield return inner;
                    }
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (JsonNode? child in array)
            {
                if (child is not null)
                {
                    foreach (JsonObject inner in Nodes(child))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }

    /// <summary>How many "properties"/"items" steps lead from the root to <paramref name="node"/>.</summary>
    private static int Depth(JsonNode node) => node.GetPath().Split('.', '[').Count(s => s is "properties" or "items");

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*\\z")]
    private static partial Regex KebabCase();
}

internal sealed record WithDictionary(string Name, Dictionary<string, string> Labels);

internal sealed record WithJsonElement(string Name, JsonElement Extra);

internal sealed record WithObject(string Name, object Extra);

internal sealed record Outer(Inner Inner);

internal sealed record Inner(string Colour);

internal sealed record Deep00(Deep01 Next);

internal sealed record Deep01(Deep02 Next);

internal sealed record Deep02(Deep03 Next);

internal sealed record Deep03(Deep04 Next);

internal sealed record Deep04(Deep05 Next);

internal sealed record Deep05(Deep06 Next);

internal sealed record Deep06(Deep07 Next);

internal sealed record Deep07(Deep08 Next);

internal sealed record Deep08(Deep09 Next);

internal sealed record Deep09(Deep10 Next);

internal sealed record Deep10(string Leaf);
