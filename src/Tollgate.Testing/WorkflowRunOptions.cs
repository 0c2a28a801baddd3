namespace Tollgate.Testing;

/// <summary>What one test run changes from the host's configuration.</summary>
public sealed record WorkflowRunOptions
{
    /// <summary>
    /// The workflow's settings for this run (an instance of its settings type, e.g. <c>ClassifySettings</c>), instead of those
    /// configuration gives it. Checked against the type's data annotations, as start-up checks configured settings.
    /// </summary>
    public object? Settings { get; init; }

    /// <summary>Prompt versions pinned per step for this run, over configuration's pins.</summary>
    public IReadOnlyDictionary<string, int>? PromptVersions { get; init; }

    /// <summary>The run id (32 lower-case hex characters); null: a new UUIDv7 from the fake clock.</summary>
    public string? RunId { get; init; }
}
