#!/bin/bash
# Growth of wall time and peak memory with fleet size, horizon and job count (docs/benchmarks.md):
# hyperscale-1y at a quarter fleet, 7 days and its base job rates, then each axis doubled and
# quadrupled alone. Usage: bash scripts/growth.sh  (prints one line per run)
set -euo pipefail
cd "$(dirname "$0")/.."
EXP=experiments/hyperscale-1y.yaml
# Pool counts at 1/4 of the 1 M fleet, multiples of 144 (nodes of 8, 12 and 16; NVL72).
BASE=(74880 24912 37440 24912 62496 24912)
run() { # label, fleet factor, horizon, job factor
  local sets=() i
  for i in 0 1 2 3 4 5; do sets+=(--set "pools.$i.count=$((BASE[i] * $2))"); done
  sets+=(--set "horizon=$3")
  sets+=(--set "workloads.training.0.arrivals.poisson.perDay=$((250 * $4))")
  sets+=(--set "workloads.training.1.arrivals.poisson.perDay=$((20 * $4))")
  sets+=(--set "workloads.training.2.arrivals.poisson.perDay=$((4 * $4))")
  local out
  out=$( { /usr/bin/time -f "%e %M" node bin/aidcsim.js run "$EXP" --no-plots --quiet --force \
    --out /tmp/aidcsim-growth "${sets[@]}" >/dev/null; } 2>&1 | tail -1)
  local events
  events=$(node -e "console.log(require('/tmp/aidcsim-growth/run-info.json').events)")
  read -r wall rss <<<"$out"
  printf '%-12s fleet x%s  horizon %-4s  jobs x%s  events %9s  wall %7.2f s  peak RSS %5d MB\n' \
    "$1" "$2" "$3" "$4" "$events" "$wall" "$((rss / 1024))"
}
run base 1 7d 1
run fleet-x2 2 7d 1
run fleet-x4 4 7d 1
run horizon-x2 1 14d 1
run horizon-x4 1 28d 1
run jobs-x2 1 7d 2
run jobs-x4 1 7d 4
