/**
 * Which shard of a sweep this process runs: `--shard i/n`, or read from the cluster engine's environment.
 *
 * - `--shard slurm` (a SLURM job array): i = SLURM_ARRAY_TASK_ID, n = SLURM_ARRAY_TASK_COUNT. The array must be
 *   0…n−1 with step 1 (`sbatch --array=0-3`): any other shape is refused rather than guessed. To rerun some shards of
 *   an n-way split (`sbatch --array=2,5`), set GROKEDGE_SHARD_COUNT=n: then n comes from it and i is the task id.
 * - `--shard k8s` (a Kubernetes Indexed Job): i = JOB_COMPLETION_INDEX, n = GROKEDGE_SHARD_COUNT, which the Job's
 *   manifest sets equal to `spec.completions` (Kubernetes does not pass the count to the pod).
 *
 * The task id is never shifted: shard i always holds the cells with index ≡ i (mod n), whichever array ran it.
 */

import { UsageError } from "../config/schema.js";
import { parseShard, type Shard } from "../experiments/sweep.js";

/** The environment variable that gives the shard count n where the engine does not (k8s) or cannot (a rerun). */
export const SHARD_COUNT_VAR = "GROKEDGE_SHARD_COUNT";

type Env = Readonly<Record<string, string | undefined>>;

/** A non-negative integer environment variable, or a usage error naming it and the --shard mode that needs it. */
function envInt(env: Env, name: string, mode: string, hint: string): number {
  const text = env[name];
  if (text === undefined || text.trim() === "") {
    throw new UsageError(`--shard ${mode} needs ${name} in the environment (${hint})`);
  }
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--shard ${mode}: ${name} must be a non-negative integer (got "${text}")`);
  }
  return Number(text);
}

/** A shard from its index and count, checked as `--shard i/n` is. */
function checked(index: number, count: number, mode: string, source: string): Shard {
  if (count < 1 || index >= count) {
    throw new UsageError(`--shard ${mode}: the shard index must be below the count, 0 ≤ i < n (got ${source})`);
  }
  return { index, count };
}

/** The shard of a SLURM array task (see the module comment for the rules). */
export function slurmShard(env: Env): Shard {
  const hint = "run it inside an sbatch --array job";
  const index = envInt(env, "SLURM_ARRAY_TASK_ID", "slurm", hint);
  if (env[SHARD_COUNT_VAR] !== undefined) {
    const count = envInt(env, SHARD_COUNT_VAR, "slurm", "");
    return checked(index, count, "slurm", `SLURM_ARRAY_TASK_ID=${index}, ${SHARD_COUNT_VAR}=${count}`);
  }
  const count = envInt(env, "SLURM_ARRAY_TASK_COUNT", "slurm", hint);
  const min = env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : envInt(env, "SLURM_ARRAY_TASK_MIN", "slurm", hint);
  const max = env.SLURM_ARRAY_TASK_MAX === undefined ? count - 1 : envInt(env, "SLURM_ARRAY_TASK_MAX", "slurm", hint);
  const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : envInt(env, "SLURM_ARRAY_TASK_STEP", "slurm", hint);
  if (min !== 0 || max !== count - 1 || step !== 1) {
    throw new UsageError(
      `--shard slurm needs an array 0-${count - 1} with step 1 (got min ${min}, max ${max}, step ${step}, ${count} tasks): submit --array=0-(n-1), or set ${SHARD_COUNT_VAR}=n to rerun some shards of an n-way split`,
    );
  }
  return checked(index, count, "slurm", `SLURM_ARRAY_TASK_ID=${index} of ${count}`);
}

/** The shard of a Kubernetes Indexed Job's pod. */
export function k8sShard(env: Env): Shard {
  const index = envInt(env, "JOB_COMPLETION_INDEX", "k8s", "run it in a pod of an Indexed Job");
  const count = envInt(env, SHARD_COUNT_VAR, "k8s", "set it in the Job's manifest, equal to spec.completions");
  return checked(index, count, "k8s", `JOB_COMPLETION_INDEX=${index}, ${SHARD_COUNT_VAR}=${count}`);
}

/** The value of `--shard`: "i/n", "slurm" or "k8s"; the whole sweep when absent. */
export function resolveShard(value: unknown, env: Env = process.env): Shard {
  if (value === undefined) return { index: 0, count: 1 };
  const text = String(value).trim();
  if (text === "slurm") return slurmShard(env);
  if (text === "k8s") return k8sShard(env);
  if (/^[a-z]+$/i.test(text)) {
    throw new UsageError(`--shard must be i/n, slurm or k8s (got "${text}")`);
  }
  return parseShard(text);
}
