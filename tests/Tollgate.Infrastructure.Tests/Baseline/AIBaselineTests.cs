using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

public sealed class AIBaselineTests(CompiledTemplate template) : BaselineTest(template)
{
    [Fact]
    public void Azure_AI_DisableLocalAuth()
    {
        var accounts = Resources("Microsoft.CognitiveServices/accounts");
        AssertEach(accounts, "properties.disableLocalAuth", true);
        // Entra ID tokens are accepted only on a custom subdomain endpoint.
        foreach (var account in accounts)
        {
            Assert.False(string.IsNullOrEmpty(account.Str("properties.customSubDomainName")), $"{account.Describe()} needs a custom subdomain.");
        }
    }
}
