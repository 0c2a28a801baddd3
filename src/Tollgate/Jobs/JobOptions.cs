using Microsoft.Extensions.Configuration;

namespace Tollgate.Jobs;

/// <summary>
/// The enrichment jobs configuration declares, by name (<c>Tollgate:Jobs:{name}:…</c>), bound strictly like rollouts:
/// a key no setting takes, or a value of the wrong type, is a problem naming the setting, reported by
/// <see cref="JobOptionsValidator"/> at start-up.
/// </summary>
public sealed class JobOptions : Dictionary<string, JobSettings>
{
    public const string SectionName = "Tollgate:Jobs";

    /// <summary>Configuration keys are case-insensitive, so job names are too.</summary>
    public JobOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>What the configuration holds that cannot be read, by setting.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Binds every job under <paramref name="section"/>.</summary>
    public void Load(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        foreach (IConfigurationSection job in section.GetChildren())
        {
            try
            {
                this[job.Key] = job.Get<JobSettings>(o => o.ErrorOnUnknownConfiguration = true) ?? new JobSettings();
            }
            catch (InvalidOperationException ex)
            {
                Problems.Add($"{job.Path} cannot be read: {ex.Message}");
            }
        }
    }
}
