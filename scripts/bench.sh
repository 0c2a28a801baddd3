#!/usr/bin/env bash
# Reproduces docs/benchmarks.md:
#  1. cold start: from launching scripts/start-local.sh (Azurite stopped, build up to date) to the first
#     served request on :7071, beside the same measure for the bare model simulator (`dotnet run` of a
#     minimal ASP.NET Core app of ours) as the baseline;
#  2. end-to-end latency of summarize runs (bench/Tollgate.Benchmarks), beside the bare SDK call; and of classify
#     runs answered from the response cache, beside the same run sent to the model (Cache-Control: no-cache);
#  3. concurrency: 1, 10 and 100 runs started at once, at 0 and 200 ms simulated model latency, distinct users and
#     one user, on the Azure Storage backend beside the in-memory backend as the baseline (about 6 minutes);
#  4. trimming: the gateway's tokenizer work for a summarize call trimmed to a window, beside the same work for an
#     untrimmed call, in one process (no storage; under a minute).
# Usage: scripts/bench.sh [cold-start-repeats=5] [runs=20]   (scripts/bench.sh load runs only part 3;
#        scripts/bench.sh latency [runs=20] only part 2, reusing an Azurite that is already running;
#        scripts/bench.sh trim [calls=200] only part 4;
#        scripts/bench.sh job [items=1000] [parallelism=32] [latency-ms=200]: an enrichment job from outside, its duration
#        beside the ideal items ÷ parallelism × enrich-lead's two model calls, reusing an Azurite that is already running)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${1:-}" = "trim" ]; then
  dotnet build bench/Tollgate.Benchmarks -c Release -v quiet -nologo >/dev/null
  dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- trim "${2:-200}"
  exit 0
fi
if [ "${1:-}" = "latency" ]; then
  dotnet build bench/Tollgate.Benchmarks -c Release -v quiet -nologo >/dev/null
  source scripts/azurite.sh
  ensure_azurite >/dev/null
  trap stop_azurite EXIT
  dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- "${2:-20}"
  exit 0
fi
if [ "${1:-}" = "job" ]; then
  dotnet build bench/Tollgate.Benchmarks -c Release -v quiet -nologo >/dev/null
  source scripts/azurite.sh
  ensure_azurite >/dev/null
  trap stop_azurite EXIT
  dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- job "${2:-1000}" "${3:-32}" "${4:-200}"
  exit 0
fi
if [ "${1:-}" = "load" ]; then
  dotnet build bench/Tollgate.Benchmarks -c Release -v quiet -nologo >/dev/null
  source scripts/azurite.sh
  ensure_azurite >/dev/null
  trap stop_azurite EXIT
  dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- load
  exit 0
fi
REPEATS="${1:-5}"
RUNS="${2:-20}"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if port_open 7071 || port_open 10002 || port_open 7072; then
  echo "Stop whatever listens on 7071, 7072 or 10000-10002 first (the cold start includes Azurite)." >&2
  exit 1
fi

echo "Building (Release) so that the measurements exclude compilation..."
dotnet build Functions.sln -c Release -v quiet -nologo >/dev/null
npm ci --no-audit --no-fund --loglevel=error >/dev/null

# Time (ms) from launching a command until $2 answers an HTTP request; then stops the command.
time_to_first_response() {
  local url="$2" started pid elapsed
  started=$(date +%s%N)
  setsid bash -c "$1" >/dev/null 2>&1 &
  pid=$!
  until curl -s -o /dev/null "$url"; do sleep 0.02; done
  elapsed=$(( ($(date +%s%N) - started) / 1000000 ))
  kill -- -"$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  while port_open 7071 || port_open 7072 || port_open 10002; do sleep 0.1; done
  echo "$elapsed"
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

base=(); full=()
for _ in $(seq 1 "$REPEATS"); do
  base+=("$(time_to_first_response "dotnet run -c Release --project src/Tollgate.ModelSimulator" http://127.0.0.1:7072/simulator/requests)")
  full+=("$(time_to_first_response "scripts/start-local.sh" http://localhost:7071/api/runs/0)")
done
echo "cold start, baseline (model simulator alone, same dotnet run): median $(printf '%s\n' "${base[@]}" | median) ms  [${base[*]}]"
echo "cold start, scripts/start-local.sh (Azurite + DevHost + simulator): median $(printf '%s\n' "${full[@]}" | median) ms  [${full[*]}]"

source scripts/azurite.sh
ensure_azurite >/dev/null
trap stop_azurite EXIT
dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- "$RUNS"
dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- trim 200
dotnet run --no-build -c Release --project bench/Tollgate.Benchmarks -- load
