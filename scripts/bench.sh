#!/usr/bin/env bash
# Measures what the README promises: `npm run synth` (all environments) wall time
# and peak memory, and the test suite's wall time. A benchmark, not a test: run it
# on an otherwise idle machine and copy the figures into the README.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

runs=${BENCH_RUNS:-3}
measure() {
  local label=$1; shift
  for i in $(seq 1 "$runs"); do
    /usr/bin/time -f "%e %M" -o /tmp/llm-platform-bench.$$ "$@" >/dev/null 2>&1
    read -r seconds kib </tmp/llm-platform-bench.$$
    printf '%-6s run %d: %6.2f s wall, %6.0f MiB peak (largest process)\n' "$label" "$i" "$seconds" "$((kib / 1024))"
  done
  rm -f /tmp/llm-platform-bench.$$
}

rm -rf cdktf.out
measure synth npm run synth
measure test npm test
