using Microsoft.AspNetCore.Http;
using Tollgate.Runs;

namespace Tollgate.Intake;

/// <summary>
/// What became of a request to start a run, whatever carried it: the run it started (or, for a repeat,
/// found), or the problem that refused it.
/// </summary>
public sealed record StartOutcome(RunRecord? Run, bool Replayed, Problem? Problem)
{
    public const string ReplayedHeader = "Idempotent-Replayed";

    public static StartOutcome Started(RunRecord run) => new(run, Replayed: false, Problem: null);

    public static StartOutcome Repeated(RunRecord run) => new(run, Replayed: true, Problem: null);

    public static StartOutcome Refused(Problem problem) => new(null, Replayed: false, problem);

    /// <summary>
    /// The HTTP answer: 202 with the run's location (and <see cref="ReplayedHeader"/> for a repeat), or the
    /// problem as <c>application/problem+json</c>.
    /// </summary>
    public IResult ToResult(HttpRequest httpRequest)
    {
        ArgumentNullException.ThrowIfNull(httpRequest);
        if (Run is null)
        {
            return Problem!.ToResult();
        }

        if (Replayed)
        {
            httpRequest.HttpContext.Response.Headers[ReplayedHeader] = "true";
        }

        string location = IntakeRoutes.RunPath(Run.RunId);
        string statusUrl = $"{httpRequest.Scheme}://{httpRequest.Host}{httpRequest.PathBase}{location}";
        return Results.Accepted(location, new StartRunResponse(Run.RunId, Run.Workflow, Run.Status.ToString(), statusUrl));
    }
}
