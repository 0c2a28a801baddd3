using System.ClientModel;
using System.ClientModel.Primitives;
using Azure;
using Azure.AI.OpenAI;
using OpenAI;
using OpenAI.Chat;

namespace Tollgate.ModelSimulator.Tests;

/// <summary>The real SDK clients pointed at a simulator, with retries off so every failure surfaces.</summary>
internal static class SimulatorClients
{
    public static ChatClient Azure(ModelSimulatorServer server, string deployment, TimeSpan? networkTimeout = null)
    {
        var options = new AzureOpenAIClientOptions
        {
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
        };
        return new AzureOpenAIClient(server.BaseAddress, new AzureKeyCredential("simulator-key"), options).GetChatClient(deployment);
    }

    public static ChatClient OpenAI(ModelSimulatorServer server, string model, TimeSpan? networkTimeout = null)
    {
        var options = new OpenAIClientOptions
        {
            Endpoint = new Uri(server.BaseAddress, "v1/"),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = networkTimeout ?? TimeSpan.FromSeconds(30),
        };
        return new OpenAIClient(new ApiKeyCredential("simulator-key"), options).GetChatClient(model);
    }

    public static HttpClient Http(ModelSimulatorServer server) => new() { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public const string LongText =
        "The quarterly report shows revenue grew twelve percent while operating costs fell, driven by lower cloud spend. "
        + "Customer churn rose slightly in the small-business segment, and the team proposes a loyalty discount to counter it. "
        + "Hiring remains frozen until the second half, except for two security engineers approved last month.";
}
