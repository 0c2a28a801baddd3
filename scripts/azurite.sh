#!/usr/bin/env bash
# Sourced by start-local.sh and test.sh: installs the pinned Azurite (npm ci) if missing and starts it
# unless something already answers on its ports. Data lives in .azurite/ (git-ignored).
# Exposes AZURITE_PID (empty when an already-running Azurite is reused) and stop_azurite.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
AZURITE_DIR="$REPO_ROOT/.azurite"
AZURITE_PID=""

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

ensure_azurite() {
  if [ ! -x "$REPO_ROOT/node_modules/.bin/azurite" ]; then
    echo "Installing the pinned Azurite (npm ci)..."
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error) || return 1
  fi

  if port_open 10000 && port_open 10001 && port_open 10002; then
    echo "Azurite is already running on 10000-10002; reusing it."
    return 0
  fi

  mkdir -p "$AZURITE_DIR"
  "$REPO_ROOT/node_modules/.bin/azurite" --silent --skipApiVersionCheck --disableTelemetry --loose \
    --location "$AZURITE_DIR" --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    >"$AZURITE_DIR/azurite.log" 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 100); do
    if port_open 10000 && port_open 10001 && port_open 10002; then
      echo "Azurite started (pid $AZURITE_PID, data in .azurite/)."
      return 0
    fi
    if ! kill -0 "$AZURITE_PID" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "Azurite did not start; see $AZURITE_DIR/azurite.log" >&2
  cat "$AZURITE_DIR/azurite.log" >&2 || true
  return 1
}

stop_azurite() {
  if [ -n "$AZURITE_PID" ]; then
    kill "$AZURITE_PID" 2>/dev/null || true
    wait "$AZURITE_PID" 2>/dev/null || true
    AZURITE_PID=""
  fi
}
