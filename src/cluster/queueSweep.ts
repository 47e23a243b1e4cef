/**
 * A sweep through the queue: the cells of a sweep (or of one shard) not yet done in the store are enqueued as jobs,
 * computed by `grokedge worker` processes anywhere, and recorded in the submitter's store as they come back by the
 * sweep run (experiments/sweepRun.ts: cell and run in one transaction, never twice). Workers need no shared filesystem: results travel through
 * Redis and only the submitter writes the store, in the same format as a local `sweep run`.
 */

import { type SweepCell, specToJson } from "../experiments/sweep.js";
import type { SweepRun } from "../experiments/sweepRun.js";
import { type CellJobResult, jobIdOf, type QueueTarget } from "./queue.js";
import { type QueueCounts, type QueuedTask, runOnQueue } from "./queueSubmit.js";

export interface QueueSweepOptions {
  target: QueueTarget;
  attempts: number;
  backoffSeconds: number;
  timeoutSeconds?: number;
  pollSeconds: number;
  connectSeconds: number;
  onProgress?: (counts: QueueCounts) => void;
  /** a cell recorded as failed, with its error */
  onFailedCell?: (cell: SweepCell, error: string) => void;
  log?: (line: string) => void;
}

export interface QueueSweepReport {
  /** cells already done in the store, not enqueued */
  skipped: number;
  done: number;
  failed: number;
  requeued: number;
  /** cells not finished when the wait ended (still queued) */
  missing: SweepCell[];
}

/** JSON with sorted keys: the same configuration gives the same text whatever its key order. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(",")}]`;
  if (x !== null && typeof x === "object") {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(x);
}

/**
 * Why a job's result cannot be this cell's run (null when it can): Redis is trusted to carry results, not to make
 * them, so a result must be a training run whose configuration is the cell's own, with a version and a wall time.
 */
export function cellResultProblem(cell: Pick<SweepCell, "config">, result: unknown): string | null {
  const r = result as Partial<CellJobResult> | null;
  if (r === null || typeof r !== "object" || typeof r.run !== "object" || r.run === null) return "not a training run";
  const { run } = r;
  if (!Array.isArray(run.checkpoints) || run.checkpoints.length === 0 || typeof run.summary !== "object") {
    return "a run without checkpoints or summary";
  }
  if (canonical(run.config) !== canonical(cell.config)) return "its configuration is not the cell's";
  if (typeof r.version !== "string" || typeof r.wallSeconds !== "number") return "no version or wall time";
  return null;
}

/** Run the pending cells of the sweep run's slice on the queue and record each result as it comes back. */
export async function runSweepOnQueue(sweep: SweepRun, o: QueueSweepOptions): Promise<QueueSweepReport> {
  const todo = sweep.pending();
  const invalid = todo.filter((c) => c.config === null);
  for (const cell of invalid) {
    const error = cell.error ?? "invalid configuration";
    sweep.record(cell, { error }); // as runSweep: an invalid combination fails without running
    o.onFailedCell?.(cell, error);
  }
  const valid = todo.filter((c) => c.config !== null);
  const byId = new Map(valid.map((c) => [jobIdOf(c.key), c]));
  const spec = specToJson(sweep.plan.spec);
  const tasks: QueuedTask[] = valid.map((c) => ({
    id: jobIdOf(c.key),
    name: `sweep ${sweep.name} cell ${c.index}`,
    payload: { kind: "cell", spec, sweepKey: sweep.key, index: c.index },
  }));
  const cellOf = (t: QueuedTask) => byId.get(t.id) as SweepCell;
  const fail = (t: QueuedTask, message: string) => {
    sweep.record(cellOf(t), { error: message });
    o.onFailedCell?.(cellOf(t), message);
  };
  const r = await runOnQueue(tasks, {
    ...o,
    onResult: (t, result) => {
      const wrong = cellResultProblem(cellOf(t), result);
      if (wrong === null) {
        const { run, wallSeconds, version } = result as CellJobResult;
        sweep.record(cellOf(t), { run, meta: sweep.runMeta(wallSeconds, version) });
      } else fail(t, `job ${t.id}: ${wrong}; not stored`); // a forged or stale job: failed, retried by --resume
    },
    onFailed: (t, error, attempts) => fail(t, `${error} (${attempts} attempt(s) on the queue)`),
  });
  return {
    skipped: sweep.plan.slice.length - todo.length,
    done: r.done,
    failed: r.failed + invalid.length,
    requeued: r.requeued,
    missing: r.missing.map(cellOf),
  };
}
