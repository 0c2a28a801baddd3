using Microsoft.Extensions.Options;
using Tollgate.Models;

namespace Tollgate.DevHost.Durable;

/// <summary>
/// Refuses to start when an activity could outlive its queue lock: the sidecar never renews it, so a model call
/// longer than <see cref="DurableEngineOptions.WorkItemVisibilityTimeout"/> would be dispatched a second time.
/// </summary>
internal sealed class DurableEngineOptionsValidator(IOptions<ModelOptions> models) : IValidateOptions<DurableEngineOptions>
{
    /// <summary>The lock must outlast the call by this factor: an activity also reads and writes storage around it.</summary>
    private const double LockMargin = 1.25;

    public ValidateOptionsResult Validate(string? name, DurableEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Backend != DurableBackend.AzureStorage)
        {
            return ValidateOptionsResult.Success;
        }

        string[] tooLong = models.Value.Deployments
            .Where(deployment => deployment.Value.RequestTimeout * LockMargin >= options.WorkItemVisibilityTimeout)
            .Select(deployment => $"{deployment.Key} ({deployment.Value.RequestTimeout})")
            .ToArray();
        return tooLong.Length == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"{DurableEngineOptions.Section}:{nameof(DurableEngineOptions.WorkItemVisibilityTimeout)} ({options.WorkItemVisibilityTimeout}) " +
                $"must exceed every deployment's RequestTimeout by a quarter (the storage work around the call), or a call still running " +
                $"would be dispatched again: {string.Join(", ", tooLong)}.");
    }
}
