namespace Tollgate.Infrastructure.Tests.Support;

/// <summary>Paths of the files under test, found from the repository root (the folder with Functions.sln).</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Infra => Path.Combine(Root, "infra");

    public static string MainBicep => Path.Combine(Infra, "main.bicep");

    public static string AzureYaml => Path.Combine(Root, "azure.yaml");

    public static string HostJson => Path.Combine(Root, "host.json");

    public static string Hooks => Path.Combine(Root, "scripts", "hooks");

    /// <summary>The shared schemas sit beside the repository (../shared/schemas), also in CI's clean clone.</summary>
    public static string SharedSchemas
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "schemas"));
            if (!Directory.Exists(path))
            {
                throw new DirectoryNotFoundException(
                    $"The JSON schemas for azure.yaml and host.json are expected in {path} (a copy of shared/ beside the repository). " +
                    "Put shared/ there, or skip these tests with --filter \"Category!=Schema\".");
            }

            return path;
        }
    }

    public static string Read(params string[] relativePath) => File.ReadAllText(Path.Combine([Root, .. relativePath]));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Functions.sln above {AppContext.BaseDirectory}: run the tests from the repository.");
    }
}
