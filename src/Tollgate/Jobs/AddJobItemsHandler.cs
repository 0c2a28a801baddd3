using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tollgate.Intake;
using Tollgate.Workflows;

namespace Tollgate.Jobs;

/// <summary>
/// <c>POST /api/jobs/{name}/items</c>: adds items to a job, JSON lines or CSV (<see cref="JobItemsReader"/>). Valid
/// rows are kept and each refused row is named by its line: 200 when every row was valid, 207 when some were refused.
/// Whole-body problems — unknown job (404), another content type (415), too large (413), not UTF-8, empty, no CSV
/// header, an unterminated quote (400), no valid row at all (422) — add nothing.
/// </summary>
public sealed class AddJobItemsHandler(IOptions<JobOptions> jobs, JobItemStore items, JobLauncher launcher, IOptions<IntakeOptions> intake)
{
    public async Task<IResult> HandleAsync(HttpRequest request, string name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!jobs.Value.TryGetValue(name, out JobSettings? job))
        {
            return Problems.UnknownJob(name).ToResult();
        }

        if (FormatOf(request.ContentType) is not { } format)
        {
            return Problems.UnsupportedItemsMediaType().ToResult();
        }

        (Problem? problem, byte[] body) = await JsonRequestBody.ReadAnyAsync(request, intake.Value.MaxItemsBodyBytes, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            return Problems.MalformedItems("The body is not valid UTF-8.").ToResult();
        }

        WorkflowDefinition workflow = WorkflowCatalog.Get(job.Workflow!)!;
        JobItemsRead read = JobItemsReader.Read(workflow, format, System.Text.Encoding.UTF8.GetString(body).TrimStart('\uFEFF'));
        if (read.Problem is not null)
        {
            return Problems.MalformedItems(read.Problem).ToResult();
        }

        if (read.Items.Count == 0)
        {
            return Problems.NoValidItems(read.Errors.Take(MaxErrorsShown)
                .GroupBy(e => string.Create(CultureInfo.InvariantCulture, $"line {e.Line}"))
                .ToDictionary(g => g.Key, g => g.Select(e => $"'{e.Field}' {e.Problem}").ToArray())).ToResult();
        }

        int added = await items.AddAsync(launcher.Canonical(name), read.Items, cancellationToken).ConfigureAwait(false);
        var response = new AddItemsResponse(launcher.Canonical(name), read.Items.Count + read.Repeats, added, read.Items.Count + read.Repeats - added,
            read.Errors.Count, [.. read.Errors.Take(MaxErrorsShown)]);
        return read.Errors.Count == 0 ? Results.Ok(response) : Results.Json(response, statusCode: StatusCodes.Status207MultiStatus);
    }

    /// <summary>
    /// The most row errors an answer lists (the first ones, by line; <c>rejected</c> still counts them all): a body of a few
    /// MiB of bad lines would otherwise answer with hundreds of MiB of errors.
    /// </summary>
    public const int MaxErrorsShown = 100;

    /// <summary>The items format a content type names, or null.</summary>
    public static JobItemsFormat? FormatOf(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out MediaTypeHeaderValue? parsed)
            ? parsed.MediaType.Value?.ToLowerInvariant() switch
            {
                "application/x-ndjson" or "application/jsonl" or "application/x-jsonlines" or "application/jsonlines" => JobItemsFormat.JsonLines,
                "text/csv" => JobItemsFormat.Csv,
                _ => null,
            }
            : null;
}
