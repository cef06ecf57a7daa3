#!/bin/bash
# Slurm job array: one task per shard of an aidcsim sweep (docs/distributed.md).
#   sbatch --array=0-3 deploy/slurm-array.sh experiments/training-mix.yaml /shared/results/training-mix
# then, when every task is done (or chain it: sbatch --dependency=afterok:<jobid> ...):
#   node bin/aidcsim.js sweep experiments/training-mix.yaml \
#     --merge /shared/results/training-mix/shard-* --out /shared/results/training-mix/merged
# The shard count is the array size; run from the repository (after npm ci) on a shared disk.
#SBATCH --job-name=aidcsim-sweep
#SBATCH --cpus-per-task=1
#SBATCH --mem=2G
#SBATCH --output=aidcsim-%A_%a.log
set -euo pipefail
EXP="${1:?usage: sbatch --array=0-(N-1) deploy/slurm-array.sh EXPERIMENT OUT_PREFIX}"
OUT="${2:?usage: sbatch --array=0-(N-1) deploy/slurm-array.sh EXPERIMENT OUT_PREFIX}"
: "${SLURM_ARRAY_TASK_ID:?run under sbatch --array}"
N="${SLURM_ARRAY_TASK_COUNT:-$((SLURM_ARRAY_TASK_MAX + 1))}"
# A requeued task finds its partial folder and redoes only the runs it had not finished.
exec node bin/aidcsim.js sweep "$EXP" --shard "${SLURM_ARRAY_TASK_ID}/${N}" \
  --out "${OUT}/shard-${SLURM_ARRAY_TASK_ID}" --force
