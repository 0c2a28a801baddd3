#!/usr/bin/env bash
# Shows, with a real `dotnet build`, that a non-deterministic workflow does not build: copies src/Tollgate and the
# build settings to a temporary folder, puts `_ = DateTime.Now;` at the top of ClassifyWorkflow.ExecuteAsync, and
# builds. Passes (exit 0) when that build fails with DURABLE0001 as an error; fails otherwise. Nothing in the work
# tree changes. Takes seconds: the compiler stops at the error. The unit tests prove the same in-process for
# every workflow of the catalog (tests/Tollgate.Tests/Workflows/WorkflowDeterminismTests.cs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cp "$root"/{Directory.Build.props,Directory.Packages.props,global.json,.editorconfig} "$work/"
mkdir -p "$work/src"
(cd "$root/src" && tar --exclude=bin --exclude=obj -cf - Tollgate) | (cd "$work/src" && tar -xf -)

workflow="$work/src/Tollgate/Workflows/Classify/ClassifyWorkflow.cs"
# The line after the signature is the body's opening brace: add the clock read right after it.
sed -i '/protected override .*ExecuteAsync(TaskOrchestrationContext context/{n;s/{/{\n        _ = DateTime.Now;/}' "$workflow"
if ! grep -q '_ = DateTime.Now;' "$workflow"; then
  echo "Could not put DateTime.Now into $workflow: has ExecuteAsync changed shape?" >&2
  exit 2
fi

log="$work/build.log"
if dotnet build "$work/src/Tollgate/Tollgate.csproj" -c Release -nologo > "$log" 2>&1; then
  echo "FAIL: a workflow reading DateTime.Now built without error." >&2
  exit 1
fi

if grep -q 'error DURABLE0001' "$log"; then
  grep -m1 'error DURABLE0001' "$log" | sed -E "s|$work/||"
  echo "OK: the build refuses a workflow that reads DateTime.Now (DURABLE0001 is an error)."
else
  echo "FAIL: the build failed, but not with DURABLE0001:" >&2
  grep -E 'error' "$log" | head -20 >&2
  exit 1
fi
