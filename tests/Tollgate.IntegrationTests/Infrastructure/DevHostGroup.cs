namespace Tollgate.IntegrationTests.Infrastructure;

[CollectionDefinition(Name)]
public sealed class DevHostGroup : ICollectionFixture<DevHostFixture>
{
    public const string Name = "DevHost";
}
