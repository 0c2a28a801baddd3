#!/usr/bin/env bash
# Runs every test: starts Azurite (installed from npm if missing), checks that the Functions app
# publishes (host.json, functions.metadata, worker.config.json), runs `dotnet test Functions.sln`,
# then prints the closing line "N passed, N failed, N skipped" summed over all test assemblies.
# Exits with dotnet test's exit code.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/azurite.sh"
ensure_azurite || exit 1
trap stop_azurite EXIT

publish_dir="$REPO_ROOT/.artifacts/functions"
rm -rf "$publish_dir"
if ! dotnet publish "$REPO_ROOT/src/Tollgate.Functions" -c Release -o "$publish_dir" -nologo -v quiet; then
  echo "0 passed, 1 failed, 0 skipped"
  exit 1
fi
for file in host.json functions.metadata worker.config.json; do
  if [ ! -s "$publish_dir/$file" ]; then
    echo "The Functions publish output lacks $file." >&2
    echo "0 passed, 1 failed, 0 skipped"
    exit 1
  fi
done
echo "Functions app published to .artifacts/functions (host.json, functions.metadata, worker.config.json present)."

log="$(mktemp)"
dotnet test "$REPO_ROOT/Functions.sln" -c Release "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Each assembly ends with: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, Duration: ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- Failed: ' "$log" | sed -E \
  's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\1 \2 \3/' |
  awk '{f+=$1; p+=$2; s+=$3} END {print p+0, f+0, s+0}')
rm -f "$log"
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test could report
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
