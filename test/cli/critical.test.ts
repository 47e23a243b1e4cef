import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

/** 2 sizes × 4 λ × 3 draws of a short flow: 24 cells of well under a second each. */
const SMALL = ["--sizes", "100,200", "--lambdas", "0.4,0.45,0.5,0.55", "--draws", "3", "--epochs", "100000"];

describe("grokedge critical: sweep N × λ × draws, fit the laws, collapse the sizes", () => {
  it("documents itself in --help", () => {
    const r = grokedge(["critical", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--sizes/);
    expect(r.stdout).toMatch(/--resume/);
    expect(r.stdout).toMatch(/finite-size scaling/);
  });

  it("refuses bad lists and λ·N that is not an integer with one line and exit 2, before any work", () => {
    const dir = tempDir();
    const db = join(dir, "s.sqlite");
    for (const [args, message] of [
      [["--lambdas", "0.4,x"], /--lambdas must be a positive number \(got "x"\)/],
      [["--lambdas", "0.4,0.4"], /--lambdas must not repeat a value/],
      [["--sizes", "100", "--lambdas", "0.4,0.405"], /invalid point N=100 lambda=0.405/],
      [["--draws", "1"], /--draws must be an integer from 2/],
    ] as const) {
      const r = grokedge(["critical", ...args, "--db", db, "--out", join(dir, "out")]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
    expect(existsSync(db)).toBe(false);
  });

  it("writes the figure, one CSV row per draw and the fits with provenance; a rerun with --resume runs nothing", () => {
    const dir = tempDir();
    const args = ["critical", ...SMALL, "--db", join(dir, "s.sqlite"), "--out", join(dir, "out")];
    const first = grokedge(args);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/cells: ran 24 \(0 failed\), 0 already/);
    expect(first.stdout).toMatch(/sigma_s_inf\s+100\s+log/);
    const csv = readFileSync(join(dir, "out", "critical.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv).toHaveLength(25);
    expect(csv[0]).toMatch(/^n,lambda,d,draw,separable,sigma_s_inf,final_pop_acc/);
    const json = JSON.parse(readFileSync(join(dir, "out", "critical.json"), "utf8"));
    expect(json.provenance.sweep.spec.grid).toEqual({ N: [100, 200], lambda: [0.4, 0.45, 0.5, 0.55] });
    expect(json.provenance.draws).toBe(24);
    expect(json.collapses.map((c: { quantity: string }) => c.quantity)).toEqual(["separable", "final_pop_acc"]);
    expect(existsSync(join(dir, "out", "critical.svg"))).toBe(true);
    // the same sweep again: refused without --resume, and with it no cell and no S_∞ is computed again
    expect(grokedge(args).code).toBe(2);
    const again = grokedge([...args, "--resume"]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/cells: ran 0 \(0 failed\), 24 already/);
    const json2 = JSON.parse(readFileSync(join(dir, "out", "critical.json"), "utf8"));
    expect(json2.laws).toEqual(json.laws);
  });
});
