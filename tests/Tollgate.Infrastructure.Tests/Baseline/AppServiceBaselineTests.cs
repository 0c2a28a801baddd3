using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

public sealed class AppServiceBaselineTests(CompiledTemplate template) : BaselineTest(template)
{
    private const string Sites = "Microsoft.Web/sites";

    [Fact]
    public void Azure_AppService_UseHTTPS() => AssertEach(Resources(Sites), "properties.httpsOnly", true);

    [Fact]
    public void Azure_AppService_MinTLS()
    {
        AssertEach(Resources(Sites), "properties.siteConfig.minTlsVersion", "1.2");
        AssertEach(Resources(Sites), "properties.siteConfig.scmMinTlsVersion", "1.2");
    }

    [Fact]
    public void Azure_AppService_ManagedIdentity()
    {
        AssertEach(Resources(Sites), "identity.type", "UserAssigned");
        foreach (var site in Resources(Sites))
        {
            Assert.True(site.At("identity.userAssignedIdentities")?.AsObject().Count == 1, $"{site.Describe()} must run as exactly one user-assigned identity.");
        }
    }

    [Fact]
    public void Azure_AppService_RemoteDebug() => AssertEach(Resources(Sites), "properties.siteConfig.remoteDebuggingEnabled", false);

    /// <summary>PSRule has no rule for this; Azure Policy's "FTPS only should be required" is weaker (FtpsOnly passes).</summary>
    [Fact]
    public void AppService_FtpsDisabled() => AssertEach(Resources(Sites), "properties.siteConfig.ftpsState", "Disabled");

    /// <summary>No deployment with site credentials: FTP and SCM basic auth are off (azd deploys with an Entra ID token).</summary>
    [Fact]
    public void AppService_BasicPublishingCredentialsDisabled()
    {
        var policies = Resources("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Contains(policies, policy => policy.Str("name")!.EndsWith("'ftp')]", StringComparison.Ordinal));
        Assert.Contains(policies, policy => policy.Str("name")!.EndsWith("'scm')]", StringComparison.Ordinal));
        AssertEach(policies, "properties.allow", false);
    }
}
