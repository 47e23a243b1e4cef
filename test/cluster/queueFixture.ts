/** Shared by the queue tests: a 6-cell sweep, its local reference run, a fresh Redis, workers and submitters. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { type Child, freePort, grokedge, jobLines, start, startRedis, storeContents, tempDir } from "./helpers.js";

/** 6 cells of ≈ 0.4 s: long enough to kill things mid-way, short enough for CI. */
export const SPEC = {
  name: "qedge",
  seed: 1,
  replicates: 2,
  base: { N: 100, epochs: 30000, "test-size": 200, "per-decade": 4 },
  grid: { lambda: [0.3, 0.48, 0.52] },
};
export const CELLS = 6;

/** The test's state: its temp dir, spec, reference store, and the current Redis. */
export const q = {
  dir: "",
  specPath: "",
  reference: undefined as unknown as ReturnType<typeof storeContents>,
  port: 0,
  url: "",
  redis: undefined as unknown as Child,
};

/** beforeAll: write the spec and run it locally, the reference of every queued run. */
export function setupReference(): void {
  q.dir = tempDir();
  q.specPath = join(q.dir, "spec.json");
  writeFileSync(q.specPath, JSON.stringify(SPEC));
  const r = grokedge(["sweep", "run", q.specPath, "--db", join(q.dir, "local.sqlite"), "--workers", "1", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  q.reference = storeContents(join(q.dir, "local.sqlite"));
  expect(q.reference.rows).toBe(CELLS);
}

/** A fresh Redis for each test of the queue (the bad-input tests need none). */
export async function freshRedis(): Promise<void> {
  q.port = await freePort();
  q.url = `redis://127.0.0.1:${q.port}`;
  q.redis = await startRedis(q.port);
}

/** A worker of one thread whose jobs go back to the queue 2 s after it dies. */
export const worker = () => start(["worker", "--queue", q.url, "--workers", "1", "--lock-seconds", "2"]);

/** The submitting side, checking every pending cell each second. */
export const submit = (db: string, ...extra: string[]) =>
  start(["sweep", "run", q.specPath, "--queue", q.url, "--db", db, "--poll-seconds", "1", ...extra]);

/** The store holds every cell once, with the local run's numbers, and no orphan run. */
export function expectComplete(db: string): void {
  const got = storeContents(db);
  expect(got.rows).toBe(CELLS);
  expect(got.runs).toBe(CELLS);
  expect(got.cells).toEqual(q.reference.cells);
}

/** Every job finished ("done") exactly once over all the workers' logs: no cell was computed twice. */
export function expectEachDoneOnce(workers: Child[]): string[] {
  const done = workers.flatMap((w) => jobLines(w.err(), "done"));
  expect(new Set(done).size).toBe(CELLS);
  expect(done).toHaveLength(CELLS);
  return done;
}
