/**
 * What `sweep run` and `critical` print while a sweep run (experiments/sweepRun.ts) computes its cells: the progress
 * bar of a local run, a line per failed cell, the queue's progress lines, Ctrl-C handling, and the one-line errors
 * that end the command with exit code 1.
 */

import { defaultWorkers } from "../experiments/pool.js";
import type { SweepCell } from "../experiments/sweep.js";
import type { SweepRun } from "../experiments/sweepRun.js";
import { cellEpochs, runSweep, type SweepRunReport } from "../experiments/sweepRunner.js";
import type { ResultsStore } from "../store/resultsStore.js";
import { createProgress } from "./progress.js";
import { type QueueRunOptions, queueProgress, submitSettings } from "./queueOptions.js";

/** "lambda=0.48 sigma=5". */
export function pointText(point: Record<string, number | string>): string {
  return Object.entries(point)
    .map(([k, v]) => `${k}=${v}`)
    .join(" ");
}

/** Indices as ranges: "3, 7-9, 12". */
export function ranges(indices: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indices.length; i++) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    out.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j;
  }
  return out.join(", ");
}

/** "lambda=0.48 replicate=2". */
export function cellText(cell: Pick<SweepCell, "point" | "replicate">): string {
  return `${pointText(cell.point)} replicate=${cell.replicate}`.trim();
}

/** Print a one-line error and end with exit code 1 once the command is done (main() returns process.exitCode). */
export function failLater(message: string): void {
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

/** Close a store whose medium may be failing: closing must not hide the error being reported. */
export function closeQuietly(store: ResultsStore): void {
  try {
    if (store.db.open) store.close();
  } catch {
    // the WAL could not be checkpointed (disk full): the committed cells are in the WAL and read back on next open
  }
}

/**
 * Ctrl-C while `work` runs: every finished cell is already committed, so stop at once (exit 130) with `message` (how
 * to resume) on stderr unless quiet.
 */
export async function onInterrupt<T>(store: ResultsStore, message: string, quiet: boolean, work: () => Promise<T>) {
  const handler = () => {
    if (!quiet) process.stderr.write(`\ninterrupted: ${message}\n`);
    closeQuietly(store);
    process.exit(130);
  };
  process.once("SIGINT", handler);
  try {
    return await work();
  } finally {
    process.off("SIGINT", handler);
  }
}

/** Options of a local run: worker threads (default: every core, at most one per cell), batch, quiet, the bar's label. */
export interface LocalRunOptions {
  workers: number | undefined;
  batch: number;
  quiet: boolean;
  label: string;
}

/** Run the slice here with a progress bar (epochs, with ETA) on stderr, a line per failed cell, and Ctrl-C handling. */
export async function runWithProgress(sweep: SweepRun, o: LocalRunOptions): Promise<SweepRunReport> {
  const todo = sweep.pending();
  const epochs = todo.reduce((a, c) => a + cellEpochs(c), 0);
  const progress = createProgress(o.label, Math.max(1, epochs), o.quiet);
  const message = `finished cells are saved; rerun with --resume to finish "${sweep.name}"`;
  try {
    return await onInterrupt(sweep.store, message, o.quiet, () =>
      runSweep(sweep, {
        workers: o.workers ?? defaultWorkers(todo.length),
        batch: o.batch,
        onProgress: (done) => progress.update(done),
        onCell: (r) => {
          if (r.status === "failed" && !o.quiet) {
            process.stderr.write(`cell ${r.cell.index} (${cellText(r.cell)}) failed: ${r.error}\n`);
          }
        },
      }),
    );
  } finally {
    progress.stop();
  }
}

/**
 * The options of runSweepOnQueue from the command line: progress and log lines through `say` (none when undefined),
 * each failed cell as `failedLine` gives it.
 */
export function queueSweepSettings(
  q: QueueRunOptions,
  say: ((line: string) => void) | undefined,
  failedLine: (cell: SweepCell, error: string) => string,
) {
  return {
    ...submitSettings(q),
    onProgress: say && queueProgress(say),
    onFailedCell: (cell: SweepCell, error: string) => say?.(failedLine(cell, error)),
    log: say,
  };
}
