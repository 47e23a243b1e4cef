/**
 * The results store: an embedded SQLite database (better-sqlite3, WAL) holding every run — configuration, checkpoints
 * and summary — so that figures and sweeps read from it. A run is written in one transaction: a killed process leaves
 * either the whole run or nothing. Sweeps (experiments/sweep.ts) record each finished cell with its run in one
 * transaction, keyed by a stable cell key, so shard stores merge without duplicates.
 */

import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { deserialize, serialize } from "node:v8";
import Database from "better-sqlite3";
import type { RunConfig } from "../config/run.js";
import { UsageError } from "../config/schema.js";
import type { Checkpoint } from "../train/gd.js";
import { CHECKPOINT_COLUMNS } from "../train/metrics.js";
import type { RunResult, RunSummary } from "../train/run.js";

export { CHECKPOINT_COLUMNS }; // the record format is defined with the Checkpoint type (train/metrics.ts)

/**
 * Bumped whenever the tables change; `migrate` upgrades older stores. Version 2 added the sweep tables, version 3 the
 * task results (per-draw theory outcomes collected from a queue).
 */
export const SCHEMA_VERSION = 3;

// Column names avoid single letters that case-insensitive SQL would confuse (n_points, not N).
const SCHEMA = `
CREATE TABLE IF NOT EXISTS runs (
  run_id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  run_group TEXT NOT NULL,
  n_points INTEGER NOT NULL, dim INTEGER NOT NULL, sigma REAL NOT NULL, lr REAL NOT NULL, epochs INTEGER NOT NULL,
  loss_name TEXT NOT NULL, seed INTEGER NOT NULL, run_index INTEGER NOT NULL,
  status TEXT NOT NULL, wall_seconds REAL, version TEXT NOT NULL,
  config_json TEXT NOT NULL, summary_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS checkpoints (
  run_id INTEGER NOT NULL REFERENCES runs(run_id) ON DELETE CASCADE,
  idx INTEGER NOT NULL,
  ${CHECKPOINT_COLUMNS.map((c) => `${c} REAL`).join(", ")},
  PRIMARY KEY (run_id, idx)
);
CREATE INDEX IF NOT EXISTS runs_by_group ON runs(run_group);
CREATE TABLE IF NOT EXISTS sweeps (
  sweep_key TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  spec_json TEXT NOT NULL,
  cells INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  version TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sweep_cells (
  cell_key TEXT PRIMARY KEY,
  sweep_key TEXT NOT NULL REFERENCES sweeps(sweep_key),
  cell_index INTEGER NOT NULL,
  replicate INTEGER NOT NULL,
  point_json TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('done', 'failed')),
  run_id INTEGER REFERENCES runs(run_id),
  error TEXT,
  attempts INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (sweep_key, cell_index)
);
CREATE TABLE IF NOT EXISTS curves (
  curve_id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  version TEXT NOT NULL,
  config_json TEXT NOT NULL, summary_json TEXT NOT NULL, records_json TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS task_results (
  task_key TEXT PRIMARY KEY,
  task_json TEXT NOT NULL,
  result BLOB NOT NULL,
  version TEXT NOT NULL,
  saved_at TEXT NOT NULL
);
`;

export interface StoredRun extends RunResult {
  runId: number;
  group: string;
  wallSeconds: number | null;
}

export interface SaveMeta {
  group: string;
  wallSeconds: number | null;
  version: string;
}

/** A sweep as registered in the store (its spec as JSON, keyed by flag names). */
export interface SweepRecord {
  key: string;
  name: string;
  specJson: string;
  cells: number;
  createdAt: string;
  version: string;
}

/** A finished cell of a sweep: done (with its run) or failed (with its error). Missing cells have no record. */
export interface CellRecord {
  key: string;
  sweepKey: string;
  index: number;
  replicate: number;
  point: Record<string, number | string>;
  status: "done" | "failed";
  runId: number | null;
  error: string | null;
  /** how many times the cell was run to completion or failure */
  attempts: number;
}

/** The identity of a cell to save (its key says which sweep and index). */
export type CellIdentity = Pick<CellRecord, "key" | "sweepKey" | "index" | "replicate" | "point">;

/** What running a cell gave: a run to store, or the error that stopped it. */
export type CellOutcome = { run: RunResult; meta: SaveMeta } | { error: string };

/** What `mergeFrom` did with one source store. */
export interface MergeReport {
  sweepsAdded: number;
  cellsCopied: number;
  /** cells already done here (same key): skipped, never duplicated */
  duplicates: number;
  /** runs of the source that belong to no sweep cell: not copied (a merge must be repeatable without duplicates) */
  otherRuns: number;
}

/** A store path must be a regular file where it exists (not a device, a fifo or a folder). */
function checkStoreFile(path: string): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return; // created when opened for writing; a reader's open reports a missing file
  }
  if (!st.isFile()) throw new UsageError(`"${path}" must be a regular file to be a results store`);
}

/** Open an existing store read-only in place; throws when the medium cannot take a WAL store's -shm file. */
function openInPlace(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.prepare("SELECT COUNT(*) FROM sqlite_master").get();
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** An open failure that a read-only medium explains (SQLite cannot create or lock the -shm file there). */
function readOnlyMediumError(err: unknown): boolean {
  return /^SQLITE_(READONLY|CANTOPEN)/.test((err as { code?: string }).code ?? "");
}

/**
 * The bytes of a store that cannot be opened in place (a WAL store on a read-only medium), as a rollback-journal
 * image (header bytes 18–19 set to 1) that SQLite opens from memory. Only when no -wal file holds commits not yet
 * in the main file: those could not be read without writing.
 */
function storeImage(path: string, err: unknown): Buffer {
  const wal = statSync(`${path}-wal`, { throwIfNoEntry: false });
  if (wal && wal.size > 0) throw err;
  const bytes = readFileSync(path);
  if (bytes.length >= 20) bytes.fill(1, 18, 20);
  return bytes;
}

/**
 * Open an existing store read-only. A WAL store on a read-only medium (a read-only mount, an archive) cannot create
 * its -shm file: it is then read into memory and opened from there, nothing written next to it.
 */
function openReadOnly(path: string): Database.Database {
  try {
    return openInPlace(path);
  } catch (err) {
    if (!readOnlyMediumError(err)) throw err;
    return new Database(storeImage(path, err), { readonly: true });
  }
}

/** A path ATTACH can read: the store itself, or a temporary copy of it when its medium is read-only. */
function attachable(path: string): { attach: string; done: () => void } {
  try {
    openInPlace(path).close();
    return { attach: path, done: () => {} };
  } catch (err) {
    if (!readOnlyMediumError(err)) throw err;
    const dir = mkdtempSync(join(tmpdir(), "grokedge-merge-"));
    const copy = join(dir, basename(path));
    writeFileSync(copy, storeImage(path, err));
    return { attach: copy, done: () => rmSync(dir, { recursive: true, force: true }) };
  }
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
      this.checkSchema(path);
      this.groups(); // fails here, not halfway through, when the file is not a results store
      if (this.needsMigration()) {
        // a results store from an earlier version: upgrade it once (a legitimate write), then read
        const rekey = this.needsRekey();
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
      this.checkSchema(path);
      this.db.pragma("journal_mode = WAL");
      this.db.pragma("busy_timeout = 10000");
      this.migrate();
      this.db.exec(SCHEMA);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    } catch (err) {
      this.db.close();
      if (err instanceof UsageError) throw err;
      throw new UsageError(`"${path}" cannot be used as a grokedge results store (${(err as Error).message})`);
    }
  }

  /** Refuse, without writing anything, a store newer than this code and a foreign (non-empty, not ours) database. */
  private checkSchema(path: string): void {
    let version: number;
    let tables: string[];
    try {
      version = this.db.pragma("user_version", { simple: true }) as number;
      tables = (
        this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
          name: string;
        }[]
      ).map((r) => r.name);
    } catch (err) {
      this.db.close();
      throw new UsageError(`"${path}" is not a readable SQLite database (${(err as Error).message})`);
    }
    if (version > SCHEMA_VERSION) {
      this.db.close();
      throw new UsageError(
        `"${path}" is a results store of schema version ${version}, newer than the version ${SCHEMA_VERSION} this grokedge supports: use a newer grokedge`,
      );
    }
    if (tables.length > 0 && !tables.includes("runs")) {
      this.db.close();
      throw new UsageError(
        `"${path}" is an SQLite database of another program (tables ${tables.slice(0, 5).join(", ")}), not a grokedge results store: left untouched`,
      );
    }
  }

  private checkpointColumns(): string[] {
    const rows = this.db.prepare("SELECT name FROM pragma_table_info('checkpoints')").all() as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** A checkpoints table without the position key is a version-0 store. */
  private needsRekey(): boolean {
    const columns = this.checkpointColumns();
    return columns.length > 0 && !columns.includes("idx");
  }

  /** A results store older than SCHEMA_VERSION (version 1 lacks the sweep tables; CREATE IF NOT EXISTS adds them). */
  private needsMigration(): boolean {
    if (this.checkpointColumns().length === 0) return false;
    return this.needsRekey() || (this.db.pragma("user_version", { simple: true }) as number) < SCHEMA_VERSION;
  }

  /**
   * Bring a store written by an earlier version up to SCHEMA_VERSION. Version 0 keyed checkpoints by (run_id, epoch);
   * version 1 keys them by position (idx), since flow checkpoints can share epoch = ∞: re-keyed here in one
   * transaction. Versions 2 and 3 add tables (sweeps, task results), which the constructor's CREATE IF NOT EXISTS creates.
   */
  private migrate(): void {
    if (!this.needsRekey()) return;
    const keep = this.checkpointColumns().filter((c) => c !== "run_id");
    const shared = CHECKPOINT_COLUMNS.filter((c) => keep.includes(c));
    this.db.transaction(() => {
      this.db.exec("ALTER TABLE checkpoints RENAME TO checkpoints_v0");
      this.db.exec(SCHEMA);
      this.db.exec(
        `INSERT INTO checkpoints (run_id, idx, ${shared.join(", ")})
         SELECT run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY epoch) - 1, ${shared.join(", ")}
         FROM checkpoints_v0`,
      );
      this.db.exec("DROP TABLE checkpoints_v0");
    })();
  }

  /** Insert one run and its checkpoints atomically; returns its run_id. */
  saveRun(run: RunResult, meta: SaveMeta): number {
    return this.db.transaction(() => this.insertRun(run, meta))();
  }

  /** The run's rows; the caller holds the transaction. */
  private insertRun(run: RunResult, meta: SaveMeta): number {
    const insertRun = this.db.prepare(
      `INSERT INTO runs (created_at, run_group, n_points, dim, sigma, lr, epochs, loss_name, seed, run_index, status,
        wall_seconds, version, config_json, summary_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertCheckpoint = this.db.prepare(
      `INSERT INTO checkpoints (run_id, idx, ${CHECKPOINT_COLUMNS.join(", ")})
       VALUES (?, ?, ${CHECKPOINT_COLUMNS.map(() => "?").join(", ")})`,
    );
    const c = run.config;
    const info = insertRun.run(
      new Date().toISOString(),
      meta.group,
      c.n,
      c.d,
      c.sigma,
      c.lr,
      c.epochs,
      c.loss,
      c.seed,
      c.runIndex,
      run.summary.status,
      meta.wallSeconds,
      meta.version,
      JSON.stringify(c),
      JSON.stringify(run.summary),
    );
    const id = Number(info.lastInsertRowid);
    // keyed by position: flow checkpoints past t/η ≈ 1.8e308 share epoch = Infinity
    for (const [i, cp] of run.checkpoints.entries()) {
      insertCheckpoint.run(id, i, ...CHECKPOINT_COLUMNS.map((k) => cp[k]));
    }
    return id;
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
    const row = this.db.prepare("SELECT * FROM runs WHERE run_id = ?").get(runId) as
      | { run_group: string; wall_seconds: number | null; config_json: string; summary_json: string }
      | undefined;
    if (!row) throw new Error(`no run with run_id ${runId}`);
    const checkpoints = this.db
      .prepare(`SELECT ${CHECKPOINT_COLUMNS.join(", ")} FROM checkpoints WHERE run_id = ? ORDER BY idx`)
      .all(runId) as Checkpoint[];
    return {
      runId,
      group: row.run_group,
      wallSeconds: row.wall_seconds,
      config: JSON.parse(row.config_json) as RunConfig,
      summary: JSON.parse(row.summary_json) as RunSummary,
      checkpoints,
    };
  }

  /**
   * Register a sweep, or confirm one already registered under the same name and key. A name held by a sweep of
   * another key (a different spec) is refused: cells of two specs must never mix.
   */
  saveSweep(sweep: Omit<SweepRecord, "createdAt">): void {
    const existing = this.sweepByName(sweep.name);
    if (existing && existing.key !== sweep.key) {
      throw new UsageError(
        `sweep "${sweep.name}" in this store has another spec (key ${existing.key}, this one ${sweep.key}): rename the sweep or use another --db`,
      );
    }
    if (existing) return;
    this.db
      .prepare("INSERT INTO sweeps (sweep_key, name, spec_json, cells, created_at, version) VALUES (?, ?, ?, ?, ?, ?)")
      .run(sweep.key, sweep.name, sweep.specJson, sweep.cells, new Date().toISOString(), sweep.version);
  }

  /** The sweep registered under `name`, if any. */
  sweepByName(name: string): SweepRecord | undefined {
    const row = this.db.prepare("SELECT * FROM sweeps WHERE name = ?").get(name) as SweepRow | undefined;
    return row && sweepFromRow(row);
  }

  /** Every registered sweep, oldest first. */
  sweeps(): SweepRecord[] {
    return (this.db.prepare("SELECT * FROM sweeps ORDER BY created_at, name").all() as SweepRow[]).map(sweepFromRow);
  }

  /** The finished (done or failed) cells of a sweep, by index. */
  sweepCells(sweepKey: string): CellRecord[] {
    const rows = this.db
      .prepare("SELECT * FROM sweep_cells WHERE sweep_key = ? ORDER BY cell_index")
      .all(sweepKey) as CellRow[];
    return rows.map(cellFromRow);
  }

  /**
   * Record a finished cell and its run in ONE transaction, so that a kill at any instant leaves the cell either
   * whole or missing. A cell already done is left alone (returns false): re-running or re-enqueueing a cell never
   * duplicates it. A failed cell that is run again is replaced, its attempts counted.
   */
  saveCell(cell: CellIdentity, outcome: CellOutcome): boolean {
    const tx = this.db.transaction((): boolean => {
      const prev = this.db.prepare("SELECT status, attempts FROM sweep_cells WHERE cell_key = ?").get(cell.key) as
        | { status: string; attempts: number }
        | undefined;
      if (prev?.status === "done") return false;
      const runId = "run" in outcome ? this.insertRun(outcome.run, outcome.meta) : null;
      const error = "error" in outcome ? outcome.error : null;
      this.upsertCell({
        ...cell,
        status: runId === null ? "failed" : "done",
        runId,
        error,
        attempts: (prev?.attempts ?? 0) + 1,
      });
      return true;
    });
    return tx.immediate(); // IMMEDIATE: two writers of one store cannot both see the cell as missing
  }

  private upsertCell(c: Omit<CellRecord, "point"> & { point: object }): void {
    this.db
      .prepare(
        `INSERT INTO sweep_cells (cell_key, sweep_key, cell_index, replicate, point_json, status, run_id, error,
          attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (cell_key) DO UPDATE SET status = excluded.status, run_id = excluded.run_id,
          error = excluded.error, attempts = excluded.attempts, updated_at = excluded.updated_at`,
      )
      .run(
        c.key,
        c.sweepKey,
        c.index,
        c.replicate,
        JSON.stringify(c.point),
        c.status,
        c.runId,
        c.error,
        c.attempts,
        new Date().toISOString(),
      );
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
      return this.db.transaction(() => this.mergeAttached())();
    } finally {
      this.db.prepare("DETACH DATABASE src").run();
      done();
    }
  }

  private mergeAttached(): MergeReport {
    const report: MergeReport = { sweepsAdded: 0, cellsCopied: 0, duplicates: 0, otherRuns: 0 };
    for (const row of this.db.prepare("SELECT * FROM src.sweeps").all() as SweepRow[]) {
      const known = this.sweepByName(row.name) !== undefined;
      this.saveSweep(sweepFromRow(row));
      if (!known) report.sweepsAdded++;
    }
    const cells = this.db.prepare("SELECT * FROM src.sweep_cells ORDER BY sweep_key, cell_index").all() as CellRow[];
    for (const cell of cells.map(cellFromRow)) {
      const here = this.db.prepare("SELECT status, attempts FROM sweep_cells WHERE cell_key = ?").get(cell.key) as
        | { status: string; attempts: number }
        | undefined;
      if (here?.status === "done" || (here && cell.status === "failed")) {
        report.duplicates++;
        continue;
      }
      const runId = cell.runId === null ? null : this.copyRun(cell.runId);
      this.upsertCell({ ...cell, runId, attempts: Math.max(cell.attempts, here?.attempts ?? 0) });
      report.cellsCopied++;
    }
    const other = this.db
      .prepare(
        "SELECT COUNT(*) AS k FROM src.runs WHERE run_id NOT IN (SELECT run_id FROM src.sweep_cells WHERE run_id IS NOT NULL)",
      )
      .get() as { k: number };
    report.otherRuns = other.k;
    return report;
  }

  /** Copy one run of the attached source with its checkpoints; returns its new run_id here. */
  private copyRun(srcId: number): number {
    const cols = (this.db.prepare("SELECT name FROM pragma_table_info('runs')").all() as { name: string }[])
      .map((r) => r.name)
      .filter((c) => c !== "run_id")
      .join(", ");
    const info = this.db.prepare(`INSERT INTO runs (${cols}) SELECT ${cols} FROM src.runs WHERE run_id = ?`).run(srcId);
    const id = Number(info.lastInsertRowid);
    const cp = CHECKPOINT_COLUMNS.join(", ");
    this.db
      .prepare(
        `INSERT INTO checkpoints (run_id, idx, ${cp}) SELECT ?, idx, ${cp} FROM src.checkpoints WHERE run_id = ?`,
      )
      .run(id, srcId);
    return id;
  }

  close(): void {
    this.db.close();
  }
}

interface SweepRow {
  sweep_key: string;
  name: string;
  spec_json: string;
  cells: number;
  created_at: string;
  version: string;
}

interface CellRow {
  cell_key: string;
  sweep_key: string;
  cell_index: number;
  replicate: number;
  point_json: string;
  status: "done" | "failed";
  run_id: number | null;
  error: string | null;
  attempts: number;
}

function sweepFromRow(r: SweepRow): SweepRecord {
  return {
    key: r.sweep_key,
    name: r.name,
    specJson: r.spec_json,
    cells: r.cells,
    createdAt: r.created_at,
    version: r.version,
  };
}

function cellFromRow(r: CellRow): CellRecord {
  return {
    key: r.cell_key,
    sweepKey: r.sweep_key,
    index: r.cell_index,
    replicate: r.replicate,
    point: JSON.parse(r.point_json) as Record<string, number | string>,
    status: r.status,
    runId: r.run_id,
    error: r.error,
    attempts: r.attempts,
  };
}
