namespace Tollgate.Runs;

/// <summary>How a run replays another.</summary>
public enum ReplayMode
{
    /// <summary>The workflow code runs again; every model call is answered from the original run's record. Costs nothing.</summary>
    Recorded,

    /// <summary>The workflow runs again with the original input and calls the models for real; the outputs are compared.</summary>
    Live,
}
