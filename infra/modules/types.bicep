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

@export()
@description('A SaaS trigger (POST /api/triggers/{name}): Tollgate__Triggers__{name}__* app settings, its secrets Key Vault references.')
type trigger = {
  @description('The route name, /api/triggers/{name}: letters, digits, - and _ (a - is written _ in the setting names).')
  @minLength(1)
  @maxLength(63)
  name: string

  @description('How the sender signs deliveries.')
  kind: 'GitHub' | 'Stripe' | 'Slack' | 'StandardWebhooks'

  @description('The catalog workflow an event starts, for example classify.')
  workflow: string

  @description('The events handled, for example [\'issues.opened\']; [\'*\'] for every event.')
  @minLength(1)
  events: string[]

  @description('Per workflow input field, the JSON Pointers into the event, for example { text: [\'/issue/title\', \'/issue/body\'] }.')
  input: object

  @description('A JSON Pointer to the user in the event, for example /repository/owner/login. Set this or userId.')
  user: string?

  @description('A fixed account every run is charged to. Set this or user.')
  userId: string?

  @description('Optional: where each run the trigger starts POSTs its signed result (https; needs the callback signing secret).')
  callbackUrl: string?

  @description('Names of the Key Vault secrets holding the signing secrets: one, or two while one is rotated. The operator sets the values.')
  @minLength(1)
  @maxLength(2)
  secretNames: string[]
}

@export()
@description('A scheduled enrichment job (POST /api/jobs/{name}/items, its timer): Tollgate__Jobs__{name}__* app settings.')
type job = {
  @description('The job name: lower-case letters and digits (App Service setting names cannot hold the - a local job name may).')
  @minLength(1)
  @maxLength(63)
  name: string

  @description('NCRONTAB with seconds (six fields, UTC), for example 0 0 2 * * * for 02:00 daily.')
  schedule: string

  @description('The catalog workflow each item runs, for example enrich-lead.')
  workflow: string

  @description('The account that pays: its monthly budget is charged.')
  userId: string

  @description('Item runs in flight at once.')
  @minValue(1)
  @maxValue(256)
  parallelism: int

  @description('What one occurrence may spend, USD, as a decimal string (for example \'5.00\'); at least the workflow\'s per-run ceiling.')
  costCeiling: string
}
