/**
 * The results store: an embedded SQLite database (better-sqlite3, WAL) holding every run — configuration, checkpoints
 * and summary — so that figures and sweeps read from it. A run is written in one transaction: a killed process leaves
 * either the whole run or nothing.
 */

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { RunConfig } from "../config/run.js";
import type { Checkpoint } from "../train/gd.js";
import type { RunResult, RunSummary } from "../train/run.js";

/** Checkpoint columns, in record order (the public CSV/JSONL format). */
export const CHECKPOINT_COLUMNS = [
  "epoch",
  "t",
  "log10_t",
  "train_loss",
  "log10_train_loss",
  "train_acc",
  "pop_loss",
  "log10_pop_loss",
  "pop_acc",
  "test_loss",
  "test_acc",
  "norm_s",
  "sigma_norm_s",
  "b",
  "b_over_sigma_norm_s",
] as const satisfies readonly (keyof Checkpoint)[];

/** Bumped whenever the tables change; `migrate` upgrades older stores. */
const SCHEMA_VERSION = 1;

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
CREATE TABLE IF NOT EXISTS curves (
  curve_id INTEGER PRIMARY KEY AUTOINCREMENT,
  created_at TEXT NOT NULL,
  kind TEXT NOT NULL,
  version TEXT NOT NULL,
  config_json TEXT NOT NULL, summary_json TEXT NOT NULL, records_json TEXT NOT NULL
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

export class ResultsStore {
  readonly db: Database.Database;

  /**
   * Open (creating if needed) the store at `path`; ":memory:" for a throw-away store. `readonly` opens an existing
   * file without touching it (no schema, no WAL switch): for plot and export.
   */
  constructor(path: string, opts: { readonly?: boolean } = {}) {
    if (opts.readonly) {
      this.db = new Database(path, { readonly: true, fileMustExist: true });
      this.groups(); // fails here, not halfway through, when the file is not a results store
      if (this.needsMigration()) {
        // a results store from an earlier version: upgrade it once (a legitimate write), then read
        this.db.close();
        new ResultsStore(path).close();
        this.db = new Database(path, { readonly: true, fileMustExist: true });
      }
      return;
    }
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("busy_timeout = 10000");
    this.migrate();
    this.db.exec(SCHEMA);
    this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }

  /**
   * Bring a store written by an earlier version up to SCHEMA_VERSION, in one transaction. Version 0 keyed checkpoints
   * by (run_id, epoch); version 1 keys them by position (idx), since flow checkpoints can share epoch = ∞.
   */
  private checkpointColumns(): string[] {
    const rows = this.db.prepare("SELECT name FROM pragma_table_info('checkpoints')").all() as { name: string }[];
    return rows.map((r) => r.name);
  }

  /** A checkpoints table without the position key is a version-0 store. */
  private needsMigration(): boolean {
    const columns = this.checkpointColumns();
    return columns.length > 0 && !columns.includes("idx");
  }

  private migrate(): void {
    if (!this.needsMigration()) return;
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
    const tx = this.db.transaction(() => {
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
    });
    return tx();
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

  close(): void {
    this.db.close();
  }
}
