// Tollgate on Azure: a Flex Consumption function app with Durable Functions (Azure Storage backend),
// Azure OpenAI, Key Vault and Application Insights, all reached with Entra ID. No keys anywhere.
// Deployed by `azd up`; docs/deployment.md explains every resource, role and setting.

targetScope = 'subscription'

import { job, modelDeployment, trigger } from 'modules/types.bicep'

@minLength(1)
@maxLength(64)
@description('azd environment name; seeds the resource token and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Region for all resources; must offer Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Region of the Azure OpenAI account; must offer the chosen models and SKUs. Defaults to location.')
param openAiLocation string = location

@description('Object id of the deploying user or service principal. When set, it gets the app\'s data roles (and may set Key Vault secrets) so local runs can use the cloud resources. Empty: no roles.')
param principalId string = ''

@description('Kind of principalId.')
@allowed(['User', 'ServicePrincipal'])
param principalType string = 'User'

@description('Durable Functions task hub name (letters and digits, starting with a letter).')
@minLength(3)
@maxLength(45)
param taskHubName string = 'tollgate'

@description('The model the app calls first (catalog entry "primary").')
param primaryModel modelDeployment = {
  model: 'gpt-4.1-mini'
  version: '2025-04-14'
  sku: 'GlobalStandard'
  capacity: 50
  inputPricePerMillion: '0.40'
  cachedInputPricePerMillion: '0.10'
  outputPricePerMillion: '1.60'
  contextWindow: 1047576
}

@description('The cheaper model the app falls back to (catalog entry "fallback"). Must be a different model from the primary.')
param fallbackModel modelDeployment = {
  model: 'gpt-4.1-nano'
  version: '2025-04-14'
  sku: 'GlobalStandard'
  capacity: 50
  inputPricePerMillion: '0.10'
  cachedInputPricePerMillion: '0.025'
  outputPricePerMillion: '0.40'
  contextWindow: 1047576
}

@description('What each user may spend on models per calendar month (UTC), in USD, unless their row in the Budgets table says otherwise. A decimal string (the app parses it as decimal money).')
param defaultMonthlyBudget string = '5.00'

@description('SaaS triggers (POST /api/triggers/{name}), each with its kind, workflow, events, input mapping, user and the Key Vault secret names of its signing secrets. None by default.')
param triggers trigger[] = []

@description('Scheduled enrichment jobs, each with its schedule, workflow, paying account, parallelism and cost ceiling. None by default.')
param jobs job[] = []

@description('Upper bound of function app instances.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory of each function app instance.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

// ---- Names the app depends on: keep in step with the app's constants and docs/deployment.md ----

// azure.yaml service key; azd finds the app by its azd-service-name tag.
var serviceName = 'api'
// Tables and queues the app uses (created here so a fresh account needs no set-up step).
var storageTables = ['Runs', 'Budgets', 'ResponseCache', 'RolloutRuns', 'JobItems']
var storageQueues = ['workflow-requests', 'workflow-requests-poison']
// Key Vault secret behind Tollgate__Callbacks__SigningSecret (signs result callbacks to callers' receivers).
var callbackSigningSecretName = 'callback-signing-secret'
// The vault's URI from its name, known before deployment: ARM does not allow reference() inside the lambdas below.
var triggerKeyVaultUri = 'https://${names.keyVault}${environment().suffixes.keyvaultDns}/'
// Each trigger's settings, Tollgate__Triggers__{name}__*: its name with '-' as '_' (App Service setting names cannot
// hold '-'), each event, secret and input field's pointers indexed, and each signing secret a Key
// Vault reference to the secret the operator sets (docs/deployment.md). Until it is set, the trigger answers 503.
var triggerAppSettings = reduce(triggers, {}, (settings, t) => union(settings, {
    'Tollgate__Triggers__${replace(t.name, '-', '_')}__Kind': t.kind
    'Tollgate__Triggers__${replace(t.name, '-', '_')}__Workflow': t.workflow
  },
  toObject(range(0, length(t.events)), i => 'Tollgate__Triggers__${replace(t.name, '-', '_')}__Events__${i}', i => t.events[i]),
  empty(t.?user ?? '') ? {} : { 'Tollgate__Triggers__${replace(t.name, '-', '_')}__User': t.?user ?? '' },
  empty(t.?userId ?? '') ? {} : { 'Tollgate__Triggers__${replace(t.name, '-', '_')}__UserId': t.?userId ?? '' },
  empty(t.?callbackUrl ?? '') ? {} : { 'Tollgate__Triggers__${replace(t.name, '-', '_')}__CallbackUrl': t.?callbackUrl ?? '' },
  toObject(range(0, length(t.secretNames)), i => 'Tollgate__Triggers__${replace(t.name, '-', '_')}__Secrets__${i}',
    i => '@Microsoft.KeyVault(SecretUri=${triggerKeyVaultUri}secrets/${t.secretNames[i]})'),
  reduce(items(t.input), {}, (fields, field) => union(fields, toObject(range(0, length(field.value)),
    i => 'Tollgate__Triggers__${replace(t.name, '-', '_')}__Input__${field.key}__${i}', i => field.value[i])))))

// Each job's settings, Tollgate__Jobs__{name}__*; merged into the app settings with the triggers'.
var jobAppSettings = reduce(jobs, {}, (settings, j) => union(settings, {
  'Tollgate__Jobs__${j.name}__Schedule': j.schedule
  'Tollgate__Jobs__${j.name}__Workflow': j.workflow
  'Tollgate__Jobs__${j.name}__UserId': j.userId
  'Tollgate__Jobs__${j.name}__Parallelism': string(j.parallelism)
  'Tollgate__Jobs__${j.name}__CostCeiling': j.costCeiling
}))

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}
var names = {
  identity: '${abbrs.managedIdentityUserAssignedIdentities}${serviceName}-${resourceToken}'
  storage: '${abbrs.storageStorageAccounts}${resourceToken}'
  deploymentContainer: 'app-package-${resourceToken}'
  logAnalytics: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
  applicationInsights: '${abbrs.insightsComponents}${resourceToken}'
  openAi: '${abbrs.cognitiveServicesAccounts}${resourceToken}'
  keyVault: '${abbrs.keyVaultVaults}${resourceToken}'
  plan: '${abbrs.webServerFarms}${resourceToken}'
  functionApp: '${abbrs.webSitesFunctions}${serviceName}-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourcesResourceGroups}${environmentName}'
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    deploymentContainerName: names.deploymentContainer
    tables: storageTables
    queues: storageQueues
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.applicationInsights
    location: location
    tags: tags
  }
}

module openAi 'modules/openai.bicep' = {
  name: 'openai'
  scope: rg
  params: {
    name: names.openAi
    location: openAiLocation
    tags: tags
    deployments: [primaryModel, fallbackModel]
  }
}

module keyVault 'modules/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
  }
}

module functionApp 'modules/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  // Start the app only once its identity may read storage, Key Vault and the models.
  dependsOn: [appRoles]
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    tags: tags
    serviceName: serviceName
    identityId: identity.outputs.id
    storageBlobEndpoint: storage.outputs.blobEndpoint
    deploymentContainerName: names.deploymentContainer
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    // Every setting the app reads in Azure ("__" separates configuration sections). Written out key by
    // key, not merged, so the compiled template names each one and the tests can check them.
    appSettings: {
      // Host storage and the Durable task hub, with the user-assigned identity (no connection string).
      AzureWebJobsStorage__accountName: storage.outputs.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.outputs.clientId
      TaskHubName: taskHubName
      // DefaultAzureCredential in the app picks the user-assigned identity.
      AZURE_CLIENT_ID: identity.outputs.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.applicationInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
      Tollgate__Storage__TableServiceUri: storage.outputs.tableEndpoint
      Tollgate__Models__DefaultDeployment: 'primary'
      Tollgate__Models__Deployments__primary__Kind: 'AzureOpenAI'
      Tollgate__Models__Deployments__primary__Endpoint: openAi.outputs.endpoint
      Tollgate__Models__Deployments__primary__Deployment: primaryModel.model
      Tollgate__Models__Deployments__primary__InputPricePerMillion: primaryModel.inputPricePerMillion
      Tollgate__Models__Deployments__primary__CachedInputPricePerMillion: primaryModel.cachedInputPricePerMillion
      Tollgate__Models__Deployments__primary__OutputPricePerMillion: primaryModel.outputPricePerMillion
      Tollgate__Models__Deployments__primary__ContextWindow: string(primaryModel.contextWindow)
      Tollgate__Models__Deployments__primary__Fallback: 'fallback'
      Tollgate__Models__Deployments__fallback__Kind: 'AzureOpenAI'
      Tollgate__Models__Deployments__fallback__Endpoint: openAi.outputs.endpoint
      Tollgate__Models__Deployments__fallback__Deployment: fallbackModel.model
      Tollgate__Models__Deployments__fallback__InputPricePerMillion: fallbackModel.inputPricePerMillion
      Tollgate__Models__Deployments__fallback__CachedInputPricePerMillion: fallbackModel.cachedInputPricePerMillion
      Tollgate__Models__Deployments__fallback__OutputPricePerMillion: fallbackModel.outputPricePerMillion
      Tollgate__Models__Deployments__fallback__ContextWindow: string(fallbackModel.contextWindow)
      // The end of the fallback chain: empty means no fallback.
      Tollgate__Models__Deployments__fallback__Fallback: ''
      Tollgate__Intake__MaxBodyBytes: '262144'
      // Largest items body POST /api/jobs/{name}/items accepts (JSON lines or CSV), 4 MiB.
      Tollgate__Intake__MaxItemsBodyBytes: '4194304'
      Tollgate__Budgets__DefaultMonthlyLimit: defaultMonthlyBudget
      // How long an expired response-cache entry is kept for stale-serving before the hourly sweep deletes it.
      Tollgate__Cache__StaleRetention: '7.00:00:00'
      // Signed result callbacks: the signing secret as a Key Vault reference (unresolved means callbacks are off, and a run
      // request naming a callbackUrl is refused), and the delivery schedule.
      Tollgate__Callbacks__SigningSecret: '@Microsoft.KeyVault(SecretUri=${keyVault.outputs.uri}secrets/${callbackSigningSecretName})'
      Tollgate__Callbacks__MaxAttempts: '6'
      Tollgate__Callbacks__FirstRetryDelay: '00:00:10'
      Tollgate__Callbacks__Timeout: '00:00:10'
    }
    triggerSettings: union(triggerAppSettings, jobAppSettings)
  }
}

module appRoles 'modules/role-assignments.bicep' = {
  name: 'app-role-assignments'
  scope: rg
  // The role module takes names, known before deployment, so What-If can predict its assignments.
  dependsOn: [storage, monitoring, openAi, keyVault]
  params: {
    principalId: identity.outputs.principalId
    principalName: names.identity
    principalType: 'ServicePrincipal'
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    openAiName: names.openAi
    keyVaultName: names.keyVault
    keyVaultRoleId: '4633458b-17de-408a-b874-0445c86b69e6' // Key Vault Secrets User
  }
}

module userRoles 'modules/role-assignments.bicep' = if (!empty(principalId)) {
  name: 'user-role-assignments'
  scope: rg
  dependsOn: [storage, monitoring, openAi, keyVault]
  params: {
    principalId: principalId
    principalName: principalId
    principalType: principalType
    storageAccountName: names.storage
    applicationInsightsName: names.applicationInsights
    openAiName: names.openAi
    keyVaultName: names.keyVault
    keyVaultRoleId: 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7' // Key Vault Secrets Officer: the user sets the secrets
  }
}

// ---- Outputs: azd stores them in .azure/<env>/.env; the post-provision hook reads them ----

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output SERVICE_API_NAME string = functionApp.outputs.name
output SERVICE_API_URI string = functionApp.outputs.uri
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_STORAGE_TABLE_ENDPOINT string = storage.outputs.tableEndpoint
output AZURE_OPENAI_ENDPOINT string = openAi.outputs.endpoint
output AZURE_OPENAI_DEPLOYMENTS string[] = openAi.outputs.deploymentNames
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_KEY_VAULT_URI string = keyVault.outputs.uri
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString
output TASK_HUB_NAME string = taskHubName

// Values for local.settings.json: host state stays in Azurite (a local host never takes the deployed
// app's queue messages or task hub work); Tollgate's tables (under a "local" prefix) and the models
// are the provisioned ones, reached with the developer's own Entra ID sign-in.
output TOLLGATE_LOCAL_SETTINGS object = {
  FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
  AzureWebJobsStorage: 'UseDevelopmentStorage=true'
  TaskHubName: taskHubName
  Tollgate__Storage__TableServiceUri: storage.outputs.tableEndpoint
  Tollgate__Storage__TablePrefix: 'local'
  Tollgate__Models__DefaultDeployment: 'primary'
  Tollgate__Models__Deployments__primary__Kind: 'AzureOpenAI'
  Tollgate__Models__Deployments__primary__Endpoint: openAi.outputs.endpoint
  Tollgate__Models__Deployments__primary__Deployment: primaryModel.model
  Tollgate__Models__Deployments__primary__InputPricePerMillion: primaryModel.inputPricePerMillion
  Tollgate__Models__Deployments__primary__CachedInputPricePerMillion: primaryModel.cachedInputPricePerMillion
  Tollgate__Models__Deployments__primary__OutputPricePerMillion: primaryModel.outputPricePerMillion
  Tollgate__Models__Deployments__primary__ContextWindow: string(primaryModel.contextWindow)
  Tollgate__Models__Deployments__primary__Fallback: 'fallback'
  Tollgate__Models__Deployments__fallback__Kind: 'AzureOpenAI'
  Tollgate__Models__Deployments__fallback__Endpoint: openAi.outputs.endpoint
  Tollgate__Models__Deployments__fallback__Deployment: fallbackModel.model
  Tollgate__Models__Deployments__fallback__InputPricePerMillion: fallbackModel.inputPricePerMillion
  Tollgate__Models__Deployments__fallback__CachedInputPricePerMillion: fallbackModel.cachedInputPricePerMillion
  Tollgate__Models__Deployments__fallback__OutputPricePerMillion: fallbackModel.outputPricePerMillion
  Tollgate__Models__Deployments__fallback__ContextWindow: string(fallbackModel.contextWindow)
  Tollgate__Models__Deployments__fallback__Fallback: ''
  Tollgate__Intake__MaxBodyBytes: '262144'
  Tollgate__Intake__MaxItemsBodyBytes: '4194304'
  Tollgate__Budgets__DefaultMonthlyLimit: defaultMonthlyBudget
  Tollgate__Cache__StaleRetention: '7.00:00:00'
  Tollgate__Callbacks__MaxAttempts: '6'
  Tollgate__Callbacks__FirstRetryDelay: '00:00:10'
  Tollgate__Callbacks__Timeout: '00:00:10'
}
