/**
 * Run the cells of a sweep run (sweepRun.ts: a sweep, or one shard of it) on a worker pool and record each in the
 * results store as it finishes. Cells already done in the store are skipped, so a killed sweep resumes where it
 * stopped; a cell that throws is recorded as failed with its message and the others go on.
 */

import { MessageChannel } from "node:worker_threads";
import { Piscina } from "piscina";
import type { RunConfig } from "../config/run.js";
import type { CellOutcome } from "../store/resultsStore.js";
import { sharedDataKey } from "../train/runTogether.js";
import { runGroup, type TimedRun, timedRun } from "./runWorker.js";
import type { SweepCell } from "./sweep.js";
import type { SweepRun } from "./sweepRun.js";

export interface CellResult {
  cell: SweepCell;
  status: "done" | "failed";
  error: string | null;
  /** false when the store already held the cell done (another writer got there first): nothing was added */
  saved: boolean;
}

export interface SweepRunOptions {
  /** worker threads; 1 runs the cells in this thread */
  workers: number;
  /**
   * up to this many cells that share their data (η, S_0, b_0, epochs or optimizer varying) advance together, X read
   * once per step for all (train/run.ts runTogether); 1 (default): one cell at a time
   */
  batch?: number;
  /** epochs done so far over the cells being run */
  onProgress?: (epochsDone: number) => void;
  /** called after each cell is recorded */
  onCell?: (result: CellResult) => void;
}

export interface SweepRunReport {
  /** cells of the slice already done in the store, not run again */
  skipped: number;
  done: number;
  failed: number;
}

/** Epochs a cell will report (its progress weight); 0 for an invalid cell. */
export function cellEpochs(cell: SweepCell): number {
  return cell.config?.epochs ?? 0;
}

/**
 * Run the pending cells of the sweep run's slice (registered beforehand), record each, and report the counts. Cell
 * results do not depend on `workers`.
 */
export async function runSweep(sweep: SweepRun, o: SweepRunOptions): Promise<SweepRunReport> {
  const todo = sweep.pending();
  const report: SweepRunReport = { skipped: sweep.plan.slice.length - todo.length, done: 0, failed: 0 };
  const progress = new Float64Array(todo.length);
  let total = 0;
  const tick = (i: number, epochs: number) => {
    total += epochs - progress[i];
    progress[i] = epochs;
    o.onProgress?.(total);
  };
  const record = (i: number, outcome: CellOutcome) => {
    const cell = todo[i];
    tick(i, cellEpochs(cell));
    const saved = sweep.record(cell, outcome);
    const error = "error" in outcome ? outcome.error : null;
    if (error === null) report.done++;
    else report.failed++;
    o.onCell?.({ cell, status: error === null ? "done" : "failed", error, saved });
  };
  const meta = (run: TimedRun) => sweep.runMeta(run.wallSeconds);
  const runTask = async (task: number[]) => {
    const cell = todo[task[0]];
    if (cell.config === null) return record(task[0], { error: cell.error ?? "invalid configuration" });
    try {
      if (task.length === 1) {
        const run = await execute.run(cell.config, (e) => tick(task[0], e));
        return record(task[0], { run, meta: meta(run) });
      }
      const configs = task.map((i) => todo[i].config as RunConfig);
      const runs = await execute.runGroup(configs, (k, e) => tick(task[k], e));
      for (const [k, run] of runs.entries()) record(task[k], { run, meta: meta(run) });
    } catch (err) {
      for (const i of task) record(i, { error: errorMessage(err) });
    }
  };
  const tasks = groupCells(todo, o.batch ?? 1);
  // one lane per worker takes the next task when its last one is recorded: in-flight work stays bounded
  const lanes = Math.max(1, Math.min(o.workers, tasks.length));
  const execute = lanes <= 1 ? inThread : pooled(lanes);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) await runTask(tasks[next++]);
  };
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    await execute.close();
  }
  return report;
}

/**
 * The cells (indices into `cells`) as tasks: up to `batch` cells that share their data, in order of their first cell;
 * an invalid cell or one that cannot share (gradient flow) is a task alone. Batch 1: one task per cell.
 */
export function groupCells(cells: readonly SweepCell[], batch: number): number[][] {
  const tasks: number[][] = [];
  const open = new Map<string, number[]>();
  cells.forEach((cell, i) => {
    const key = batch > 1 && cell.config !== null ? sharedDataKey(cell.config) : null;
    if (key === null) {
      tasks.push([i]);
      return;
    }
    let task = open.get(key);
    if (task === undefined || task.length >= batch) {
      task = [];
      open.set(key, task);
      tasks.push(task);
    }
    task.push(i);
  });
  return tasks;
}

interface Executor {
  run(config: RunConfig, onProgress: (epochs: number) => void): Promise<TimedRun>;
  runGroup(configs: RunConfig[], onProgress: (run: number, epochs: number) => void): Promise<TimedRun[]>;
  close(): Promise<void>;
}

/** One line: the error's message (a worker's error keeps its message; anything else is stringified). */
function errorMessage(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0] || "unknown error";
}

const inThread: Executor = {
  async run(config, onProgress) {
    // a macrotask between cells lets the store writes and a Ctrl-C handler run
    await new Promise((resolve) => setImmediate(resolve));
    return timedRun(config, onProgress);
  },
  async runGroup(configs, onProgress) {
    await new Promise((resolve) => setImmediate(resolve));
    return runGroup(configs, onProgress);
  },
  async close() {},
};

/** A piscina pool of runWorker.js threads (the compiled file: only available from dist/). */
function pooled(workers: number): Executor {
  const pool = new Piscina({
    filename: new URL("./runWorker.js", import.meta.url).href,
    maxThreads: workers,
    minThreads: workers,
  });
  return {
    async run(config, onProgress) {
      const { port1, port2 } = new MessageChannel();
      port1.on("message", (e: number) => onProgress(e));
      try {
        return (await pool.run({ config, port: port2 }, { transferList: [port2] })) as TimedRun;
      } finally {
        port1.close();
      }
    },
    async runGroup(configs, onProgress) {
      const { port1, port2 } = new MessageChannel();
      port1.on("message", ([i, e]: [number, number]) => onProgress(i, e));
      try {
        return (await pool.run({ configs, port: port2 }, { transferList: [port2] })) as TimedRun[];
      } finally {
        port1.close();
      }
    },
    close: () => pool.destroy(),
  };
}
