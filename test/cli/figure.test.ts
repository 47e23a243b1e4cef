import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

describe("grokedge figure 1 and grokedge plot", () => {
  const dir = tempDir();
  const db = join(dir, "runs.sqlite");
  const small = ["--N", "100", "--epochs", "400", "--seeds", "2", "--test-size", "200", "--db", db, "--quiet"];

  it("trains every (λ, seed) on two workers, stores them and writes SVG, PNG, CSV and JSON", () => {
    const r = grokedge(["figure", "1", ...small, "--workers", "2", "--out-dir", join(dir, "a")]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/grokking time: first epoch with population accuracy ≥ 0.9/);
    expect(r.stdout).toMatch(/^(PASS|FAIL|UNSURE) +λ=0.05/m);
    const png = readFileSync(join(dir, "a", "fig1.png"));
    expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    const svg = readFileSync(join(dir, "a", "fig1.svg"), "utf8");
    expect(svg).toMatch(/laptop size \(N = 100/);
    const meta = JSON.parse(readFileSync(join(dir, "a", "fig1.json"), "utf8"));
    expect(meta.runs).toHaveLength(6);
    const csv = readFileSync(join(dir, "a", "fig1.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv[0].startsWith("lambda,run_index,epoch,")).toBe(true);
  });

  it("gives the same numbers on one worker as on two (each run depends only on its seed and index)", () => {
    grokedge(["figure", "1", ...small, "--workers", "1", "--out-dir", join(dir, "b")]);
    expect(readFileSync(join(dir, "b", "fig1.csv"), "utf8")).toBe(readFileSync(join(dir, "a", "fig1.csv"), "utf8"));
  });

  it("redraws the newest stored figure without training", () => {
    const r = grokedge(["plot", "--db", db, "--out-dir", join(dir, "c")]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, "c", "fig1.png"))).toBe(true);
    expect(readFileSync(join(dir, "c", "fig1.csv"), "utf8")).toBe(readFileSync(join(dir, "b", "fig1.csv"), "utf8"));
  });

  it("rejects an unknown figure, a bad λ list and a missing store with exit code 2", () => {
    expect(grokedge(["figure", "99", "--db", db]).stderr).toMatch(/^error: figure must be 1 \(got "99"\)/);
    const bad = grokedge(["figure", "1", "--lambdas", "0.05,0.333", "--db", db]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--lambda × --N must be a positive integer d \(got 0.333 × 400/);
    const none = grokedge(["plot", "--db", join(dir, "none.sqlite")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/--db must be an existing file/);
  });
});
