namespace Tollgate.Intake;

/// <summary>HTTP routes, shared by the Functions triggers and the DevHost (both under <c>/api</c>).</summary>
public static class IntakeRoutes
{
    public const string Prefix = "api";
    public const string StartRun = "workflows/{workflow}/runs";
    public const string GetRun = "runs/{runId}";
    public const string ReplayRun = "runs/{runId}/replay";
    public const string Trigger = "triggers/{name}";
    public const string GetBudget = "users/{userId}/budget";
    public const string GetRollout = "rollouts/{name}";
    public const string AddJobItems = "jobs/{name}/items";
    public const string StartJobRun = "jobs/{name}/runs";
    public const string GetJobRun = "jobs/{name}/runs/{occurrence}";

    public static string RunPath(string runId) => $"/{Prefix}/runs/{runId}";

    public static string JobRunPath(string job, string occurrence) => $"/{Prefix}/jobs/{job}/runs/{occurrence}";
}
