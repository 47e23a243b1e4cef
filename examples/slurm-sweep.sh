#!/bin/bash
# A grokedge sweep as a SLURM job array: array task i runs shard i of n (the cells with index ≡ i mod n) into its own
# store, DIR/shard-i.sqlite; a merge afterwards gives the whole sweep. Every shard passes --resume, so a task that was
# killed or timed out is simply submitted again and runs only its missing cells.
#
#   sbatch --array=0-3 examples/slurm-sweep.sh examples/sweep-edge.json results/       # n = 4 shards
#   # when the array has ended (or chain it: sbatch --dependency=afterany:JOBID --wrap "…merge…"):
#   grokedge sweep merge --check --out results/all.sqlite results/shard-*.sqlite
#   # --check exits 1 and names the cells not done; rerun their shards, e.g. shards 1 and 3 of the 4:
#   GROKEDGE_SHARD_COUNT=4 sbatch --array=1,3 examples/slurm-sweep.sh examples/sweep-edge.json results/
#
# The array must be 0…n−1 (--shard slurm refuses other shapes) unless GROKEDGE_SHARD_COUNT=n says how many shards
# the sweep was split into. Each task uses the CPUs it was given (--cpus-per-task) as worker threads.
# GROKEDGE is the command to run (default: grokedge on the PATH; e.g. GROKEDGE="node /path/to/dist/cli/main.js").
#
#SBATCH --job-name=grokedge-sweep
#SBATCH --array=0-3
#SBATCH --cpus-per-task=1
#SBATCH --output=grokedge-sweep-%A_%a.out
set -euo pipefail
SPEC=${1:?usage: sbatch --array=0-N examples/slurm-sweep.sh SPEC.json OUTDIR}
OUT=${2:?usage: sbatch --array=0-N examples/slurm-sweep.sh SPEC.json OUTDIR}
read -r -a GROKEDGE <<<"${GROKEDGE:-grokedge}"
mkdir -p "$OUT"
exec "${GROKEDGE[@]}" sweep run "$SPEC" --shard slurm --resume --quiet \
  --workers "${SLURM_CPUS_PER_TASK:-1}" --db "$OUT/shard-${SLURM_ARRAY_TASK_ID}.sqlite"
