using System.Text.Json.Nodes;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests;

/// <summary>
/// Runs the POSIX post-provision hook from a copy of the repository layout (scripts/hooks/ under a temporary
/// root), the way azd runs it, and checks the local.settings.json it writes. (pwsh is not on this machine.)
/// </summary>
public sealed class PostProvisionHookTests : IDisposable
{
    private const string Outputs = """{"FUNCTIONS_WORKER_RUNTIME":"dotnet-isolated","Tollgate__Models__DefaultDeployment":"primary","Tollgate__Intake__MaxBodyBytes":"262144"}""";

    private readonly string _root = Directory.CreateTempSubdirectory("tollgate-hook-").FullName;

    public PostProvisionHookTests()
    {
        string hooks = Directory.CreateDirectory(Path.Combine(_root, "scripts", "hooks")).FullName;
        File.Copy(Path.Combine(Repository.Hooks, "postprovision.sh"), Path.Combine(hooks, "postprovision.sh"));
    }

    private string SettingsFile => Path.Combine(_root, "local.settings.json");

    [Fact]
    public void Writes_local_settings_from_the_provisioning_outputs()
    {
        ProcessResult result = RunHook(Outputs);

        Assert.True(result.ExitCode == 0, result.Output);
        JsonNode settings = JsonNode.Parse(File.ReadAllText(SettingsFile))!;
        Assert.False(settings.Bool("IsEncrypted"));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Outputs), settings["Values"]));
    }

    [Fact]
    public void Leaves_an_existing_local_settings_file_alone()
    {
        const string Existing = """{"IsEncrypted":false,"Values":{"Mine":"keep"}}""";
        File.WriteAllText(SettingsFile, Existing);

        ProcessResult result = RunHook(Outputs);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(Existing, File.ReadAllText(SettingsFile));
    }

    [Fact]
    public void Fails_without_the_provisioning_outputs_and_writes_nothing()
    {
        ProcessResult result = RunHook(outputs: null);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("TOLLGATE_LOCAL_SETTINGS", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(SettingsFile));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Newer azd runs a hook from the script's folder, older azd from the project root: the script must
    // find the repository root itself, so it is run here from its own folder.
    private ProcessResult RunHook(string? outputs)
    {
        string hooks = Path.Combine(_root, "scripts", "hooks");
        return ProcessRunner.Run("sh", [Path.Combine(hooks, "postprovision.sh")], workingDirectory: hooks,
            environment: new Dictionary<string, string?> { ["TOLLGATE_LOCAL_SETTINGS"] = outputs });
    }
}
