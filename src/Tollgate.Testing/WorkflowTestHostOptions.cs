using Microsoft.Extensions.DependencyInjection;

namespace Tollgate.Testing;

/// <summary>How a <see cref="WorkflowTestHost"/> is set up. The defaults suit a test on the local Azurite.</summary>
public sealed class WorkflowTestHostOptions
{
    /// <summary>The development storage (Azurite on its default ports), as the repository's tests use it.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    /// <summary>Where run, attempt and budget rows go; every host uses tables of its own (a unique prefix) and deletes them.</summary>
    public string StorageConnectionString { get; set; } = DevelopmentStorage;

    /// <summary>The fake clock's start.</summary>
    public DateTimeOffset StartTime { get; set; } = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The model catalog: <see cref="TestDeployment.Primary"/> falling back to <see cref="TestDeployment.Fallback"/> unless replaced.</summary>
    public IList<TestDeployment> Deployments { get; } = [TestDeployment.Primary, TestDeployment.Fallback];

    /// <summary>The deployment workflows call first.</summary>
    public string DefaultDeployment { get; set; } = TestDeployment.Primary.Name;

    /// <summary>Every user's monthly budget (<c>Tollgate:Budgets:DefaultMonthlyLimit</c>).</summary>
    public decimal MonthlyBudget { get; set; } = 5.00m;

    /// <summary>
    /// Further configuration, over the kit's, e.g. <c>["Tollgate:Workflows:classify:Settings:Categories:0"] = "billing"</c> or a
    /// prompt pin <c>["Tollgate:Workflows:classify:Prompts:classify"] = "2"</c>.
    /// </summary>
    public IDictionary<string, string?> Configuration { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Runs after <c>AddTollgate()</c>, to replace or add services.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
