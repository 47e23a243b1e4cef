import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { UsageError } from "../../src/config/schema.js";
import { parseSweepSpec } from "../../src/experiments/sweep.js";
import { countCells, invalidPoints, planSweep, SweepRun } from "../../src/experiments/sweepRun.js";
import { ResultsStore } from "../../src/store/resultsStore.js";

const spec = parseSweepSpec({
  name: "sr",
  replicates: 2,
  base: { N: 20, epochs: 50, "test-size": 10 },
  grid: { lambda: [0.3, 0.5, 0.52] },
});

describe("a sweep run", () => {
  it("plans the cells and the slice of a shard; 0.52 × 20 is no integer d: one invalid point", () => {
    const plan = planSweep(spec, { index: 1, count: 2 });
    expect(plan.cells).toHaveLength(6);
    expect(plan.slice.map((c) => c.index)).toEqual([1, 3, 5]);
    expect(invalidPoints(plan).map((c) => c.index)).toEqual([4]);
  });

  it("registers, refuses recorded cells without resume, and counts what is done, failed and missing", () => {
    const dir = mkdtempSync(join(tmpdir(), "grokedge-sweeprun-"));
    const dbPath = join(dir, "s.sqlite");
    const store = new ResultsStore(dbPath);
    const run = new SweepRun(store, planSweep(spec), "test");
    run.register({ dbPath, db: "s.sqlite", resume: false });
    run.release();
    const [first, second] = run.pending();
    expect(run.record(first, { error: "boom" })).toBe(true);
    const again = new SweepRun(store, planSweep(spec), "test");
    expect(() => again.register({ dbPath, db: "s.sqlite", resume: false })).toThrow(UsageError);
    again.release();
    again.register({ dbPath, db: "s.sqlite", resume: true });
    again.release();
    const counts = countCells(store, store.sweepByName("sr")!);
    expect(counts).toMatchObject({ cells: 6, done: 0, missing: [1, 2, 3, 4, 5] });
    expect(counts.failed.map((c) => c.index)).toEqual([0]);
    expect(again.pending().map((c) => c.index)).toContain(second.index);
    store.close();
  });

  it("after a failed write to the store, every later record throws that failure", () => {
    const store = new ResultsStore(":memory:");
    const plan = planSweep(spec);
    const run = new SweepRun(store, plan, "test");
    store.saveSweep({ key: plan.key, name: "sr", specJson: "{}", cells: 6, version: "test" });
    const full = Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
    let writes = 0;
    store.saveCell = () => {
      writes++;
      throw full;
    };
    expect(() => run.record(plan.cells[0], { error: "x" })).toThrow(full);
    expect(() => run.record(plan.cells[1], { error: "y" })).toThrow(full);
    expect(writes).toBe(1);
    store.close();
  });
});
