using System.Text.Json;

namespace Tollgate.Workflows;

/// <summary>One serializer configuration for workflow payloads kept in run records.</summary>
public static class WorkflowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
