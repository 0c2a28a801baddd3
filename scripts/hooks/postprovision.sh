#!/bin/sh
# azd post-provision hook (POSIX): writes local.settings.json at the repository root from the
# TOLLGATE_LOCAL_SETTINGS output of infra/main.bicep, so a local host uses the provisioned tables and
# models with the developer's own sign-in. An existing file is never touched: it may hold the
# developer's own settings and secrets.
set -eu

root=$(CDPATH= cd -- "$(dirname -- "$0")/../.." && pwd)
target="$root/local.settings.json"

if [ -e "$target" ]; then
  echo "local.settings.json already exists; leaving it unchanged ($target)."
  exit 0
fi

if [ -z "${TOLLGATE_LOCAL_SETTINGS:-}" ]; then
  echo "TOLLGATE_LOCAL_SETTINGS is not set: run this hook through 'azd provision' (it sets the provisioning outputs)." >&2
  exit 1
fi

tmp="$target.tmp.$$"
printf '{\n  "IsEncrypted": false,\n  "Values": %s\n}\n' "$TOLLGATE_LOCAL_SETTINGS" > "$tmp"
mv "$tmp" "$target"
echo "Wrote $target. To try a SaaS trigger locally, add its Tollgate__Triggers__<name>__* settings (with a local secret) yourself; see README, Triggers."
