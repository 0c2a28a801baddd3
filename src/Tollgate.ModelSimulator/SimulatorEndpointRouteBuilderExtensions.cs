namespace Tollgate.ModelSimulator;

/// <summary>Maps the simulator's routes; used by the standalone Program and <see cref="ModelSimulatorServer"/>.</summary>
public static class SimulatorEndpointRouteBuilderExtensions
{
    /// <summary>Azure OpenAI route (deployment in the path).</summary>
    public const string AzureChatCompletionsPattern = "/openai/deployments/{deployment}/chat/completions";

    /// <summary>OpenAI route (deployment is the body's <c>model</c>).</summary>
    public const string OpenAIChatCompletionsPattern = "/v1/chat/completions";

    /// <summary>GET lists the recorded requests; DELETE resets them and the fault counters.</summary>
    public const string RequestsPattern = "/simulator/requests";

    /// <summary>
    /// Maps <c>POST /openai/deployments/{deployment}/chat/completions</c>, <c>POST /v1/chat/completions</c>,
    /// <c>GET /simulator/requests</c> and <c>DELETE /simulator/requests</c>. Requires <see cref="SimulatorServiceCollectionExtensions.AddModelSimulator(IServiceCollection, Action{SimulatorOptions}?)"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost(AzureChatCompletionsPattern, context => Handler(context).HandleAzureAsync(context));
        endpoints.MapPost(OpenAIChatCompletionsPattern, context => Handler(context).HandleOpenAIAsync(context));
        endpoints.MapGet(RequestsPattern, context => context.Response.WriteAsJsonAsync(
            context.RequestServices.GetRequiredService<SimulatorState>().Requests,
            SimulatorJsonContext.Default.IReadOnlyListSimulatedRequest,
            cancellationToken: context.RequestAborted));
        endpoints.MapDelete(RequestsPattern, context =>
        {
            context.RequestServices.GetRequiredService<SimulatorState>().Reset();
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return Task.CompletedTask;
        });
        return endpoints;
    }

    private static ChatCompletionHandler Handler(HttpContext context) => context.RequestServices.GetRequiredService<ChatCompletionHandler>();
}
