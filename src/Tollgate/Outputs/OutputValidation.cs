using System.Text.Json;
using Json.Schema;
using Tollgate.Workflows;

namespace Tollgate.Outputs;

/// <summary>
/// Checks a model's answer against its step's schema with JsonSchema.Net, then reads it as the output type with the
/// workflows' strict serializer settings. An answer passes only if both accept it.
/// </summary>
public static class OutputValidation
{
    /// <summary>At most this many errors are reported (and sent back in a repair attempt).</summary>
    public const int MaxErrors = 10;

    /// <summary>The problems with <paramref name="answer"/>, or an empty list when it is valid.</summary>
    public static IReadOnlyList<string> Validate(OutputSchema schema, string? answer)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (string.IsNullOrWhiteSpace(answer))
        {
            return ["The answer is empty; a JSON object was required."];
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(answer);
        }
        catch (JsonException ex)
        {
            return [$"The answer is not valid JSON: {ex.Message}"];
        }

        using (document)
        {
            JsonSchema built = JsonSchema.FromText(schema.Json, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            EvaluationResults results = built.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!results.IsValid)
            {
                return [.. (results.Details ?? [])
                    .Where(d => d.Errors is not null)
                    .SelectMany(d => d.Errors!.Select(e => $"{(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
                    .Distinct(StringComparer.Ordinal)
                    .Take(MaxErrors)];
            }
        }

        return [];
    }

    /// <summary>Reads a validated answer as <typeparamref name="T"/>.</summary>
    public static T Read<T>(string answer) =>
        JsonSerializer.Deserialize<T>(answer, WorkflowJson.Options) ?? throw new JsonException("The answer is null.");
}
