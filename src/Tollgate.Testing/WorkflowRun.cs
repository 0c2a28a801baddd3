using System.Globalization;
using System.Text;
using System.Text.Json;
using Tollgate.Intake;
using Tollgate.Models;
using Tollgate.Runs;

namespace Tollgate.Testing;

/// <summary>
/// One run of a workflow as the kit saw it: the run record and its attempts as Tollgate stored them (<see cref="Details"/>),
/// the requests the model endpoint received, the durable waits, and the output. The <c>Assert…</c> methods read like the
/// rules they check and throw a <see cref="WorkflowAssertionException"/> naming what was expected and what happened; each
/// returns the run, so they chain.
/// </summary>
public class WorkflowRun
{
    private static readonly JsonSerializerOptions ExportOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    internal WorkflowRun(RunDetails details, IReadOnlyList<ModelRequest> requests, IReadOnlyList<TimeSpan> waits, object? output, Exception? failure)
    {
        Details = details;
        Requests = requests;
        Waits = waits;
        Output = output;
        Failure = failure;
    }

    /// <summary>The run row and its attempt rows, in the order the attempts were made.</summary>
    public RunDetails Details { get; }

    public RunRecord Record => Details.Run;

    public string RunId => Record.RunId;

    public RunStatus Status => Record.Status;

    public IReadOnlyList<AttemptRecord> Attempts => Details.Attempts;

    /// <summary>The requests the model endpoint received during this run, in order.</summary>
    public IReadOnlyList<ModelRequest> Requests { get; }

    /// <summary>What each durable timer of the run waited (Retry-After, backoff), in order. Fake time: nothing slept.</summary>
    public IReadOnlyList<TimeSpan> Waits { get; }

    /// <summary>The workflow's output (null when the run failed).</summary>
    public object? Output { get; }

    /// <summary>What the workflow threw when the run failed (a <c>ModelCallFailedException</c>, say), or null.</summary>
    public Exception? Failure { get; }

    /// <summary>What the run's attempts cost together, in USD.</summary>
    public decimal Cost => Record.Cost?.Total ?? 0m;

    /// <summary>The run's model latency: its attempts' latencies summed, as the run record counts it against the budget.</summary>
    public TimeSpan ModelLatency => TimeSpan.FromMilliseconds(Record.ModelLatencyMilliseconds ?? 0);

    /// <summary>The run as <c>GET /api/runs/{id}</c> shows it.</summary>
    public RunView View => RunView.From(Details, Status);

    /// <summary>The run as JSON, exactly as <c>GET /api/runs/{id}</c> answers it (indented): what <see cref="WorkflowReplayer"/> replays.</summary>
    public string ExportJson() => JsonSerializer.Serialize(View, ExportOptions) + "\n";

    /// <summary>The run completed with an output.</summary>
    public WorkflowRun AssertCompleted()
    {
        if (Status != RunStatus.Completed)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to complete, but it is {Status}"
                + (Record.Error is { } error ? $": {error}" : ".") + Describe());
        }

        return this;
    }

    /// <summary>The run failed, ended by an attempt with <paramref name="outcome"/> (as its record's failure outcome says).</summary>
    public WorkflowRun AssertFailedWith(AttemptOutcome outcome)
    {
        if (Status != RunStatus.Failed || Record.FailureOutcome != outcome)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to fail with {outcome}, but it is {Status}"
                + (Record.FailureOutcome is { } actual ? $" ended by {actual}" : "") + (Record.Error is { } error ? $": {error}" : ".") + Describe());
        }

        return this;
    }

    /// <summary>The run cost at most <paramref name="max"/> USD.</summary>
    public WorkflowRun AssertCostAtMost(decimal max)
    {
        if (Cost > max)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to cost at most {Money(max)} USD, but it cost {Money(Cost)} USD." + Describe());
        }

        return this;
    }

    /// <summary>The run cost at most its workflow's cost ceiling (as recorded on the run).</summary>
    public WorkflowRun AssertWithinCostCeiling()
    {
        decimal ceiling = Record.CostCeiling ?? throw new WorkflowAssertionException($"Run {RunId} has no cost ceiling on its record.");
        if (Cost > ceiling)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to stay within its cost ceiling of {Money(ceiling)} USD, but it cost {Money(Cost)} USD."
                + Describe());
        }

        return this;
    }

    /// <summary>The run's model latency (its attempts' latencies summed) is at most <paramref name="max"/>.</summary>
    public WorkflowRun AssertModelLatencyWithin(TimeSpan max)
    {
        if (ModelLatency > max)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to spend at most {Ms(max)} ms in model calls, but it spent {Ms(ModelLatency)} ms."
                + Describe());
        }

        return this;
    }

    /// <summary>The run stayed within its workflow's latency budget, and its record does not say it passed it.</summary>
    public WorkflowRun AssertWithinLatencyBudget()
    {
        long budget = Record.LatencyBudgetMilliseconds ?? throw new WorkflowAssertionException($"Run {RunId} has no latency budget on its record.");
        if (Record.LatencyBudgetExceeded || ModelLatency.TotalMilliseconds > budget)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to stay within its latency budget of {budget} ms, but its model calls took "
                + $"{Ms(ModelLatency)} ms (recorded as exceeded: {Record.LatencyBudgetExceeded})." + Describe());
        }

        return this;
    }

    /// <summary>The run's record says its model latency passed the workflow's latency budget.</summary>
    public WorkflowRun AssertLatencyBudgetExceeded()
    {
        if (!Record.LatencyBudgetExceeded)
        {
            Fail($"Expected run {RunId} of {Record.Workflow} to be recorded as over its latency budget of {Record.LatencyBudgetMilliseconds} ms, "
                + $"but its model calls took {Ms(ModelLatency)} ms and it is not." + Describe());
        }

        return this;
    }

    /// <summary>Exactly <paramref name="expected"/> requests reached a model during the run.</summary>
    public WorkflowRun AssertCalls(int expected)
    {
        if (Requests.Count != expected)
        {
            Fail($"Expected exactly {expected} model call(s) in run {RunId} of {Record.Workflow}, but {Requests.Count} were sent"
                + (Requests.Count == 0 ? "." : ": " + string.Join("; ", Requests)) + Describe());
        }

        return this;
    }

    /// <summary>The run's attempts ended with exactly these outcomes, in order.</summary>
    public WorkflowRun AssertOutcomes(params AttemptOutcome[] outcomes)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        if (!Attempts.Select(a => a.Outcome).SequenceEqual(outcomes))
        {
            Fail($"Expected the attempts of run {RunId} to end [{string.Join(", ", outcomes)}], but they ended "
                + $"[{string.Join(", ", Attempts.Select(a => a.Outcome))}]." + Describe());
        }

        return this;
    }

    /// <summary>
    /// Every request that reached a model carried an output cap (<c>max_completion_tokens</c>) no larger than its step's cap,
    /// and the one its attempt recorded. Requests pair with the attempts that were sent, in order.
    /// </summary>
    public WorkflowRun AssertEveryRequestCapped()
    {
        List<AttemptRecord> sent = [.. Attempts.Where(WasSent)];
        for (int i = 0; i < Requests.Count; i++)
        {
            ModelRequest request = Requests[i];
            if (request.MaxOutputTokens is not { } cap)
            {
                Fail($"Expected every request of run {RunId} to carry an output cap, but request {request} carried none." + Describe());
                return this;
            }

            if (sent.Count != Requests.Count)
            {
                int largest = Attempts.Count == 0 ? 0 : Attempts.Max(a => a.StepMaxOutputTokens);
                if (cap > largest)
                {
                    Fail($"Expected every request of run {RunId} to be capped at its step's cap, but request {request} asked for {cap} tokens, "
                        + $"more than any step's cap ({largest})." + Describe());
                }

                continue;
            }

            AttemptRecord attempt = sent[i];
            if (cap > attempt.StepMaxOutputTokens || cap != attempt.MaxOutputTokens)
            {
                Fail($"Expected request {request} (step '{attempt.Step}', attempt {attempt.Attempt}) to carry a cap of at most the step's "
                    + $"{attempt.StepMaxOutputTokens} tokens, as recorded ({attempt.MaxOutputTokens}), but it carried {cap} in "
                    + $"{request.MaxOutputTokensField}." + Describe());
            }
        }

        return this;
    }

    /// <summary>The run's answer came from <paramref name="deployment"/> after an attempt on another deployment.</summary>
    public WorkflowRun AssertFellBackTo(string deployment)
    {
        ArgumentException.ThrowIfNullOrEmpty(deployment);
        AttemptRecord? answered = Attempts.LastOrDefault(a => a.Outcome == AttemptOutcome.Succeeded);
        bool movedFromAnother = Attempts.Count > 0 && !string.Equals(Attempts[0].Deployment, deployment, StringComparison.OrdinalIgnoreCase);
        if (answered is null || !string.Equals(answered.Deployment, deployment, StringComparison.OrdinalIgnoreCase) || !movedFromAnother)
        {
            string actual = answered is null ? "no attempt answered" : $"the answer came from {answered.Deployment}";
            Fail($"Expected run {RunId} of {Record.Workflow} to fall back to {deployment}, but {actual}"
                + (movedFromAnother ? "." : $" and its first attempt was already on {deployment}.") + Describe());
        }

        return this;
    }

    /// <summary>The attempts of the run, one per line, for failure messages.</summary>
    public string Describe()
    {
        if (Attempts.Count == 0)
        {
            return "\nNo attempts were recorded.";
        }

        var text = new StringBuilder("\nAttempts:");
        for (int i = 0; i < Attempts.Count; i++)
        {
            AttemptRecord a = Attempts[i];
            text.Append(CultureInfo.InvariantCulture, $"\n  {i + 1}. step '{a.Step}' on {a.Deployment}: {a.Outcome}{(a.IsRepair ? " (repair)" : "")}, ")
                .Append(CultureInfo.InvariantCulture, $"cap {a.MaxOutputTokens}/{a.StepMaxOutputTokens}, {a.Usage.InputTokens} in + {a.Usage.OutputTokens} out, ")
                .Append(CultureInfo.InvariantCulture, $"{Money(a.Cost.Total)} USD, {a.LatencyMilliseconds} ms");
            if (a.Error is { } error)
            {
                text.Append(" — ").Append(error);
            }
        }

        return text.Append(CultureInfo.InvariantCulture, $"\nTotal: {Money(Cost)} USD, {Ms(ModelLatency)} ms of model latency, {Requests.Count} request(s) sent.")
            .ToString();
    }

    public override string ToString() => $"Run {RunId} of {Record.Workflow}: {Status}";

    /// <summary>Whether an attempt's request left the gateway (the refusals before sending never reach a model).</summary>
    private static bool WasSent(AttemptRecord attempt) => attempt.ReplayedFrom is null
        && attempt.Outcome is not (AttemptOutcome.ContextTooLong or AttemptOutcome.CostCeiling or AttemptOutcome.BudgetExceeded or AttemptOutcome.CircuitOpen);

    private static string Money(decimal amount) => amount.ToString("0.########", CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture);

    private static void Fail(string message) => throw new WorkflowAssertionException(message);
}
