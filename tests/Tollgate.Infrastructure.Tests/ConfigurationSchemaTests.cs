using System.Text.Json.Nodes;
using Json.Schema;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests;

/// <summary>azure.yaml and host.json against their published schemas (copies in Schemas/, with source and licence).</summary>
[Trait("Category", "Schema")]
public sealed class ConfigurationSchemaTests
{
    /// <summary>
    /// Documented host.json settings newer than the schema copy (its additionalProperties: false rejects them).
    /// They are removed from the copy being validated; every other key must validate.
    /// </summary>
    private static readonly string[] SettingsNewerThanSchema =
    [
        "telemetryMode",                                  // OpenTelemetry mode of the host
        "extensions.durableTask.storageProvider.type",    // Durable storage backend selector (AzureStorage, mssql, ...)
        "extensions.durableTask.storageProvider.connectionName", // Durable 2.7+: connection by name, identity-based allowed
    ];

    /// <summary>Extension sections: the host reads them only under "extensions".</summary>
    private static readonly string[] ExtensionSections = ["durableTask", "queues", "http", "blobs", "serviceBus", "eventHubs", "tables"];

    [Fact]
    public void Azure_yaml_validates_against_the_azd_schema()
    {
        EvaluationResults results = Schemas.Validate(Schemas.AzureYaml, Yaml.Parse(File.ReadAllText(Repository.AzureYaml)));

        Assert.True(results.IsValid, Schemas.Describe(results));
    }

    [Fact]
    public void Azure_yaml_schema_rejects_a_service_without_a_host()
    {
        // Guards the validation itself: the remote $refs resolve (to {}) and an invalid file is reported.
        JsonNode document = Yaml.Parse("name: tollgate\nservices:\n  api:\n    project: ./src/Tollgate.Functions\n    language: dotnet\n")!;

        Assert.False(Schemas.Validate(Schemas.AzureYaml, document).IsValid);
    }

    [Fact]
    public void Host_json_validates_against_the_Functions_host_schema()
    {
        JsonNode hostJson = JsonNode.Parse(File.ReadAllText(Repository.HostJson))!;
        foreach (string path in SettingsNewerThanSchema)
        {
            int dot = path.LastIndexOf('.');
            JsonNode? parent = dot < 0 ? hostJson : hostJson.At(path[..dot]);
            (parent as JsonObject)?.Remove(path[(dot + 1)..]);
        }

        EvaluationResults results = Schemas.Validate(Schemas.HostJson, hostJson);

        Assert.True(results.IsValid, Schemas.Describe(results));
    }

    [Fact]
    public void Host_json_schema_rejects_a_malformed_setting()
    {
        Assert.False(Schemas.Validate(Schemas.HostJson, JsonNode.Parse("""{"version":"2.0","functionTimeout":"ten minutes"}""")).IsValid);
        Assert.False(Schemas.Validate(Schemas.HostJson, JsonNode.Parse("""{"version":"3.0"}""")).IsValid);
    }

    [Fact]
    public void Host_json_sections_sit_where_the_host_reads_them()
    {
        // The schema lets unknown keys through under "extensions" and "logging"; the host ignores them silently.
        JsonNode hostJson = JsonNode.Parse(File.ReadAllText(Repository.HostJson))!;
        Assert.Equal("2.0", hostJson.Str("version"));
        foreach (string section in ExtensionSections)
        {
            Assert.Null(hostJson[section]);
            Assert.Null(hostJson.At($"logging.{section}"));
        }

        Assert.Null(hostJson.At("logging.extensions"));
        Assert.Null(hostJson.At("extensions.queue"));
        Assert.Null(hostJson.At("extensions.durabletask"));
    }
}
