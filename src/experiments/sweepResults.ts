/**
 * A stored sweep's results as rows (`sweep export`): one per cell (final state), per cell and checkpoint, or
 * aggregated over seeds per grid point; and the checks before shard stores are merged (`sweep merge`).
 */

import { existsSync, realpathSync, statSync } from "node:fs";
import { UsageError } from "../config/schema.js";
import { type CellRecord, CHECKPOINT_COLUMNS, ResultsStore, type SweepRecord } from "../store/resultsStore.js";
import {
  aggregateCheckpoints,
  aggregateFinal,
  type CellData,
  FINAL_METRICS,
  finalValues,
  type IntervalOptions,
} from "./aggregate.js";

/** Columns that identify a cell in exports. */
function cellColumns(c: CellRecord): Record<string, unknown> {
  return { cell_index: c.index, cell_key: c.key, ...c.point, replicate: c.replicate };
}

/** One row per recorded cell: identity, status, and the final state (null for a failed cell). */
function cellRows(store: ResultsStore, recorded: readonly CellRecord[]): Record<string, unknown>[] {
  return recorded.map((c) => {
    const run = c.runId === null ? null : store.loadRun(c.runId);
    const finals = run ? finalValues(run) : Object.fromEntries(FINAL_METRICS.map((m) => [m, null]));
    return {
      ...cellColumns(c),
      status: c.status,
      error: c.error,
      attempts: c.attempts,
      run_id: c.runId,
      seed: run?.config.seed ?? null,
      run_index: run?.config.runIndex ?? null,
      run_status: run?.summary.status ?? null,
      epochs_run: run?.summary.epochs_run ?? null,
      ...finals,
    };
  });
}

/** One row per done cell and checkpoint. */
function checkpointRows(store: ResultsStore, recorded: readonly CellRecord[]): Record<string, unknown>[] {
  return recorded.flatMap((c) => {
    if (c.runId === null) return [];
    const run = store.loadRun(c.runId);
    return run.checkpoints.map((cp, idx) => ({
      ...cellColumns(c),
      checkpoint: idx,
      ...Object.fromEntries(CHECKPOINT_COLUMNS.map((k) => [k, cp[k]])),
    }));
  });
}

function doneCellData(store: ResultsStore, recorded: readonly CellRecord[]): CellData[] {
  return recorded.flatMap((c) => {
    if (c.runId === null) return [];
    const run = store.loadRun(c.runId);
    return [{ point: c.point, summary: run.summary, checkpoints: run.checkpoints }];
  });
}

/** What to export: per checkpoint or per cell; with `interval`, aggregated per grid point over seeds. */
export interface ExportShape {
  checkpoints: boolean;
  interval: IntervalOptions | undefined;
}

/** The rows of a stored sweep in the shape asked for. */
export function exportRows(store: ResultsStore, sweep: SweepRecord, shape: ExportShape): Record<string, unknown>[] {
  const recorded = store.sweepCells(sweep.key);
  if (shape.interval) {
    const data = doneCellData(store, recorded);
    return shape.checkpoints ? aggregateCheckpoints(data, shape.interval) : aggregateFinal(data, shape.interval);
  }
  return shape.checkpoints ? checkpointRows(store, recorded) : cellRows(store, recorded);
}

/** An existing results store, opened read-only; anything else is a usage error naming the parameter. */
function storeToRead(flag: string, path: string): ResultsStore {
  try {
    return new ResultsStore(path, { readonly: true });
  } catch (err) {
    throw new UsageError(`${flag} must be a grokedge results store (got "${path}": ${(err as Error).message})`);
  }
}

/**
 * Before `inputs` are merged into the store at `out`: every input must be a store, none may be `out`, and no sweep
 * name may map to two specs (keys) across them.
 */
export function checkMergeInputs(inputs: readonly string[], out: string): void {
  if (existsSync(out)) {
    const outReal = realpathSync(out);
    const same = inputs.find((p) => realpathSync(p) === outReal);
    if (same) throw new UsageError(`--out must not be one of the stores merged (got "${same}" as both)`);
  }
  const keyOf = new Map<string, { key: string; where: string }>();
  const named = inputs.map((path) => ({ flag: "<stores>", path }));
  const paths = existsSync(out) && statSync(out).size > 0 ? [{ flag: "--out", path: out }, ...named] : named;
  for (const { flag, path } of paths) {
    const store = storeToRead(flag, path);
    try {
      for (const s of store.sweeps()) {
        const seen = keyOf.get(s.name);
        if (seen && seen.key !== s.key) {
          throw new UsageError(
            `sweep "${s.name}" has different specs in "${seen.where}" (key ${seen.key}) and "${path}" (key ${s.key}): refusing to merge`,
          );
        }
        keyOf.set(s.name, { key: s.key, where: path });
      }
    } finally {
      store.close();
    }
  }
}
