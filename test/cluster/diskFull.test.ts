/**
 * Fault: the store's disk fills up. The store lives on a small tmpfs mounted for the test (as root; unmounted
 * afterwards even when a test fails). Checked, for a local sweep and for one through the queue: one error line naming
 * the store, the failure and the cells not saved, exit 1; the store still opens and passes SQLite's integrity check;
 * the cells it holds are whole (the numbers of a clean run, no orphan run); and after the disk grows, --resume
 * completes exactly the missing cells.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { freePort, grokedge, killAll, start, startRedis, storeContents, tempDir } from "./helpers.js";

/** 9 quick cells with many checkpoints (≈ 32 KB of store each): a 320 KB disk holds only some of them. */
const SPEC = {
  name: "dedge",
  seed: 3,
  replicates: 3,
  base: { N: 100, epochs: 5000, "test-size": 200, "per-decade": 60 },
  grid: { lambda: [0.3, 0.48, 0.52] },
};
const CELLS = 9;
const SMALL = "320k";

let dir: string;
let specPath: string;
let reference: ReturnType<typeof storeContents>;
const mounts: string[] = [];

function sh(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  expect(r.status, `${cmd} ${args.join(" ")} failed (the disk-full tests need root for tmpfs): ${r.stderr}`).toBe(0);
}

/** A fresh tmpfs of `size` at DIR/name. */
function smallDisk(name: string): string {
  const mnt = join(dir, name);
  mkdirSync(mnt);
  sh("mount", ["-t", "tmpfs", "-o", `size=${SMALL},mode=0755`, "tmpfs", mnt]);
  mounts.push(mnt);
  return mnt;
}

beforeAll(() => {
  dir = tempDir();
  specPath = join(dir, "spec.json");
  writeFileSync(specPath, JSON.stringify(SPEC));
  const r = grokedge(["sweep", "run", specPath, "--db", join(dir, "local.sqlite"), "--workers", "1", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  reference = storeContents(join(dir, "local.sqlite"));
  expect(reference.rows).toBe(CELLS);
});

afterEach(killAll);
afterAll(() => {
  for (const mnt of mounts) spawnSync("umount", ["-l", mnt]);
});

/** After the failure: the error line, an intact store, whole cells; returns how many were saved. */
function expectCleanFailure(r: { code: number | null; stderr: string }, db: string): number {
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split("\n");
  expect(lines).toHaveLength(1);
  const check = new Database(db, { readonly: true });
  expect(check.pragma("integrity_check", { simple: true })).toBe("ok");
  check.close();
  const kept = storeContents(db);
  expect(kept.rows).toBeGreaterThan(0);
  expect(kept.rows).toBeLessThan(CELLS);
  expect(kept.runs).toBe(kept.rows); // no run without its cell
  for (const [index, cell] of kept.cells) expect(cell).toEqual(reference.cells.get(index));
  const notSaved = [...Array(CELLS).keys()].filter((i) => !kept.cells.has(i));
  expect(lines[0]).toMatch(
    new RegExp(
      `^error: cannot write the results store --db .*store\\.sqlite \\(database or disk is full, SQLITE_FULL\\): ${kept.rows} of 9 cells saved whole, not saved: `,
    ),
  );
  const listed = /not saved: ([\d, -]+);/.exec(lines[0])?.[1] ?? "";
  const expanded = listed.split(", ").flatMap((part) => {
    const [a, b] = part.split("-").map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, k) => a + k);
  });
  expect(expanded).toEqual(notSaved);
  expect(lines[0]).toMatch(/; free space and rerun with --resume$/);
  return kept.rows;
}

/** Grow the disk, resume, and find every cell once with the clean run's numbers. */
function expectResumed(mnt: string, db: string, saved: number, args: string[]): void {
  sh("mount", ["-o", "remount,size=16m", mnt]);
  const r = grokedge([...args, "--resume", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout).toMatch(
    new RegExp(`ran ${CELLS - saved} \\(${CELLS - saved} done, 0 failed\\).*, ${saved} already`),
  );
  const after = storeContents(db);
  expect(after.rows).toBe(CELLS);
  expect(after.runs).toBe(CELLS);
  expect(after.cells).toEqual(reference.cells);
}

describe("fault: the store's disk is full", () => {
  it("a local sweep stops with one line naming the store and the cells not saved; --resume completes it", () => {
    const mnt = smallDisk("local");
    const db = join(mnt, "store.sqlite");
    const args = ["sweep", "run", specPath, "--db", db, "--workers", "2"];
    const saved = expectCleanFailure(grokedge([...args, "--quiet"]), db);
    expectResumed(mnt, db, saved, args);
  });

  it("a queued sweep stops the same way; its uncollected results wait in Redis for --resume", async () => {
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    await startRedis(port);
    start(["worker", "--queue", url, "--workers", "1", "--lock-seconds", "2"]);
    const mnt = smallDisk("queued");
    const db = join(mnt, "store.sqlite");
    const args = ["sweep", "run", specPath, "--db", db, "--queue", url, "--poll-seconds", "1"];
    const first = start([...args, "--quiet"]);
    const code = await first.exited;
    const saved = expectCleanFailure({ code, stderr: first.err() }, db);
    expectResumed(mnt, db, saved, args);
  });
});
