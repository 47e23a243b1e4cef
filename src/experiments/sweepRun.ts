/**
 * A sweep run: one spec's cells (or one shard's slice of them) against a results store. It claims the slice, registers
 * the sweep, says which cells are still to run, and records each outcome with its run in one transaction. Both ways
 * of computing the cells drive it: the local pool (sweepRunner.ts) and the queue (cluster/queueSweep.ts).
 *
 * Resume: each finished cell is committed with its run, so a kill loses only the cells in flight. Without `resume` a
 * slice that already has recorded cells is refused (running it again would silently skip them); with it only the
 * missing and failed cells run. A different spec under a stored name is refused by the store either way.
 * Write failures: after one failed write to the store every later record throws that failure too, so that a full disk
 * ends the run instead of recording every following cell as failed (or, worse, recording nothing but failures).
 */

import { UsageError } from "../config/schema.js";
import {
  type CellOutcome,
  type CellRecord,
  isStoreWriteError,
  type ResultsStore,
  type SaveMeta,
  type SweepRecord,
} from "../store/resultsStore.js";
import { claimSweepSlice } from "../store/sweepLock.js";
import { type Shard, type SweepCell, type SweepSpec, shardCells, specToJson, sweepCells, sweepKey } from "./sweep.js";

/** The whole sweep as one shard. */
export const WHOLE_SWEEP: Shard = { index: 0, count: 1 };

/** A sweep's cells and the slice one shard runs, known before any store is opened. */
export interface SweepPlan {
  spec: SweepSpec;
  key: string;
  cells: SweepCell[];
  shard: Shard;
  slice: SweepCell[];
}

/** The cells of `spec` and the slice of `shard`. */
export function planSweep(spec: SweepSpec, shard: Shard = WHOLE_SWEEP): SweepPlan {
  const key = sweepKey(spec);
  const cells = sweepCells(spec, key);
  return { spec, key, cells, shard, slice: shardCells(cells, shard) };
}

/** The grid points that are not valid configurations, one cell (replicate 0) each. */
export function invalidPoints(plan: Pick<SweepPlan, "cells">): SweepCell[] {
  return plan.cells.filter((c) => c.error !== null && c.replicate === 0);
}

/** Done, failed and missing cells of a stored sweep (of one shard). */
export interface SweepCounts {
  name: string;
  key: string;
  cells: number;
  done: number;
  failed: CellRecord[];
  missing: number[];
}

/** Count the cells of `sweep` in the store, of one shard when given. */
export function countCells(store: ResultsStore, sweep: SweepRecord, shard: Shard = WHOLE_SWEEP): SweepCounts {
  const all = Array.from({ length: sweep.cells }, (_, index) => ({ index }));
  const indices = shardCells(all, shard).map((c) => c.index);
  const wanted = new Set(indices);
  const recorded = store.sweepCells(sweep.key).filter((c) => wanted.has(c.index));
  const seen = new Set(recorded.map((c) => c.index));
  return {
    name: sweep.name,
    key: sweep.key,
    cells: indices.length,
    done: recorded.filter((c) => c.status === "done").length,
    failed: recorded.filter((c) => c.status === "failed"),
    missing: indices.filter((i) => !seen.has(i)),
  };
}

/** How a run of the slice is started: the store's path (its lock is beside it), its name in messages, --resume. */
export interface RegisterOptions {
  dbPath: string;
  db: string;
  resume: boolean;
}

export class SweepRun {
  private broken: unknown;
  private unlock: (() => void) | undefined;

  /** `version` is recorded with the sweep and with the runs computed here. */
  constructor(
    readonly store: ResultsStore,
    readonly plan: SweepPlan,
    readonly version: string,
  ) {}

  get name(): string {
    return this.plan.spec.name;
  }

  get key(): string {
    return this.plan.key;
  }

  /**
   * Claim the slice (one run of it at a time per store), refuse recorded cells without `resume`, and register the
   * sweep. The claim holds until `release`.
   */
  register(o: RegisterOptions): void {
    const { shard, cells } = this.plan;
    this.unlock = claimSweepSlice(o.dbPath, this.key, `${shard.index}/${shard.count}`, this.name);
    if (!o.resume) this.refuseRecorded(o.db);
    const specJson = JSON.stringify(specToJson(this.plan.spec));
    this.store.saveSweep({ key: this.key, name: this.name, specJson, cells: cells.length, version: this.version });
  }

  /** Give up the claim of the slice (a no-op when none is held). */
  release(): void {
    this.unlock?.();
    this.unlock = undefined;
  }

  private refuseRecorded(db: string): void {
    const stored = this.store.sweepByName(this.name);
    if (!stored) return;
    const { slice } = this.plan;
    const keys = new Set(slice.map((c) => c.key));
    const recorded = this.store.sweepCells(stored.key).filter((c) => keys.has(c.key)).length;
    if (recorded > 0) {
      throw new UsageError(
        `sweep "${this.name}" already has ${recorded} of these ${slice.length} cells recorded in --db ${db}: pass --resume to run only its missing and failed cells, or rename the sweep`,
      );
    }
  }

  /** The cells of the slice the store does not hold as done: the work left (missing or failed). */
  pending(): SweepCell[] {
    const done = new Set(
      this.store
        .sweepCells(this.key)
        .filter((c) => c.status === "done")
        .map((c) => c.key),
    );
    return this.plan.slice.filter((c) => !done.has(c.key));
  }

  /** The store's metadata of a cell's run: the sweep's group, the run's wall time and the version that computed it. */
  runMeta(wallSeconds: number, version = this.version): SaveMeta {
    return { group: `sweep:${this.name}`, wallSeconds, version };
  }

  /**
   * Record a cell's outcome (with its run, in one transaction); false when the store already held it done. After a
   * failed write every later call throws that failure.
   */
  record(cell: SweepCell, outcome: CellOutcome): boolean {
    if (this.broken !== undefined) throw this.broken;
    const { key, index, replicate, point } = cell;
    try {
      return this.store.saveCell({ key, sweepKey: this.key, index, replicate, point }, outcome);
    } catch (err) {
      if (isStoreWriteError(err)) this.broken = err;
      throw err;
    }
  }

  /** The slice's counts as stored, or undefined when the sweep is not (yet) registered. */
  storedCounts(): SweepCounts | undefined {
    const sweep = this.store.sweepByName(this.name);
    return sweep && countCells(this.store, sweep, this.plan.shard);
  }
}
