using System.Reflection;

namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>
/// The bicep binary from the Azure.Bicep.CommandLine.linux-x64 NuGet package (its path is baked into this
/// assembly at build time). BICEP_PATH overrides it, for example on a machine that is not linux-x64.
/// </summary>
internal static class BicepCli
{
    private static readonly Lazy<string> Executable = new(Locate);

    public static ProcessResult Run(params string[] arguments) => ProcessRunner.Run(Executable.Value, arguments);

    /// <summary>Compiles a Bicep file to ARM JSON, or fails with bicep's own diagnostics.</summary>
    public static string Build(string bicepFile)
    {
        ProcessResult result = Run("build", bicepFile, "--stdout");
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build {bicepFile} failed ({result.ExitCode}):\n{result.StandardError}");
        }

        return result.StandardOutput;
    }

    private static string Locate()
    {
        string? path = Environment.GetEnvironmentVariable("BICEP_PATH");
        if (string.IsNullOrEmpty(path))
        {
            path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(attribute => attribute.Key == "BicepPath").Value;
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No bicep binary at {path}. Restore the test project (dotnet restore) or set BICEP_PATH.", path);
        }

        // NuGet does not always keep the executable bit of packaged files.
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
            {
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
            }
        }

        return path;
    }
}
