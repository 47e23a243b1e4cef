/**
 * Two `sweep run`s of one slice into one store at the same time (issue 17, defect 11): the store kept each cell once,
 * but both computed every cell and both reported all done. The second now refuses before any work (exit 2, naming the
 * run that holds the slice); a lock left by a killed run is taken over; another shard runs beside it.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { claimSweepSlice, sweepLockPath } from "../../src/store/sweepLock.js";
import { deadPid, grokedge, MAIN, storeContents, tempDir } from "../helpers.js";

const SPEC = {
  name: "locked",
  seed: 3,
  replicates: 2,
  base: { N: 100, epochs: 20000, "test-size": 0, "per-decade": 4 },
  grid: { lambda: [0.3, 0.48, 0.52] },
};

describe("one sweep run per slice and store", () => {
  it("a second run of the same slice refuses before any work; the first completes every cell once", async () => {
    const dir = tempDir();
    const spec = join(dir, "spec.json");
    const db = join(dir, "s.sqlite");
    writeFileSync(spec, JSON.stringify(SPEC));
    const first = spawn(process.execPath, [MAIN, "sweep", "run", spec, "--db", db, "--quiet", "--workers", "1"]);
    const firstDone = new Promise<number | null>((r) => first.once("close", r));
    const lock = () => readdirSync(dir).some((f) => f.endsWith(".lock"));
    for (let i = 0; i < 400 && !lock(); i++) await new Promise((r) => setTimeout(r, 25));
    expect(lock(), "the first run holds its lock").toBe(true);
    const second = grokedge(["sweep", "run", spec, "--db", db, "--resume", "--quiet"]);
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(
      new RegExp(`^error: sweep "locked" \\(slice 0/1\\) is already being run into this --db by pid ${first.pid} on `),
    );
    expect(second.stderr.trim().split("\n")).toHaveLength(1);
    // another shard of the same sweep is another slice: it may run beside the first
    const shard = grokedge(["sweep", "run", spec, "--db", join(dir, "other.sqlite"), "--shard", "1/2", "--quiet"]);
    expect(shard.code, shard.stderr).toBe(0);
    expect(await firstDone).toBe(0);
    expect(storeContents(db)).toMatchObject({ rows: 6, runs: 6 });
    expect(lock(), "the lock is released at the end").toBe(false);
  }, 120_000);

  it("takes over a lock whose process is gone, and names a live holder", () => {
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    const path = sweepLockPath(db, "k", "0/1");
    writeFileSync(path, JSON.stringify({ pid: deadPid(), host: hostname(), started: "x" }));
    const release = claimSweepSlice(db, "k", "0/1", "s");
    expect(() => claimSweepSlice(db, "k", "0/1", "s")).toThrow(`by pid ${process.pid} on`);
    release();
    expect(existsSync(path)).toBe(false);
    writeFileSync(path, ""); // killed between creating and writing its lock: stale too
    claimSweepSlice(db, "k", "0/1", "s")();
  });
});
