using System.Runtime.CompilerServices;

namespace Tollgate.Workflows.Tests.Replay;

/// <summary>The exported runs under <c>Fixtures/</c>: one per shipped workflow, named <c>{workflow}.run.json</c>.</summary>
internal static class ReplayFixtures
{
    /// <summary>Set to 1 to write the fixtures anew (see Fixtures/README.md).</summary>
    public const string RegenerateVariable = "TOLLGATE_REGENERATE_REPLAY_FIXTURES";

    /// <summary>The fixture as copied next to the test assembly.</summary>
    public static string Read(string workflow) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", FileName(workflow)));

    /// <summary>The fixture's path in the source tree, where regeneration writes it.</summary>
    public static string SourcePath(string workflow, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(here))!, "Fixtures", FileName(workflow));

    private static string FileName(string workflow) => $"{workflow}.run.json";
}
