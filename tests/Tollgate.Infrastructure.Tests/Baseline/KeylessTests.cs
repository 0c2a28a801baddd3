using System.Text.RegularExpressions;
using Tollgate.Infrastructure.Tests.Support;

namespace Tollgate.Infrastructure.Tests.Baseline;

/// <summary>No key or connection string is read from a resource and handed on: everything uses Entra ID.</summary>
public sealed partial class KeylessTests(CompiledTemplate template) : BaselineTest(template)
{
    [Fact]
    public void No_connection_string_or_key_is_built_from_listKeys()
    {
        // listKeys, listAccountSas, listServiceSas, listConnectionStrings, listCredentials, listSecrets, ...
        string[] calls = ListFunctionCall().Matches(Template.Text).Select(match => match.Value).Distinct().ToArray();
        Assert.True(calls.Length == 0, $"The template reads secrets with {string.Join(", ", calls)}.");
    }

    [Theory]
    [InlineData("AccountKey=")]
    [InlineData("SharedAccessSignature=")]
    [InlineData("SharedAccessKey=")]
    [InlineData("DefaultEndpointsProtocol=")]
    public void No_key_based_connection_string_appears(string fragment) =>
        Assert.DoesNotContain(fragment, Template.Text, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void No_secret_value_is_declared()
    {
        Assert.Empty(Template.OfType("Microsoft.KeyVault/vaults/secrets"));
        foreach (var resource in Template.AllResources)
        {
            Assert.Null(resource.At("properties.template.parameters")?.AsObject()
                .FirstOrDefault(parameter => parameter.Value.Str("type") is "securestring" or "secureObject" && parameter.Value.At("defaultValue") is not null).Key);
        }
    }

    [GeneratedRegex(@"\blist(?:[A-Z][A-Za-z]*)?\s*\(")]
    private static partial Regex ListFunctionCall();
}
