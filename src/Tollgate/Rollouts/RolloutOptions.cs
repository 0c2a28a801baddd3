namespace Tollgate.Rollouts;

/// <summary>
/// The rollouts configuration declares, by name (<c>Tollgate:Rollouts:{name}:…</c>). Read through
/// <c>IOptionsMonitor</c>, so a reloaded configuration (a changed percentage) applies to the next call without a
/// redeploy; checked by <see cref="RolloutOptionsValidator"/> at start-up and on every reload.
/// </summary>
public sealed class RolloutOptions : Dictionary<string, RolloutSettings>
{
    public const string SectionName = "Tollgate:Rollouts";

    /// <summary>Configuration keys are case-insensitive, so rollout names are too.</summary>
    public RolloutOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}
