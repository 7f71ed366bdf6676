#!/usr/bin/env bash
# `npm run bench`: measures what docs/performance.md reports, on this machine, now.
#   app    the synth program alone (node + the SWC hook + main.ts), every environment
#   synth  `npm run synth` (the same program through npm)
#   test   `npm test` (the whole suite)
# Each is run BENCH_RUNS times (default 5; `npm test` BENCH_TEST_RUNS times, default 3) and
# reported per run and as the median, with wall time, CPU time (user + system) and the peak
# memory of the largest process. The load average is printed before and after: on a machine
# shared with other work, wall times grow with the load while CPU times stay comparable.
# BENCH_TEST_RUNS=0 skips the test suite; BENCH_APP_COMMAND replaces the app command (to
# measure an older checkout the same way). A benchmark, not a test: it fails only if a
# command fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export CHECKPOINT_DISABLE=1

runs=${BENCH_RUNS:-5}
test_runs=${BENCH_TEST_RUNS:-3}
timing=$(mktemp)
trap 'rm -f "$timing"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {
  local label=$1 count=$2; shift 2
  local walls=() cpus=()
  for i in $(seq 1 "$count"); do
    if ! /usr/bin/time -f "%e %U %S %M" -o "$timing" "$@" >/dev/null 2>&1; then
      echo "$label: '$*' failed" >&2
      exit 1
    fi
    read -r wall user sys kib <"$timing"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
    walls+=("$wall"); cpus+=("$cpu")
    printf '%-6s run %d: %6.2f s wall, %6.2f s cpu, %5d MiB peak (largest process)\n' "$label" "$i" "$wall" "$cpu" "$((kib / 1024))"
  done
  printf '%-6s median: %6.2f s wall, %6.2f s cpu (%d runs)\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)" "$count"
}

echo "load average before: $(load) on $(nproc) cores"
rm -rf cdktf.out
# shellcheck disable=SC2086 # the command is words
measure app "$runs" ${BENCH_APP_COMMAND:-node --require ./scripts/register.js main.ts}
measure synth "$runs" npm run synth
if [ "$test_runs" -gt 0 ]; then measure test "$test_runs" npm test; fi
echo "load average after: $(load)"
