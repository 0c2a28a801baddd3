using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

public sealed class StorageBaselineTests(CompiledTemplate template) : BaselineTest(template)
{
    private const string Accounts = "Microsoft.Storage/storageAccounts";

    [Fact]
    public void Azure_Storage_SecureTransfer() => AssertEach(Resources(Accounts), "properties.supportsHttpsTrafficOnly", true);

    [Fact]
    public void Azure_Storage_MinTLS() => AssertEach(Resources(Accounts), "properties.minimumTlsVersion", "TLS1_2");

    [Fact]
    public void Azure_Storage_BlobPublicAccess()
    {
        AssertEach(Resources(Accounts), "properties.allowBlobPublicAccess", false);
        AssertEach(Resources("Microsoft.Storage/storageAccounts/blobServices/containers"), "properties.publicAccess", "None");
    }

    [Fact]
    public void Azure_Storage_LocalAuth()
    {
        AssertEach(Resources(Accounts), "properties.allowSharedKeyAccess", false);
        AssertEach(Resources(Accounts), "properties.defaultToOAuthAuthentication", true);
    }
}
