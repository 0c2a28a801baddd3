using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

public sealed class AppInsightsBaselineTests(CompiledTemplate template) : BaselineTest(template)
{
    [Fact]
    public void Azure_AppInsights_LocalAuth() => AssertEach(Resources("Microsoft.Insights/components"), "properties.DisableLocalAuth", true);

    [Fact]
    public void Azure_AppInsights_Workspace()
    {
        foreach (var component in Resources("Microsoft.Insights/components"))
        {
            Assert.False(string.IsNullOrEmpty(component.Str("properties.WorkspaceResourceId")), $"{component.Describe()} must be workspace-based.");
        }
    }
}
