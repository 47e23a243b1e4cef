/**
 * Helpers of the cluster tests: the built CLI (dist/, or GROKEDGE_MAIN), child processes that are always ended,
 * a throw-away Redis on a free port bound to 127.0.0.1, and a store reader that reveals duplicates.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeEach, expect } from "vitest";

import { MAIN } from "../helpers.js";

export { grokedge, MAIN, storeContents, tempDir } from "../helpers.js";

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `cond` every 50 ms; fail with `what` after `limitMs` (a guard against hanging, not a timing assertion). */
export async function waitFor(cond: () => boolean, what: string, limitMs = 45_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`gave up waiting for ${what}`);
    await sleep(50);
  }
}

/** A child process with its output collected and its exit awaited. */
export interface Child {
  proc: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
  /** exit code, null when killed by a signal, undefined while running */
  code: () => number | null | undefined;
}

const children = new Set<ChildProcess>();

/** Start a command (`node MAIN …` when cmd is omitted); it is ended by killAll() if still running. */
export function start(args: string[], cmd: string = process.execPath): Child {
  const argv = cmd === process.execPath ? [MAIN, ...args] : args;
  const proc = spawn(cmd, argv, { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, CI: "1" } });
  children.add(proc);
  let out = "";
  let err = "";
  let code: number | null | undefined;
  proc.stdout?.on("data", (d) => {
    out += String(d);
  });
  proc.stderr?.on("data", (d) => {
    err += String(d);
  });
  const exited = new Promise<number | null>((resolve) => {
    proc.on("close", (c) => {
      code = c;
      children.delete(proc);
      resolve(c);
    });
    proc.on("error", (e) => {
      err += `spawn failed: ${e.message}`;
      code = -1;
      children.delete(proc);
      resolve(-1);
    });
  });
  return { proc, out: () => out, err: () => err, exited, code: () => code };
}

/** SIGKILL every child still running (afterEach/afterAll: nothing outlives a test, even a failed one). */
export async function killAll(): Promise<void> {
  const left = [...children];
  for (const p of left) p.kill("SIGKILL");
  await Promise.all(left.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : p.once("close", r)))));
}

/** A TCP port free on 127.0.0.1 right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection({ port, host: "127.0.0.1" });
    c.once("connect", () => {
      c.destroy();
      resolve(true);
    });
    c.once("error", () => resolve(false));
  });
}

/** A Redis without persistence (a kill loses its data) on `port`, bound to 127.0.0.1; resolves once it accepts. */
export async function startRedis(port: number): Promise<Child> {
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" });
  expect(which.status, "redis-server not found: apt-get install redis-server (.ci/run installs it)").toBe(0);
  const redis = start(
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"],
    "redis-server",
  );
  const end = Date.now() + 20_000;
  while (!(await accepts(port))) {
    if (redis.code() !== undefined || Date.now() > end) {
      throw new Error(`redis-server did not start on port ${port}: ${redis.out()}${redis.err()}`);
    }
    await sleep(50);
  }
  return redis;
}

/** Lines of a worker's log that match `verb` ("start", "done"), as job ids. */
export function jobLines(log: string, verb: string): string[] {
  return [...log.matchAll(new RegExp(`: ${verb} (\\S+)`, "g"))].map((m) => m[1]);
}

export function doneCells(path: string): number {
  if (!existsSync(path)) return 0;
  try {
    const db = new Database(path, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare("SELECT COUNT(*) AS k FROM sweep_cells WHERE status = 'done'").get() as { k: number }).k;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

/** The number of rows of `table` in the store at `path` (read-only). */
export function storedRows(path: string, table: string): number {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS k FROM ${table}`).get() as { k: number }).k;
  } finally {
    db.close();
  }
}

/**
 * A submitting command (`args`, e.g. a figure) on the queue at `url`, its store `<dir>/<name>.sqlite` and its outputs in
 * `<dir>/<name>` (given by `outFlag`), checking every pending task each second; and a one-thread `grokedge worker`.
 */
export const queued = (args: string[], o: { url: string; dir: string; outFlag: string }) => ({
  submit: (name: string, ...extra: string[]) =>
    start([
      ...args,
      "--queue",
      o.url,
      "--db",
      join(o.dir, `${name}.sqlite`),
      o.outFlag,
      join(o.dir, name),
      "--poll-seconds",
      "1",
      ...extra,
    ]),
  worker: () => start(["worker", "--queue", o.url, "--workers", "1", "--lock-seconds", "2"]),
});

/** Around every test of the calling file: a fresh Redis on a free port (its URL in `state.url`); no child outlives it. */
export function freshRedisEach(state: { url: string }): void {
  beforeEach(async () => {
    const port = await freePort();
    state.url = `redis://127.0.0.1:${port}`;
    await startRedis(port);
  });
  afterEach(killAll);
  afterAll(killAll);
}
