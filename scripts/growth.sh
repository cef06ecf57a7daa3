#!/bin/bash
# Growth of wall time and peak memory with fleet size, horizon and job count (docs/benchmarks.md):
# hyperscale-1y at a quarter of its fleet and a quarter of its training job rates over 7 days,
# then each axis doubled and quadrupled alone. Usage: bash scripts/growth.sh  (prints one line per run)
set -euo pipefail
cd "$(dirname "$0")/.."
EXP=experiments/hyperscale-1y.yaml
# Pool counts at 1/4 of the 1 M fleet, multiples of 144 (nodes of 8, 12 and 16; NVL72).
BASE=(74880 24912 37440 24912 62496 24912)
run() { # label, fleet factor, horizon, job factor
  local sets=() i
  for i in 0 1 2 3 4 5; do sets+=(--set "pools.$i.count=$((BASE[i] * $2))"); done
  sets+=(--set "horizon=$3")
  sets+=(--set "workloads.training.0.arrivals.poisson.perDay=$((39 * $4))")
  sets+=(--set "workloads.training.1.arrivals.poisson.perDay=$((25 * $4))")
  sets+=(--set "workloads.training.2.arrivals.poisson.perDay=$((5 * $4))")
  local out
  out=$( { /usr/bin/time -f "%e %M" node bin/aidcsim.js run "$EXP" --no-plots --quiet --force \
    --out /tmp/aidcsim-growth "${sets[@]}" >/dev/null; } 2>&1 | tail -1)
  local events
  events=$(node -e "console.log(require('/tmp/aidcsim-growth/run-info.json').events)")
  read -r wall rss <<<"$out"
  local jobs
  jobs=$(node -e "console.log(require('/tmp/aidcsim-growth/summary.json').training.jobsSubmitted)")
  printf '| %-10s | %8s | %3s | %6s | %9s | %7.2f | %5d |\n' \
    "$1" "$((250 * $2))k" "$3" "$jobs" "$events" "$wall" "$((rss / 1024))"
}
echo "| run        |    fleet | horizon | training jobs |    events | wall, s | peak RSS, MB |"
echo "| ---------- | -------: | --- | -----: | --------: | ------: | ----: |"
run base 1 28d 1
run fleet-x2 2 28d 1
run fleet-x4 4 28d 1
run horizon-x2 1 56d 1
run horizon-x4 1 112d 1
run jobs-x2 1 28d 2
run jobs-x4 1 28d 4
