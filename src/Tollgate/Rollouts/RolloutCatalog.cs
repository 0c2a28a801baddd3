using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Tollgate.Rollouts;

/// <summary>
/// The rollouts as configuration says now. Read through <see cref="IOptionsMonitor{TOptions}"/> on every call, so a
/// reloaded configuration (a changed percentage, a new rollout, one removed) applies to the next model call without a
/// redeploy. A reload that fails validation does not stop model calls: the last valid rollouts stay in force, and the
/// failure is logged until the configuration is fixed.
/// </summary>
public sealed partial class RolloutCatalog(IOptionsMonitor<RolloutOptions> monitor, ILogger<RolloutCatalog> logger)
{
    private volatile Snapshot? _last;
    private string? _loggedFailure;

    /// <summary>Every rollout in force.</summary>
    public IReadOnlyList<Rollout> All => Current().Rollouts;

    /// <summary>The rollout named <paramref name="name"/> (any case), or null.</summary>
    public Rollout? Get(string name) => Current().Rollouts.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rollout of <paramref name="workflow"/>'s step <paramref name="step"/>, or null (a step has at most one).</summary>
    public Rollout? Find(string workflow, string step) =>
        Current().Rollouts.FirstOrDefault(r => r.Workflow == workflow && r.Step == step);

    private Snapshot Current()
    {
        RolloutOptions options;
        try
        {
            options = monitor.CurrentValue;
        }
        catch (Exception ex) when ((ex is OptionsValidationException or InvalidOperationException) && _last is not null)
        {
            if (!string.Equals(Interlocked.Exchange(ref _loggedFailure, ex.Message), ex.Message, StringComparison.Ordinal))
            {
                LogInvalidReload(ex.Message);
            }

            return _last!;
        }

        Snapshot? last = _last;
        if (last is not null && ReferenceEquals(last.Options, options))
        {
            return last;
        }

        var snapshot = new Snapshot(options, [.. options.Select(pair => From(pair.Key, pair.Value))]);
        _last = snapshot;
        _loggedFailure = null;
        return snapshot;
    }

    // Validated (RolloutOptionsValidator): every field is set.
    private static Rollout From(string name, RolloutSettings settings) =>
        new(name, settings.Workflow!, settings.Step!, settings.Current!, settings.Candidate!, settings.Percentage!.Value, settings.Salt!);

    [LoggerMessage(Level = LogLevel.Error, Message = "The reloaded rollout configuration is invalid; the last valid rollouts stay in force: {Failure}")]
    private partial void LogInvalidReload(string failure);

    private sealed record Snapshot(RolloutOptions Options, IReadOnlyList<Rollout> Rollouts);
}
