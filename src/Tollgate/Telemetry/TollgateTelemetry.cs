using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Tollgate.Telemetry;

/// <summary>
/// The one ActivitySource and Meter Tollgate emits on. Attribute names follow the OpenTelemetry
/// GenAI semantic conventions; prompts and outputs are never attached.
/// </summary>
public static class TollgateTelemetry
{
    public const string SourceName = "Tollgate";

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    /// <summary>gen_ai.client.token.usage: input and output tokens per model call.</summary>
    public static readonly Histogram<long> TokenUsage = Meter.CreateHistogram<long>(
        "gen_ai.client.token.usage", unit: "{token}", description: "Tokens used per model call, by gen_ai.token.type.");

    /// <summary>gen_ai.client.operation.duration: wall time of a model call.</summary>
    public static readonly Histogram<double> OperationDuration = Meter.CreateHistogram<double>(
        "gen_ai.client.operation.duration", unit: "s", description: "Duration of model calls.");

    /// <summary>tollgate.model.cost: money spent per model attempt, in the catalog's currency.</summary>
    public static readonly Counter<double> Cost = Meter.CreateCounter<double>(
        "tollgate.model.cost", unit: "{USD}", description: "Cost of model attempts from provider-reported usage.");

    /// <summary>tollgate.run.latency_budget.breaches: runs whose model latency passed their workflow's latency budget.</summary>
    public static readonly Counter<long> LatencyBudgetBreaches = Meter.CreateCounter<long>(
        "tollgate.run.latency_budget.breaches", unit: "{run}", description: "Runs whose model latency passed the workflow's latency budget.");

    public static class Attributes
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string System = "gen_ai.system";
        public const string RequestModel = "gen_ai.request.model";
        public const string RequestMaxTokens = "gen_ai.request.max_tokens";
        public const string ResponseModel = "gen_ai.response.model";
        public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
        public const string UsageInputTokens = "gen_ai.usage.input_tokens";
        public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
        public const string TokenType = "gen_ai.token.type";
        public const string ErrorType = "error.type";
        public const string RunId = "tollgate.run.id";
        public const string Deployment = "tollgate.model.deployment";
        public const string Workflow = "tollgate.workflow";
    }
}
