using Microsoft.Extensions.Options;

namespace Tollgate.Models;

/// <summary>Cross-field rules of the catalog that data annotations cannot express.</summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!options.Deployments.ContainsKey(options.DefaultDeployment))
        {
            failures.Add($"Tollgate:Models:DefaultDeployment '{options.DefaultDeployment}' is not in Tollgate:Models:Deployments.");
        }

        foreach ((string key, ModelDeploymentOptions deployment) in options.Deployments)
        {
            string prefix = $"Tollgate:Models:Deployments:{key}";
            if (deployment.Endpoint is not { IsAbsoluteUri: true })
            {
                failures.Add($"{prefix}:Endpoint must be an absolute URI.");
            }
            else if (deployment.Kind == ModelEndpointKind.AzureOpenAI && string.IsNullOrEmpty(deployment.ApiKey) && deployment.Endpoint.Scheme != Uri.UriSchemeHttps)
            {
                failures.Add($"{prefix}:Endpoint must use https when the managed identity authenticates.");
            }

            if (string.IsNullOrWhiteSpace(deployment.Deployment))
            {
                failures.Add($"{prefix}:Deployment is required.");
            }

            if (deployment.Kind == ModelEndpointKind.OpenAI && string.IsNullOrEmpty(deployment.ApiKey))
            {
                failures.Add($"{prefix}:ApiKey is required for an OpenAI-compatible endpoint.");
            }

            if (deployment.InputPricePerMillion < 0 || deployment.CachedInputPricePerMillion < 0 || deployment.OutputPricePerMillion < 0)
            {
                failures.Add($"{prefix}: prices cannot be negative.");
            }

            // Well inside host.json's functionTimeout (10 minutes), so a hung request ends as a recorded
            // TimedOut attempt rather than as a killed activity.
            if (deployment.RequestTimeout <= TimeSpan.Zero || deployment.RequestTimeout > MaxRequestTimeout)
            {
                failures.Add($"{prefix}:RequestTimeout must be more than 0 and at most {MaxRequestTimeout}.");
            }

            if (deployment.ContextWindow <= 0)
            {
                failures.Add($"{prefix}:ContextWindow must be positive.");
            }
        }

        foreach (string start in options.Deployments.Keys)
        {
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { start };
            for (string? next = options.Deployments[start].Fallback; !string.IsNullOrEmpty(next); next = options.Deployments[next].Fallback)
            {
                if (!options.Deployments.ContainsKey(next))
                {
                    failures.Add($"Tollgate:Models:Deployments:{start}:Fallback '{next}' is not in Tollgate:Models:Deployments.");
                    break;
                }

                if (!seen.Add(next))
                {
                    failures.Add($"The fallback chain starting at '{start}' loops back to '{next}'.");
                    break;
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
