using System.ComponentModel.DataAnnotations;

namespace Tollgate.Intake;

public sealed class IntakeOptions
{
    public const string SectionName = "Tollgate:Intake";

    /// <summary>Largest request body accepted; larger ones get 413 before they are parsed.</summary>
    [Range(1024, 10 * 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 256 * 1024;
}

/// <summary>HTTP routes, shared by the Functions triggers and the DevHost (both under <c>/api</c>).</summary>
public static class IntakeRoutes
{
    public const string Prefix = "api";
    public const string StartRun = "workflows/{workflow}/runs";
    public const string GetRun = "runs/{runId}";
    public const string ReplayRun = "runs/{runId}/replay";
    public const string Webhook = "webhooks/{workflow}";
    public const string GetBudget = "users/{userId}/budget";

    public static string RunPath(string runId) => $"/{Prefix}/runs/{runId}";
}
