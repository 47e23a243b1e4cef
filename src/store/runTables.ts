/** The runs and checkpoints tables: a training run's rows written and read back. */

import type Database from "better-sqlite3";
import type { RunConfig } from "../config/run.js";
import type { Checkpoint } from "../train/gd.js";
import { CHECKPOINT_COLUMNS } from "../train/metrics.js";
import type { RunResult, RunSummary } from "../train/run.js";

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

/** The run's rows; the caller holds the transaction. */
export function insertRun(db: Database.Database, run: RunResult, meta: SaveMeta): number {
  const insertRun = db.prepare(
    `INSERT INTO runs (created_at, run_group, n_points, dim, sigma, lr, epochs, loss_name, seed, run_index, status,
      wall_seconds, version, config_json, summary_json)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertCheckpoint = db.prepare(
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

/** Load one run with its checkpoints in epoch order. */
export function loadRun(db: Database.Database, runId: number): StoredRun {
  const row = db.prepare("SELECT * FROM runs WHERE run_id = ?").get(runId) as
    | { run_group: string; wall_seconds: number | null; config_json: string; summary_json: string }
    | undefined;
  if (!row) throw new Error(`no run with run_id ${runId}`);
  const checkpoints = db
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
