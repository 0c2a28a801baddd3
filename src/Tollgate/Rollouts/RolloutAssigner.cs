using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Tollgate.Rollouts;

/// <summary>
/// Which arm of a rollout a user is on, as Microsoft.FeatureManagement's variant allocation decides it over
/// <see cref="RolloutFeatureDefinitions"/>. The feature manager is Tollgate's own, over the rollouts only: the app
/// registers no <c>IFeatureManager</c> in its container, so nothing else reads or shadows these features.
/// </summary>
public sealed class RolloutAssigner
{
    private readonly FeatureManager _features;

    public RolloutAssigner(RolloutCatalog catalog) => _features = new FeatureManager(new RolloutFeatureDefinitions(catalog));

    /// <summary>
    /// <see cref="RolloutArms.Candidate"/> or <see cref="RolloutArms.Current"/> for <paramref name="userId"/> in the
    /// rollout <paramref name="rollout"/> as configured now; the same answer for the same user while the configuration
    /// is unchanged.
    /// </summary>
    public async ValueTask<string> ArmOfAsync(string rollout, string userId, CancellationToken cancellationToken)
    {
        Variant? variant = await _features.GetVariantAsync(rollout, new TargetingContext { UserId = userId }, cancellationToken).ConfigureAwait(false);
        return variant?.Name == RolloutArms.Candidate ? RolloutArms.Candidate : RolloutArms.Current;
    }
}
