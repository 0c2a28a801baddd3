// Azure OpenAI account with local (key) authentication off and a custom subdomain (required for
// Entra ID tokens), plus the model deployments the app's catalog names.

import { modelDeployment } from 'types.bicep'

@description('Account name; also the custom subdomain of its endpoint.')
param name string

@description('Region; must offer the chosen models and SKUs.')
param location string

@description('Tags for the account.')
param tags object

@description('Model deployments, created in this order.')
param deployments modelDeployment[]

resource account 'Microsoft.CognitiveServices/accounts@2024-10-01' = {
  name: name
  location: location
  tags: tags
  kind: 'OpenAI'
  sku: {
    name: 'S0'
  }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
    }
  }
}

// One at a time: the service rejects concurrent deployment operations on one account.
@batchSize(1)
resource modelDeployments 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = [
  for deployment in deployments: {
    parent: account
    name: deployment.model
    sku: {
      name: deployment.sku
      capacity: deployment.capacity
    }
    properties: {
      model: {
        format: 'OpenAI'
        name: deployment.model
        version: deployment.version
      }
      // Keep the pinned version (recorded runs name it) until Azure retires it.
      versionUpgradeOption: 'OnceCurrentVersionExpired'
    }
  }
]

output id string = account.id
output name string = account.name
output endpoint string = account.properties.endpoint
output deploymentNames string[] = [for (deployment, i) in deployments: modelDeployments[i].name]
