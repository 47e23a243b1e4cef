// Stores newer than the code and foreign SQLite files are refused untouched; a bad --db fails train before any work;
// a WAL store on a read-only medium reads (issue 17, defects 3, 4 and 7).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SCHEMA_VERSION } from "../../src/store/resultsStore.js";
import { grokedge, tempDir } from "../helpers.js";

const TINY = ["--N", "20", "--d", "5", "--epochs", "10", "--test-size", "10", "--quiet"];
/** So many epochs that a train that started working before refusing its --db would time the test out. */
const LONG = ["--N", "20", "--d", "5", "--epochs", "100000000", "--test-size", "10", "--quiet"];
const SPEC = {
  name: "safe",
  seed: 1,
  replicates: 1,
  base: { N: 20, epochs: 10, "test-size": 10 },
  grid: { lambda: [0.3, 0.5] },
};

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const version = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.pragma("user_version", { simple: true }) as number;
  } finally {
    db.close();
  }
};

/** A store with one sweep, then marked as written by a future grokedge. */
function newerStore(dir: string): string {
  const spec = join(dir, "spec.json");
  writeFileSync(spec, JSON.stringify(SPEC));
  const db = join(dir, "future.sqlite");
  expect(grokedge(["sweep", "run", spec, "--db", db, "--quiet"]).code).toBe(0);
  const raw = new Database(db);
  raw.pragma("user_version = 99");
  raw.close();
  return db;
}

function expectOneLine(r: { code: number; stderr: string }, pattern: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
}

describe("a store newer than the code is refused, never downgraded", () => {
  const newer = new RegExp(
    `future\\.sqlite" is a results store of schema version 99, newer than the version ${SCHEMA_VERSION}`,
  );

  it("train, sweep run and sweep merge (input and --out) refuse it and leave its version at 99", () => {
    const dir = tempDir();
    const db = newerStore(dir);
    expectOneLine(grokedge(["train", ...LONG, "--db", db]), newer);
    expectOneLine(grokedge(["toy1d", "--t-max", "1e3", "--db", db]), newer);
    expectOneLine(grokedge(["sweep", "run", join(dir, "spec.json"), "--db", db, "--quiet"]), newer);
    expectOneLine(grokedge(["sweep", "merge", db, "--out", join(dir, "m.sqlite")]), newer);
    const other = join(dir, "other.sqlite");
    expect(grokedge(["train", ...TINY, "--db", other]).code).toBe(0);
    expectOneLine(grokedge(["sweep", "merge", other, "--out", db]), newer);
    expect(version(db)).toBe(99);
  });

  it("readers (sweep status, sweep export, export) refuse it too", () => {
    const db = newerStore(tempDir());
    expectOneLine(grokedge(["sweep", "status", "safe", "--db", db]), newer);
    expectOneLine(grokedge(["sweep", "export", "safe", "--db", db]), newer);
    expectOneLine(grokedge(["export", "--db", db]), newer);
    expect(version(db)).toBe(99);
  });
});

describe("a foreign SQLite database is refused and left byte-for-byte untouched", () => {
  it("train, sweep run, export and merge refuse it; no WAL switch, no tables added", () => {
    const dir = tempDir();
    const db = join(dir, "notes.sqlite");
    const raw = new Database(db);
    raw.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('mine')");
    raw.close();
    const before = sha(db);
    const foreign =
      /notes\.sqlite" is an SQLite database of another program \(tables notes\), not a grokedge results store/;
    expectOneLine(grokedge(["train", ...LONG, "--db", db]), foreign);
    const spec = join(dir, "spec.json");
    writeFileSync(spec, JSON.stringify(SPEC));
    expectOneLine(grokedge(["sweep", "run", spec, "--db", db, "--quiet"]), foreign);
    expectOneLine(grokedge(["export", "--db", db]), foreign);
    expectOneLine(grokedge(["sweep", "merge", db, "--out", join(dir, "m.sqlite")]), foreign);
    expect(sha(db)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(["notes.sqlite", "spec.json"]);
    const check = new Database(db, { readonly: true });
    expect(check.pragma("journal_mode", { simple: true })).toBe("delete");
    check.close();
  });
});

describe("train opens its store before training and writes --out before storing", () => {
  it("a truncated, corrupt or device --db fails with exit 2 before any work", () => {
    const dir = tempDir();
    const good = join(dir, "good.sqlite");
    expect(grokedge(["train", ...TINY, "--db", good]).code).toBe(0);
    const truncated = join(dir, "truncated.sqlite");
    writeFileSync(truncated, readFileSync(good).subarray(0, 100));
    expectOneLine(grokedge(["train", ...LONG, "--db", truncated]), /^error: .*truncated\.sqlite/);
    const junk = join(dir, "junk.sqlite");
    writeFileSync(junk, "this is not a database at all, just some text that is long enough ".repeat(20));
    expectOneLine(
      grokedge(["train", ...LONG, "--db", junk]),
      /^error: "[^"]*junk\.sqlite" is not a readable SQLite database/,
    );
    expectOneLine(grokedge(["train", ...LONG, "--db", "/dev/null"]), /^error: "\/dev\/null" must be a regular file/);
  });
});

describe("a WAL store on a read-only medium reads", () => {
  const mounts: string[] = [];
  afterAll(() => {
    for (const m of mounts) spawnSync("umount", ["-l", m]);
  });

  it("sweep status, sweep export, export and merge (as input) work on a read-only mount", () => {
    const mnt = tempDir();
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=8m", "tmpfs", mnt]);
    expect(mounted.status, String(mounted.stderr)).toBe(0);
    mounts.push(mnt);
    const spec = join(mnt, "spec.json");
    writeFileSync(spec, JSON.stringify(SPEC));
    const db = join(mnt, "archive.sqlite");
    expect(grokedge(["sweep", "run", spec, "--db", db, "--quiet"]).code).toBe(0);
    expect(existsSync(`${db}-shm`)).toBe(false); // closed cleanly: a WAL store with no -wal or -shm left
    expect(spawnSync("mount", ["-o", "remount,ro", mnt]).status).toBe(0);
    expect(() => writeFileSync(join(mnt, "probe"), "x")).toThrow(/EROFS/); // truly read-only, even for root

    const status = grokedge(["sweep", "status", "safe", "--db", db]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/2 cells: 2 done, 0 failed, 0 missing/);
    const exported = grokedge(["sweep", "export", "safe", "--db", db]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stdout.trim().split("\n")).toHaveLength(3);
    const list = grokedge(["export", "--db", db, "--list"]);
    expect(list.stdout).toMatch(/sweep:safe\t2 runs/);
    const out = join(tempDir(), "merged", "m.sqlite");
    mkdirSync(join(out, ".."), { recursive: true });
    const merged = grokedge(["sweep", "merge", db, "--out", out]);
    expect(merged.code, merged.stderr).toBe(0);
    expect(merged.stdout).toMatch(/2 cell\(s\) copied/);
    // a writer is refused before any work: the medium cannot take the run
    const train = grokedge(["train", ...LONG, "--db", db]);
    expectOneLine(train, /^error: --db must be in a writable directory, but ".*" is not writable/);
    expect(readdirSync(mnt).sort()).toEqual(["archive.sqlite", "spec.json"]);
  });
});
