/**
 * The sweep tables: sweeps registered by key and name, and their finished cells, each saved with its run in one
 * transaction; the merge of an attached shard store's sweeps (as `src`) into this one.
 */

import type Database from "better-sqlite3";
import { UsageError } from "../config/schema.js";
import { CHECKPOINT_COLUMNS } from "../train/metrics.js";
import type { RunResult } from "../train/run.js";
import { insertRun, type SaveMeta } from "./runTables.js";

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

/**
 * Register a sweep, or confirm one already registered under the same name and key. A name held by a sweep of
 * another key (a different spec) is refused: cells of two specs must never mix.
 */
export function saveSweep(db: Database.Database, sweep: Omit<SweepRecord, "createdAt">): void {
  const existing = sweepByName(db, sweep.name);
  if (existing && existing.key !== sweep.key) {
    throw new UsageError(
      `sweep "${sweep.name}" in this store has another spec (key ${existing.key}, this one ${sweep.key}): rename the sweep or use another --db`,
    );
  }
  if (existing) return;
  db.prepare(
    "INSERT INTO sweeps (sweep_key, name, spec_json, cells, created_at, version) VALUES (?, ?, ?, ?, ?, ?)",
  ).run(sweep.key, sweep.name, sweep.specJson, sweep.cells, new Date().toISOString(), sweep.version);
}

/** The sweep registered under `name`, if any. */
export function sweepByName(db: Database.Database, name: string): SweepRecord | undefined {
  const row = db.prepare("SELECT * FROM sweeps WHERE name = ?").get(name) as SweepRow | undefined;
  return row && sweepFromRow(row);
}

/** Every registered sweep, oldest first. */
export function sweeps(db: Database.Database): SweepRecord[] {
  return (db.prepare("SELECT * FROM sweeps ORDER BY created_at, name").all() as SweepRow[]).map(sweepFromRow);
}

/** The finished (done or failed) cells of a sweep, by index. */
export function sweepCells(db: Database.Database, sweepKey: string): CellRecord[] {
  const rows = db
    .prepare("SELECT * FROM sweep_cells WHERE sweep_key = ? ORDER BY cell_index")
    .all(sweepKey) as CellRow[];
  return rows.map(cellFromRow);
}

/**
 * Record a finished cell and its run in ONE transaction, so that a kill at any instant leaves the cell either
 * whole or missing. A cell already done is left alone (returns false): re-running or re-enqueueing a cell never
 * duplicates it. A failed cell that is run again is replaced, its attempts counted.
 */
export function saveCell(db: Database.Database, cell: CellIdentity, outcome: CellOutcome): boolean {
  const tx = db.transaction((): boolean => {
    const prev = db.prepare("SELECT status, attempts FROM sweep_cells WHERE cell_key = ?").get(cell.key) as
      | { status: string; attempts: number }
      | undefined;
    if (prev?.status === "done") return false;
    const runId = "run" in outcome ? insertRun(db, outcome.run, outcome.meta) : null;
    const error = "error" in outcome ? outcome.error : null;
    upsertCell(db, {
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

function upsertCell(db: Database.Database, c: Omit<CellRecord, "point"> & { point: object }): void {
  db.prepare(
    `INSERT INTO sweep_cells (cell_key, sweep_key, cell_index, replicate, point_json, status, run_id, error,
        attempts, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cell_key) DO UPDATE SET status = excluded.status, run_id = excluded.run_id,
        error = excluded.error, attempts = excluded.attempts, updated_at = excluded.updated_at`,
  ).run(
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

/** Copy the sweeps, cells and cell runs of the store attached as `src`; the caller holds the transaction. */
export function mergeAttached(db: Database.Database): MergeReport {
  const report: MergeReport = { sweepsAdded: 0, cellsCopied: 0, duplicates: 0, otherRuns: 0 };
  for (const row of db.prepare("SELECT * FROM src.sweeps").all() as SweepRow[]) {
    const known = sweepByName(db, row.name) !== undefined;
    saveSweep(db, sweepFromRow(row));
    if (!known) report.sweepsAdded++;
  }
  const cells = db.prepare("SELECT * FROM src.sweep_cells ORDER BY sweep_key, cell_index").all() as CellRow[];
  for (const cell of cells.map(cellFromRow)) {
    const here = db.prepare("SELECT status, attempts FROM sweep_cells WHERE cell_key = ?").get(cell.key) as
      | { status: string; attempts: number }
      | undefined;
    if (here?.status === "done" || (here && cell.status === "failed")) {
      report.duplicates++;
      continue;
    }
    const runId = cell.runId === null ? null : copyRun(db, cell.runId);
    upsertCell(db, { ...cell, runId, attempts: Math.max(cell.attempts, here?.attempts ?? 0) });
    report.cellsCopied++;
  }
  const other = db
    .prepare(
      "SELECT COUNT(*) AS k FROM src.runs WHERE run_id NOT IN (SELECT run_id FROM src.sweep_cells WHERE run_id IS NOT NULL)",
    )
    .get() as { k: number };
  report.otherRuns = other.k;
  return report;
}

/** Copy one run of the attached source with its checkpoints; returns its new run_id here. */
function copyRun(db: Database.Database, srcId: number): number {
  const cols = (db.prepare("SELECT name FROM pragma_table_info('runs')").all() as { name: string }[])
    .map((r) => r.name)
    .filter((c) => c !== "run_id")
    .join(", ");
  const info = db.prepare(`INSERT INTO runs (${cols}) SELECT ${cols} FROM src.runs WHERE run_id = ?`).run(srcId);
  const id = Number(info.lastInsertRowid);
  const cp = CHECKPOINT_COLUMNS.join(", ");
  db.prepare(
    `INSERT INTO checkpoints (run_id, idx, ${cp}) SELECT ?, idx, ${cp} FROM src.checkpoints WHERE run_id = ?`,
  ).run(id, srcId);
  return id;
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
