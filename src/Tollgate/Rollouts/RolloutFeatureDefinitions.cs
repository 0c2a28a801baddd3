using Microsoft.FeatureManagement;

namespace Tollgate.Rollouts;

/// <summary>
/// Each rollout as a Microsoft.FeatureManagement feature: always enabled, with the variants
/// <see cref="RolloutArms.Candidate"/> and <see cref="RolloutArms.Current"/> allocated by percentile —
/// [0, percentage) to the candidate, [percentage, 100] to the current deployment — seeded with the rollout's salt.
/// FeatureManagement places a user at SHA-256("{userId}\n{seed}") mapped onto [0, 100]: the same user lands on the
/// same percentile every time, and a growing percentage only widens the candidate's range, so no candidate ever
/// returns to the current arm while the rollout grows (<c>RolloutAssignmentTests</c> checks both).
/// </summary>
public sealed class RolloutFeatureDefinitions(RolloutCatalog catalog) : IFeatureDefinitionProvider
{
    // FeatureManagement's built-in filter that enables a feature for everyone.
    private const string AlwaysOn = "AlwaysOn";

    public Task<FeatureDefinition> GetFeatureDefinitionAsync(string featureName) =>
        Task.FromResult(catalog.Get(featureName) is { } rollout ? Define(rollout) : null!);

    public async IAsyncEnumerable<FeatureDefinition> GetAllFeatureDefinitionsAsync()
    {
        foreach (Rollout rollout in catalog.All)
        {
            yield return Define(rollout);
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <summary>The feature that buckets users into <paramref name="rollout"/>'s arms.</summary>
    public static FeatureDefinition Define(Rollout rollout)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return new FeatureDefinition
        {
            Name = rollout.Name,
            EnabledFor = [new FeatureFilterConfiguration { Name = AlwaysOn }],
            Variants = [new VariantDefinition { Name = RolloutArms.Candidate }, new VariantDefinition { Name = RolloutArms.Current }],
            Allocation = new Allocation
            {
                // The two ranges cover [0, 100]; a user outside both (none) would stay on the current deployment.
                DefaultWhenEnabled = RolloutArms.Current,
                DefaultWhenDisabled = RolloutArms.Current,
                Percentile =
                [
                    new PercentileAllocation { Variant = RolloutArms.Candidate, From = 0, To = rollout.Percentage },
                    new PercentileAllocation { Variant = RolloutArms.Current, From = rollout.Percentage, To = 100 },
                ],
                Seed = rollout.Salt,
            },
        };
    }
}
