#!/usr/bin/env bash
# Starts Tollgate on this machine: Azurite (installed from npm if missing), then the DevHost on
# http://localhost:7071 with the model simulator unless a real model endpoint is configured.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
ensure_azurite
trap stop_azurite EXIT INT TERM
# Development, so that src/Tollgate.DevHost/appsettings.Development.json (git-ignored: it may hold a real key) applies.
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet run --project "$REPO_ROOT/src/Tollgate.DevHost" -c Release -- "$@"
