namespace Tollgate.Infrastructure.Tests.Support;

[CollectionDefinition(Name)]
public sealed class CompiledTemplateDefinition : ICollectionFixture<CompiledTemplate>
{
    public const string Name = "compiled infra/main.bicep";
}
