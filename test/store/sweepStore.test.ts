import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { defaultRunConfig } from "../../src/config/run.js";
import { UsageError } from "../../src/config/schema.js";
import { type CellIdentity, ResultsStore, SCHEMA_VERSION } from "../../src/store/resultsStore.js";
import { runTraining } from "../../src/train/run.js";

const small = { ...defaultRunConfig, n: 24, d: 6, epochs: 50, testSize: 20 };
const meta = { group: "sweep:s", wallSeconds: 0.1, version: "test" };
const sweep = { key: "k1", name: "s", specJson: "{}", cells: 4, version: "test" };

function identity(index: number, key = "k1"): CellIdentity {
  return { key: `${key}:${index}`, sweepKey: key, index, replicate: index % 2, point: { sigma: 5 } };
}

function tempPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), "grokedge-")), name);
}

function count(store: ResultsStore, table: string): number {
  return (store.db.prepare(`SELECT COUNT(*) AS k FROM ${table}`).get() as { k: number }).k;
}

describe("sweep cells in the store", () => {
  it("saves a done cell once: saving it again adds nothing", () => {
    const store = new ResultsStore(":memory:");
    store.saveSweep(sweep);
    const run = runTraining(small);
    expect(store.saveCell(identity(0), { run, meta })).toBe(true);
    expect(store.saveCell(identity(0), { run, meta })).toBe(false);
    expect(store.runIds()).toHaveLength(1);
    const [cell] = store.sweepCells("k1");
    expect(cell).toMatchObject({ key: "k1:0", status: "done", attempts: 1, error: null, point: { sigma: 5 } });
    expect(store.loadRun(cell.runId!).checkpoints).toEqual(run.checkpoints);
    store.close();
  });

  it("replaces a failed cell by its successful rerun and counts the attempts", () => {
    const store = new ResultsStore(":memory:");
    store.saveSweep(sweep);
    store.saveCell(identity(1), { error: "boom" });
    store.saveCell(identity(1), { error: "boom again" });
    expect(store.sweepCells("k1")[0]).toMatchObject({
      status: "failed",
      error: "boom again",
      attempts: 2,
      runId: null,
    });
    store.saveCell(identity(1), { run: runTraining(small), meta });
    expect(store.sweepCells("k1")[0]).toMatchObject({ status: "done", error: null, attempts: 3 });
    store.close();
  });

  it("writes a cell and its run whole or not at all", () => {
    const store = new ResultsStore(":memory:");
    store.saveSweep(sweep);
    const run = runTraining(small);
    const bad = { ...run.checkpoints[0], b: {} as unknown as number }; // cannot be bound: fails after the run row
    expect(() =>
      store.saveCell(identity(0), { run: { ...run, checkpoints: [...run.checkpoints, bad] }, meta }),
    ).toThrow();
    expect(store.sweepCells("k1")).toEqual([]);
    expect(count(store, "runs")).toBe(0);
    expect(count(store, "checkpoints")).toBe(0);
    store.close();
  });

  it("refuses a second spec under a sweep's name", () => {
    const store = new ResultsStore(":memory:");
    store.saveSweep(sweep);
    store.saveSweep(sweep); // the same sweep again is fine
    expect(() => store.saveSweep({ ...sweep, key: "k2" })).toThrow(UsageError);
    expect(() => store.saveSweep({ ...sweep, key: "k2" })).toThrow(/sweep "s" in this store has another spec/);
    expect(store.sweeps().map((s) => s.key)).toEqual(["k1"]);
    store.close();
  });
});

describe("merging shard stores", () => {
  const run = runTraining(small);

  function shard(path: string, indices: number[], failed: number[] = []): void {
    const store = new ResultsStore(path);
    store.saveSweep(sweep);
    for (const i of indices) store.saveCell(identity(i), { run, meta });
    for (const i of failed) store.saveCell(identity(i), { error: `cell ${i} broke` });
    store.close();
  }

  it("copies every cell once with its run, and a second merge changes nothing", () => {
    const a = tempPath("a.sqlite");
    const b = tempPath("b.sqlite");
    shard(a, [0, 2], [3]);
    shard(b, [1, 3]);
    const out = new ResultsStore(tempPath("out.sqlite"));
    expect(out.mergeFrom(a)).toEqual({ sweepsAdded: 1, cellsCopied: 3, duplicates: 0, otherRuns: 0 });
    expect(out.mergeFrom(b)).toEqual({ sweepsAdded: 0, cellsCopied: 2, duplicates: 0, otherRuns: 0 }); // 3 replaced
    expect(out.mergeFrom(b)).toEqual({ sweepsAdded: 0, cellsCopied: 0, duplicates: 2, otherRuns: 0 });
    const cells = out.sweepCells("k1");
    expect(cells.map((c) => [c.index, c.status])).toEqual([
      [0, "done"],
      [1, "done"],
      [2, "done"],
      [3, "done"],
    ]);
    expect(count(out, "runs")).toBe(4);
    for (const c of cells) expect(out.loadRun(c.runId!).checkpoints).toEqual(run.checkpoints);
    out.close();
  });

  it("does not copy runs outside sweeps, and refuses a conflicting spec without changing anything", () => {
    const a = tempPath("a.sqlite");
    shard(a, [0]);
    const extra = new ResultsStore(a);
    extra.saveRun(run, { ...meta, group: "train" });
    extra.close();
    const out = new ResultsStore(tempPath("out.sqlite"));
    expect(out.mergeFrom(a).otherRuns).toBe(1);
    expect(count(out, "runs")).toBe(1);

    const c = tempPath("c.sqlite");
    const other = new ResultsStore(c);
    other.saveSweep({ ...sweep, key: "k9" });
    other.saveCell(identity(1, "k9"), { run, meta });
    other.close();
    expect(() => out.mergeFrom(c)).toThrow(/sweep "s" in this store has another spec/);
    expect(count(out, "runs")).toBe(1);
    expect(count(out, "sweep_cells")).toBe(1);
    out.close();
  });

  it("refuses to merge a store into itself", () => {
    const a = tempPath("a.sqlite");
    shard(a, [0]);
    const store = new ResultsStore(a);
    expect(() => store.mergeFrom(a)).toThrow(/cannot merge a store into itself/);
    store.close();
  });
});

describe("schema version 2", () => {
  it("upgrades a version-1 store (no sweep tables) in place when it is opened to read", () => {
    const path = tempPath("v1.sqlite");
    const v1 = new ResultsStore(path);
    v1.saveRun(run(), meta);
    v1.db.exec("DROP TABLE sweep_cells; DROP TABLE sweeps; PRAGMA user_version = 1");
    v1.close();
    const store = new ResultsStore(path, { readonly: true });
    expect(store.sweeps()).toEqual([]);
    expect(store.runIds()).toHaveLength(1);
    store.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    raw.close();
  });
});

describe("task results (schema version 3)", () => {
  it("keeps a task's result bit for bit (NaN, −0, ±∞), keeps the first of two saves, and survives reopening", () => {
    const path = tempPath("tasks.sqlite");
    const store = new ResultsStore(path);
    const result = { kind: "sinf", norm: Number.NaN, zero: -0, big: Number.POSITIVE_INFINITY, x: 0.1 + 0.2 };
    expect(store.saveTaskResult("k1", { d: 3 }, result, "test")).toBe(true);
    expect(store.saveTaskResult("k1", { d: 3 }, { kind: "other" }, "test")).toBe(false);
    store.close();
    const again = new ResultsStore(path);
    const got = again.taskResults(["k1", "k2"]);
    expect([...got.keys()]).toEqual(["k1"]);
    const r = got.get("k1") as typeof result;
    expect(r.norm).toBeNaN();
    expect(Object.is(r.zero, -0)).toBe(true);
    expect(r).toEqual(result);
    again.close();
  });

  it("adds the task-results table to a version-2 store when it is opened", () => {
    const path = tempPath("v2.sqlite");
    const v2 = new ResultsStore(path);
    v2.db.exec("DROP TABLE task_results; PRAGMA user_version = 2");
    v2.close();
    const store = new ResultsStore(path, { readonly: true });
    expect(store.taskResults(["any"]).size).toBe(0);
    store.close();
  });
});

function run() {
  return runTraining(small);
}
