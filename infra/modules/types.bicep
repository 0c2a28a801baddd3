// Types shared by main.bicep and the modules.

@export()
@description('One Azure OpenAI model deployment and what the app needs to know to govern calls to it.')
type modelDeployment = {
  @description('Model name, for example gpt-4.1-mini. Also used as the deployment name.')
  model: string

  @description('Model version, for example 2025-04-14.')
  version: string

  @description('Deployment SKU: GlobalStandard, DataZoneStandard or Standard.')
  sku: 'GlobalStandard' | 'DataZoneStandard' | 'Standard'

  @description('Capacity in thousands of tokens per minute.')
  @minValue(1)
  capacity: int

  @description('Price of one million input tokens, as a decimal string (the app parses it as decimal money).')
  inputPricePerMillion: string

  @description('Price of one million cached input tokens, as a decimal string.')
  cachedInputPricePerMillion: string

  @description('Price of one million output tokens, as a decimal string.')
  outputPricePerMillion: string

  @description('Context window in tokens; the app fits prompts to it.')
  @minValue(1)
  contextWindow: int
}
