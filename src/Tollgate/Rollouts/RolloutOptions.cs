using Microsoft.Extensions.Configuration;

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

    /// <summary>What the configuration holds that cannot be read (a misspelt key, a percentage that is not a number), by setting.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>
    /// Binds every rollout under <paramref name="section"/> strictly: a key no setting takes, or a value of the wrong type,
    /// is a problem naming the setting (the validator reports it), not a silently ignored line.
    /// </summary>
    public void Load(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (IConfigurationSection rollout in section.GetChildren())
        {
            try
            {
                this[rollout.Key] = rollout.Get<RolloutSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new RolloutSettings();
            }
            catch (InvalidOperationException ex)
            {
                Problems.Add($"{rollout.Path} cannot be read: {ex.Message}");
            }
        }
    }
}
