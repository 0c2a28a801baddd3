# azd post-provision hook (PowerShell): writes local.settings.json at the repository root from the
# TOLLGATE_LOCAL_SETTINGS output of infra/main.bicep, so a local host uses the provisioned tables and
# models with the developer's own sign-in. An existing file is never touched: it may hold the
# developer's own settings and secrets.
$ErrorActionPreference = 'Stop'

$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
$target = Join-Path $root 'local.settings.json'

if (Test-Path -LiteralPath $target) {
    Write-Host "local.settings.json already exists; leaving it unchanged ($target)."
    exit 0
}

if ([string]::IsNullOrWhiteSpace($env:TOLLGATE_LOCAL_SETTINGS)) {
    Write-Error "TOLLGATE_LOCAL_SETTINGS is not set: run this hook through 'azd provision' (it sets the provisioning outputs)."
    exit 1
}

$settings = [ordered]@{
    IsEncrypted = $false
    Values      = $env:TOLLGATE_LOCAL_SETTINGS | ConvertFrom-Json
}
$settings | ConvertTo-Json -Depth 5 | Set-Content -LiteralPath $target -Encoding utf8NoBOM
Write-Host "Wrote $target. To try a SaaS trigger locally, add its Tollgate__Triggers__<name>__* settings (with a local secret) yourself; see README, Triggers."
