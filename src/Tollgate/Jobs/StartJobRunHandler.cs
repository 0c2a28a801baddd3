using System.Text.Json;
using Cronos;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;
using Tollgate.Intake;

namespace Tollgate.Jobs;

/// <summary>
/// <c>POST /api/jobs/{name}/runs</c> with <c>{"occurrence": "2026-11-29T16:00:00Z"}</c> (an occurrence of the job's
/// schedule) or <c>{"occurrence": "now"}</c> (an extra occurrence at the current second): fires it as the timer would,
/// under the same instance id. 202 when this request started it; 200 with the existing run when it had started before,
/// starting nothing.
/// </summary>
public sealed class StartJobRunHandler(IOptions<JobOptions> jobs, JobLauncher launcher, GetJobRunHandler runs, IOptions<IntakeOptions> intake,
    TimeProvider time)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!jobs.Value.TryGetValue(name, out JobSettings? job))
        {
            return Problems.UnknownJob(name).ToResult();
        }

        (Problem? problem, byte[] body) = await JsonRequestBody.ReadAsync(request, intake.Value.MaxBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        string? text;
        try
        {
            using JsonDocument document = JsonDocument.Parse(body);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Any(p => p.Name != "occurrence"))
            {
                return Problems.InvalidField("$", "must be a JSON object with only 'occurrence'.").ToResult();
            }

            if (!root.TryGetProperty("occurrence", out JsonElement value) || value.ValueKind != JsonValueKind.String)
            {
                return Problems.InvalidField("occurrence", "is required: an occurrence of the job's schedule in UTC (2026-11-29T16:00:00Z) or \"now\".").ToResult();
            }

            text = value.GetString();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            return Problems.MalformedJson(ex.Message).ToResult();
        }

        DateTimeOffset occurrence;
        if (text == "now")
        {
            DateTimeOffset now = time.GetUtcNow();
            occurrence = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        }
        else if (!JobSchedule.TryParseOccurrence(text, out occurrence))
        {
            return Problems.InvalidField("occurrence", "must be a UTC time with an offset, in whole seconds (2026-11-29T16:00:00Z), or \"now\".").ToResult();
        }
        else if (JobSchedule.TryParse(job.Schedule!, out CronExpression? cron, out _) && !JobSchedule.IsOccurrence(cron!, occurrence))
        {
            return Problems.InvalidField("occurrence", $"is not an occurrence of the job's schedule '{job.Schedule}'.").ToResult();
        }

        JobStart start = await launcher.StartAsync(client, name, occurrence, cancellationToken).ConfigureAwait(false);
        if (start.RunningOccurrence is { } running)
        {
            return Problems.JobOccurrenceRunning(running).ToResult();
        }

        JobRunView? view = await runs.ViewAsync(launcher.Canonical(name), occurrence, client, cancellationToken).ConfigureAwait(false);
        string location = IntakeRoutes.JobRunPath(launcher.Canonical(name), JobSchedule.Format(occurrence));
        return start.Started ? Results.Accepted(location, view) : Results.Ok(view);
    }
}
