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

    /// <summary>Published schemas kept as test data beside this project (see Schemas/README.md there).</summary>
    public static string Schemas => Path.Combine(Root, "tests", "Tollgate.Infrastructure.Tests", "Schemas");

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
