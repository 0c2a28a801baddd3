using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tollgate.Infrastructure.Tests.Support;
using static Tollgate.Infrastructure.Tests.Deployment.Expected.Roles;

namespace Tollgate.Infrastructure.Tests.Deployment;

/// <summary>Each role is assigned on the one resource it is for, to the app's identity and (optionally) the deploying user.</summary>
[Collection(CompiledTemplateDefinition.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplate template)
{
    private const string Storage = "Microsoft.Storage/storageAccounts";
    private const string AppInsights = "Microsoft.Insights/components";
    private const string OpenAi = "Microsoft.CognitiveServices/accounts";
    private const string KeyVault = "Microsoft.KeyVault/vaults";

    private static readonly (string Scope, string Role)[] DataRoles =
    [
        (Storage, StorageBlobDataOwner),
        (Storage, StorageQueueDataContributor),
        (Storage, StorageTableDataContributor),
        (AppInsights, MonitoringMetricsPublisher),
        (OpenAi, CognitiveServicesOpenAIUser),
    ];

    [Fact]
    public void App_identity_gets_each_role_scoped_to_its_resource()
    {
        Assert.Equal([.. DataRoles, (KeyVault, KeyVaultSecretsUser)], Grants("app-role-assignments"));
        Assert.Equal("[reference('identity').outputs.principalId.value]", template.ModuleParameter("app-role-assignments", "principalId")!.ToString());
        Assert.Equal("ServicePrincipal", template.ModuleParameter("app-role-assignments", "principalType")!.ToString());
        Assert.Null(template.Module("app-role-assignments")["condition"]);
    }

    [Fact]
    public void Deploying_user_gets_the_data_roles_only_when_principalId_is_set()
    {
        JsonObject module = template.Module("user-role-assignments");
        Assert.Equal("[not(empty(parameters('principalId')))]", module.Str("condition"));
        Assert.Equal("[parameters('principalId')]", template.ModuleParameter("user-role-assignments", "principalId")!.ToString());
        Assert.Equal("[parameters('principalType')]", template.ModuleParameter("user-role-assignments", "principalType")!.ToString());
        Assert.Equal("", template.Root.Str("parameters.principalId.defaultValue"));
        // Secrets Officer (it includes reading): the user sets the signing secrets after provisioning.
        Assert.Equal([.. DataRoles, (KeyVault, KeyVaultSecretsOfficer)], Grants("user-role-assignments"));
    }

    [Fact]
    public void No_role_is_assigned_above_the_resource_it_is_for()
    {
        IReadOnlyList<JsonObject> assignments = template.OfType("Microsoft.Authorization/roleAssignments");
        Assert.Equal(12, assignments.Count);
        foreach (JsonObject assignment in assignments)
        {
            Assert.Matches(ResourceIdScope(), assignment.Str("scope") ?? "(no scope: resource group)");
            Assert.Equal("[parameters('principalId')]", assignment.Str("properties.principalId"));
            Assert.Equal("[parameters('principalType')]", assignment.Str("properties.principalType"));
        }
    }

    /// <summary>(resource type of the scope, role definition id) of each assignment a role module makes.</summary>
    private List<(string Scope, string Role)> Grants(string deploymentName)
    {
        JsonObject moduleTemplate = template.ModuleTemplate(deploymentName);
        return template.ModuleResources(deploymentName, "Microsoft.Authorization/roleAssignments")
            .Select(assignment =>
            {
                string scope = ResourceIdScope().Match(assignment.Str("scope") ?? "").Groups[1].Value;
                string role = CompiledTemplate.InlineVariables(assignment.Str("properties.roleDefinitionId")!, moduleTemplate)
                    .Replace("parameters('keyVaultRoleId')", $"'{template.ModuleParameter(deploymentName, "keyVaultRoleId")}'", StringComparison.Ordinal);
                return (scope, Guid().Match(role).Value);
            })
            .ToList();
    }

    [GeneratedRegex(@"^\[resourceId\('([A-Za-z.]+/[A-Za-z]+)', parameters\('[A-Za-z]+'\)\)\]$")]
    private static partial Regex ResourceIdScope();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Guid();
}
