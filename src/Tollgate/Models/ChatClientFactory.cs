using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Azure.AI.OpenAI;
using Azure.Core;
using OpenAI;
using OpenAI.Chat;

namespace Tollgate.Models;

/// <summary>
/// One <see cref="ChatClient"/> per catalog deployment, built once. SDK retries are off: every
/// attempt is the orchestrator's decision and is recorded, so none may happen unseen.
/// </summary>
public sealed class ChatClientFactory(TokenCredential credential)
{
    private readonly ConcurrentDictionary<string, ChatClient> _clients = new(StringComparer.OrdinalIgnoreCase);

    public ChatClient Get(string name, ModelDeploymentOptions deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return _clients.GetOrAdd(name, static (_, state) => state.Factory.Create(state.Deployment), (Factory: this, Deployment: deployment));
    }

    private ChatClient Create(ModelDeploymentOptions deployment)
    {
        Uri endpoint = deployment.Endpoint ?? throw new InvalidOperationException("A model deployment has no endpoint.");
        var retryPolicy = new ClientRetryPolicy(maxRetries: 0);
        if (deployment.Kind == ModelEndpointKind.AzureOpenAI)
        {
            var options = new AzureOpenAIClientOptions { NetworkTimeout = deployment.RequestTimeout, RetryPolicy = retryPolicy };
            AzureOpenAIClient client = deployment.ApiKey is { Length: > 0 } key
                ? new AzureOpenAIClient(endpoint, new ApiKeyCredential(key), options)
                : new AzureOpenAIClient(endpoint, credential, options);
            return client.GetChatClient(deployment.Deployment);
        }

        var openAiOptions = new OpenAIClientOptions { Endpoint = endpoint, NetworkTimeout = deployment.RequestTimeout, RetryPolicy = retryPolicy };
        var apiKey = new ApiKeyCredential(deployment.ApiKey ?? throw new InvalidOperationException("An OpenAI-compatible deployment needs an API key."));
        return new OpenAIClient(apiKey, openAiOptions).GetChatClient(deployment.Deployment);
    }
}
