/**
 * The results store: an embedded SQLite database (better-sqlite3, WAL) holding every run — configuration, checkpoints
 * and summary — so that figures and sweeps read from it. A run is written in one transaction: a killed process leaves
 * either the whole run or nothing. Sweeps (experiments/sweep.ts) record each finished cell with its run in one
 * transaction, keyed by a stable cell key, so shard stores merge without duplicates. The tables are in
 * storeSchema.ts, runTables.ts and sweepTables.ts; opening the file in storeFile.ts.
 */

import { mkdirSync, realpathSync } from "node:fs";
import { dirname } from "node:path";
import { deserialize, serialize } from "node:v8";
import Database from "better-sqlite3";
import { UsageError } from "../config/schema.js";
import type { RunResult } from "../train/run.js";
import { insertRun, loadRun, type SaveMeta, type StoredRun } from "./runTables.js";
import { attachable, checkStoreFile, openReadOnly } from "./storeFile.js";
import { checkSchema, migrate, needsMigration, needsRekey, SCHEMA, SCHEMA_VERSION } from "./storeSchema.js";
import {
  type CellIdentity,
  type CellOutcome,
  type CellRecord,
  type MergeReport,
  mergeAttached,
  type SweepRecord,
  saveCell,
  saveSweep,
  sweepByName,
  sweepCells,
  sweeps,
} from "./sweepTables.js";

export { CHECKPOINT_COLUMNS } from "../train/metrics.js"; // the record format is defined with the Checkpoint type
export type { SaveMeta, StoredRun } from "./runTables.js";
export { SCHEMA_VERSION } from "./storeSchema.js";
export type { CellIdentity, CellOutcome, CellRecord, MergeReport, SweepRecord } from "./sweepTables.js";

/** A failure to write the store (full disk, quota, read-only or missing medium) rather than a bug. */
export function isStoreWriteError(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return (
    typeof code === "string" && (code.startsWith("SQLITE_") || ["ENOSPC", "EDQUOT", "EROFS", "EIO"].includes(code))
  );
}

export class ResultsStore {
  readonly db: Database.Database;

  /**
   * Open (creating if needed) the store at `path`; ":memory:" for a throw-away store. `readonly` opens an existing
   * file without touching it (no schema, no WAL switch): for plot and export; on a read-only medium (a WAL store in a
   * folder that cannot take its -shm file) it is opened immutable. Refused with a UsageError, before anything is
   * written: a file that is not a regular file, not SQLite or truncated, a store of a newer schema than this code's,
   * and a foreign SQLite database (tables, but none of ours), which is never modified.
   */
  constructor(path: string, opts: { readonly?: boolean } = {}) {
    if (path !== ":memory:") checkStoreFile(path);
    if (opts.readonly) {
      this.db = openReadOnly(path);
      checkSchema(this.db, path);
      this.groups(); // fails here, not halfway through, when the file is not a results store
      if (needsMigration(this.db)) {
        // a results store from an earlier version: upgrade it once (a legitimate write), then read
        const rekey = needsRekey(this.db);
        this.db.close();
        try {
          new ResultsStore(path).close();
        } catch (err) {
          // a version-1 store on a read-only medium still reads its runs; only its (absent) sweeps are missing
          if (rekey) throw err;
        }
        this.db = openReadOnly(path);
      }
      return;
    }
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    try {
      checkSchema(this.db, path);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("busy_timeout = 10000");
      migrate(this.db);
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (err) {
      this.db.close();
      if (err instanceof UsageError) throw err;
      throw new UsageError(`"${path}" cannot be used as a grokedge results store (${(err as Error).message})`);
    }
  }

  /** Insert one run and its checkpoints atomically; returns its run_id. */
  saveRun(run: RunResult, meta: SaveMeta): number {
    return this.db.transaction(() => insertRun(this.db, run, meta))();
  }

  /** Store a computed curve that is not a training run (e.g. the 1-D model): one row, one statement. */
  saveCurve(kind: string, version: string, config: object, summary: object, records: readonly object[]): number {
    const info = this.db
      .prepare(
        "INSERT INTO curves (created_at, kind, version, config_json, summary_json, records_json) VALUES (?, ?, ?, ?, ?, ?)",
      )
      .run(
        new Date().toISOString(),
        kind,
        version,
        JSON.stringify(config),
        JSON.stringify(summary),
        JSON.stringify(records),
      );
    return Number(info.lastInsertRowid);
  }

  /**
   * Keep the result of one keyed task (e.g. a figure's per-draw S_∞ solve collected from a queue), so that a rerun of
   * the same work finds it instead of computing it again. The value is stored with v8.serialize: NaN, ±∞ and −0 survive.
   * A key already present keeps its first result (returns false).
   */
  saveTaskResult(key: string, task: object, result: unknown, version: string): boolean {
    const info = this.db
      .prepare(
        "INSERT OR IGNORE INTO task_results (task_key, task_json, result, version, saved_at) VALUES (?, ?, ?, ?, ?)",
      )
      .run(key, JSON.stringify(task), serialize(result), version, new Date().toISOString());
    return info.changes === 1;
  }

  /** The stored results among `keys` (keys without one are absent from the map). */
  taskResults(keys: readonly string[]): Map<string, unknown> {
    const get = this.db.prepare("SELECT result FROM task_results WHERE task_key = ?");
    const out = new Map<string, unknown>();
    for (const key of keys) {
      const row = get.get(key) as { result: Buffer } | undefined;
      if (row) out.set(key, deserialize(row.result));
    }
    return out;
  }

  /** Run ids of a group (all runs when group is undefined), oldest first. */
  runIds(group?: string): number[] {
    const rows = group
      ? this.db.prepare("SELECT run_id FROM runs WHERE run_group = ? ORDER BY run_id").all(group)
      : this.db.prepare("SELECT run_id FROM runs ORDER BY run_id").all();
    return (rows as { run_id: number }[]).map((r) => r.run_id);
  }

  /** Distinct groups with their run counts, newest first. */
  groups(): { group: string; runs: number }[] {
    const rows = this.db
      .prepare(
        "SELECT run_group AS grp, COUNT(*) AS runs, MAX(run_id) AS last FROM runs GROUP BY run_group ORDER BY last DESC",
      )
      .all() as { grp: string; runs: number }[];
    return rows.map((r) => ({ group: r.grp, runs: r.runs }));
  }

  /** Load one run with its checkpoints in epoch order. */
  loadRun(runId: number): StoredRun {
    return loadRun(this.db, runId);
  }

  /**
   * Register a sweep, or confirm one already registered under the same name and key. A name held by a sweep of
   * another key (a different spec) is refused: cells of two specs must never mix.
   */
  saveSweep(sweep: Omit<SweepRecord, "createdAt">): void {
    saveSweep(this.db, sweep);
  }

  /** The sweep registered under `name`, if any. */
  sweepByName(name: string): SweepRecord | undefined {
    return sweepByName(this.db, name);
  }

  /** Every registered sweep, oldest first. */
  sweeps(): SweepRecord[] {
    return sweeps(this.db);
  }

  /** The finished (done or failed) cells of a sweep, by index. */
  sweepCells(sweepKey: string): CellRecord[] {
    return sweepCells(this.db, sweepKey);
  }

  /**
   * Record a finished cell and its run in ONE transaction, so that a kill at any instant leaves the cell either
   * whole or missing. A cell already done is left alone (returns false): re-running or re-enqueueing a cell never
   * duplicates it. A failed cell that is run again is replaced, its attempts counted.
   */
  saveCell(cell: CellIdentity, outcome: CellOutcome): boolean {
    return saveCell(this.db, cell, outcome);
  }

  /**
   * Copy the sweeps, cells and cell runs of another store (a shard) into this one, in one transaction. Cells are
   * matched by key: a cell done here is never copied again (so merging twice changes nothing), a cell failed here
   * is replaced by the source's done one. A sweep name held here by a different spec is refused.
   */
  mergeFrom(path: string): MergeReport {
    if (this.db.name !== ":memory:" && realpathSync(path) === realpathSync(this.db.name)) {
      throw new UsageError(`cannot merge a store into itself (got "${path}")`);
    }
    new ResultsStore(path, { readonly: true }).close(); // a results store, upgraded to this schema if older
    const { attach, done } = attachable(path);
    this.db.prepare("ATTACH DATABASE ? AS src").run(attach);
    try {
      return this.db.transaction(() => mergeAttached(this.db))();
    } finally {
      this.db.prepare("DETACH DATABASE src").run();
      done();
    }
  }

  close(): void {
    this.db.close();
  }
}
