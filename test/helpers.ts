/** Shared test helpers: run the built CLI (dist/, built by `npm test` before vitest) as a user would. */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";

/** The CLI under test: dist/cli/main.js as `npm test` builds it, or GROKEDGE_MAIN (a build elsewhere). */
export const MAIN = process.env.GROKEDGE_MAIN ?? new URL("../dist/cli/main.js", import.meta.url).pathname;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function grokedge(args: string[], cwd?: string): CliResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A PID that surely ran and has ended. */
export function deadPid(): number {
  const r = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  return Number(r.stdout);
}

/** Is process `pid` still running? */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The pids of `pid`'s children. */
export function childrenOf(pid: number): number[] {
  try {
    return execFileSync("pgrep", ["-P", String(pid)], { encoding: "utf8" })
      .split("\n")
      .filter(Boolean)
      .map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "grokedge-"));
}

export interface CellNumbers {
  status: string;
  config: string;
  summary: string;
  checkpoints: string;
}

/** Every recorded cell of a store by index, with its run's numbers, and the counts that reveal duplicates. */
export function storeContents(path: string): { cells: Map<number, CellNumbers>; rows: number; runs: number } {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT c.cell_index AS idx, c.status, r.config_json AS config, r.summary_json AS summary, r.run_id AS id
         FROM sweep_cells c LEFT JOIN runs r ON r.run_id = c.run_id ORDER BY c.cell_index`,
      )
      .all() as { idx: number; status: string; config: string; summary: string; id: number }[];
    const checkpoints = db.prepare("SELECT * FROM checkpoints WHERE run_id = ? ORDER BY idx");
    const cells = new Map(
      rows.map((r) => {
        const cps = (checkpoints.all(r.id) as Record<string, unknown>[]).map(({ run_id: _, ...rest }) => rest);
        return [r.idx, { status: r.status, config: r.config, summary: r.summary, checkpoints: JSON.stringify(cps) }];
      }),
    );
    const runs = (db.prepare("SELECT COUNT(*) AS k FROM runs").get() as { k: number }).k;
    return { cells, rows: rows.length, runs };
  } finally {
    db.close();
  }
}

/** Done cells of a store another process is writing (0 until its tables exist). */
