#!/usr/bin/env bash
# Do common random numbers narrow compare's CIs? Runs `aidcsim compare A B --replications 10`
# on BLOCKS disjoint blocks of 10 seeds (seed = 1, 11, 21, ...), once on common random numbers
# and once with --independent, and prints, per metric, the mean CI width of each and in how many
# blocks the CRN interval was the narrower. docs/shocks.md has the figures.
#   bash scripts/crn-blocks.sh [A] [B] [BLOCKS]
set -euo pipefail
cd "$(dirname "$0")/.."
A=${1:-experiments/blackwell-plan.yaml}
B=${2:-experiments/blackwell-slip.yaml}
BLOCKS=${3:-100}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for ((k = 0; k < BLOCKS; k++)); do
  seed=$((1 + 10 * k))
  node bin/aidcsim.js compare "$A" "$B" --replications 10 --set "seed=$seed" --json >"$tmp/crn-$k.json"
  node bin/aidcsim.js compare "$A" "$B" --replications 10 --set "seed=$seed" --independent --json >"$tmp/ind-$k.json"
done
node - "$tmp" "$BLOCKS" <<'JS'
const fs = require("node:fs");
const [dir, blocks] = [process.argv[2], Number(process.argv[3])];
const metrics = ["training.meanWaitS", "training.p95WaitS", "training.meanCompletionTimeS",
  "training.makespanS", "cost.totalUsd"];
const width = (file, m) => {
  const r = JSON.parse(fs.readFileSync(file, "utf8")).metrics.find((x) => x.metric === m);
  return r ? r.ciHigh - r.ciLow : NaN;
};
console.log(`${blocks} blocks of 10 seeds`);
console.log("metric".padEnd(30), "mean width CRN".padStart(16), "independent".padStart(16), "ratio".padStart(7), "  CRN narrower");
for (const m of metrics) {
  let c = 0, i = 0, wins = 0;
  for (let k = 0; k < blocks; k++) {
    const wc = width(`${dir}/crn-${k}.json`, m), wi = width(`${dir}/ind-${k}.json`, m);
    c += wc; i += wi; if (wc < wi) wins++;
  }
  const f = (x) => Math.round(x / blocks).toLocaleString("en-US");
  console.log(m.padEnd(30), f(c).padStart(16), f(i).padStart(16), (i / c).toFixed(2).padStart(6) + "x", `  ${wins}/${blocks}`);
}
JS
