import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

describe("grokedge toy1d", () => {
  it("prints curves to t = 1e100 with the documented fields and grokking times, and stores them", () => {
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    const r = grokedge([
      "toy1d",
      "--lambda",
      "0.45",
      "--sigma",
      "5",
      "--lr",
      "1",
      "--t-max",
      "1e100",
      "--json",
      "--db",
      db,
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const last = out.records[out.records.length - 1];
    expect(Object.keys(last)).toEqual(["log10_t", "tau", "S", "b", "log10_train_loss", "log10_pop_loss", "pop_acc"]);
    expect(last.log10_t).toBeCloseTo(100, 9);
    expect(last.pop_acc).toBe(1);
    expect(out.summary.grokking.loss.definition).toMatch(/loss threshold ε = 1e-50/);
    // t*_tr = 1/(ηε) = 1e50 for large σ (SPEC §4); the flow gives it to ~1e-9 in log10
    expect(out.summary.grokking.loss.log10TTrain).toBeCloseTo(50, 3);
    expect(existsSync(db)).toBe(true);
  });

  it("writes csv atomically and rejects bad values with exit code 2", () => {
    const dir = tempDir();
    const csv = join(dir, "c.csv");
    expect(grokedge(["toy1d", "--t-max", "1e20", "--out", csv, "--format", "csv", "--no-store"]).code).toBe(0);
    expect(readFileSync(csv, "utf8").split("\n")[0]).toBe("log10_t,tau,S,b,log10_train_loss,log10_pop_loss,pop_acc");
    for (const [args, message] of [
      [["--lambda", "1.5"], /--lambda must be a number ≥ 0 and ≤ 1 \(got "1.5"\)/],
      [["--t-max", "1e400"], /--t-max must be a positive number/],
      [["--t-min", "1e5", "--t-max", "1e3"], /--t-min must be below --t-max/],
      [["--epsilon", "2"], /--epsilon must be a number > 0 and < 1/],
    ] as [string[], RegExp][]) {
      const r = grokedge(["toy1d", ...args, "--no-store"]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
