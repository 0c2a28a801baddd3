using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

public sealed class KeyVaultBaselineTests(CompiledTemplate template) : BaselineTest(template)
{
    private const string Vaults = "Microsoft.KeyVault/vaults";

    [Fact]
    public void Azure_KeyVault_RBAC()
    {
        AssertEach(Resources(Vaults), "properties.enableRbacAuthorization", true);
        foreach (var vault in Resources(Vaults))
        {
            Assert.Null(vault.At("properties.accessPolicies"));
        }
    }

    [Fact]
    public void Azure_KeyVault_SoftDelete() => AssertEach(Resources(Vaults), "properties.enableSoftDelete", true);

    [Fact]
    public void Azure_KeyVault_PurgeProtect() => AssertEach(Resources(Vaults), "properties.enablePurgeProtection", true);
}
