/**
 * The tables of a results store (runs, checkpoints, sweeps, sweep cells, curves, task results), its schema version,
 * and the checks and migrations run when a store is opened.
 */

import type Database from "better-sqlite3";
import { UsageError } from "../config/schema.js";
import { CHECKPOINT_COLUMNS } from "../train/metrics.js";

/**
 * Bumped whenever the tables change; `migrate` upgrades older stores. Version 2 added the sweep tables, version 3 the
 * task results (per-draw theory outcomes collected from a queue).
 */
export const SCHEMA_VERSION = 3;

// Column names avoid single letters that case-insensitive SQL would confuse (n_points, not N).
export const SCHEMA = `
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

/** Refuse, without writing anything, a store newer than this code and a foreign (non-empty, not ours) database. */
export function checkSchema(db: Database.Database, path: string): void {
  let version: number;
  let tables: string[];
  try {
    version = db.pragma("user_version", { simple: true }) as number;
    tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
  } catch (err) {
    db.close();
    throw new UsageError(`"${path}" is not a readable SQLite database (${(err as Error).message})`);
  }
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new UsageError(
      `"${path}" is a results store of schema version ${version}, newer than the version ${SCHEMA_VERSION} this grokedge supports: use a newer grokedge`,
    );
  }
  if (tables.length > 0 && !tables.includes("runs")) {
    db.close();
    throw new UsageError(
      `"${path}" is an SQLite database of another program (tables ${tables.slice(0, 5).join(", ")}), not a grokedge results store: left untouched`,
    );
  }
}

function checkpointColumns(db: Database.Database): string[] {
  const rows = db.prepare("SELECT name FROM pragma_table_info('checkpoints')").all() as { name: string }[];
  return rows.map((r) => r.name);
}

/** A checkpoints table without the position key is a version-0 store. */
export function needsRekey(db: Database.Database): boolean {
  const columns = checkpointColumns(db);
  return columns.length > 0 && !columns.includes("idx");
}

/** A results store older than SCHEMA_VERSION (version 1 lacks the sweep tables; CREATE IF NOT EXISTS adds them). */
export function needsMigration(db: Database.Database): boolean {
  if (checkpointColumns(db).length === 0) return false;
  return needsRekey(db) || (db.pragma("user_version", { simple: true }) as number) < SCHEMA_VERSION;
}

/**
 * Bring a store written by an earlier version up to SCHEMA_VERSION. Version 0 keyed checkpoints by (run_id, epoch);
 * version 1 keys them by position (idx), since flow checkpoints can share epoch = ∞: re-keyed here in one
 * transaction. Versions 2 and 3 add tables (sweeps, task results), which the constructor's CREATE IF NOT EXISTS creates.
 */
export function migrate(db: Database.Database): void {
  if (!needsRekey(db)) return;
  const keep = checkpointColumns(db).filter((c) => c !== "run_id");
  const shared = CHECKPOINT_COLUMNS.filter((c) => keep.includes(c));
  db.transaction(() => {
    db.exec("ALTER TABLE checkpoints RENAME TO checkpoints_v0");
    db.exec(SCHEMA);
    db.exec(
      `INSERT INTO checkpoints (run_id, idx, ${shared.join(", ")})
       SELECT run_id, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY epoch) - 1, ${shared.join(", ")}
       FROM checkpoints_v0`,
    );
    db.exec("DROP TABLE checkpoints_v0");
  })();
}
