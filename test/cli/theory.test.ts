import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { grokedge, tempDir } from "../helpers.js";

const json = (args: string[]) => {
  const r = grokedge([...args, "--json"]);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
};

describe("theory commands", () => {
  it("wendel gives probability, log10_probability and the erf approximation", () => {
    const w = json(["wendel", "--N", "400", "--lambda", "0.5"]);
    expect(w.probability).toBeCloseTo(0.5, 14); // P(N, N/2) = ½ exactly (symmetry); float error only
    expect(w.log10_probability).toBeCloseTo(Math.log10(0.5), 14);
    expect(w.approx).toBe(0.5);
    const table = json(["wendel", "--N", "400", "--lambda", "0.4,0.6"]);
    expect(table.map((r: { d: number }) => r.d)).toEqual([160, 240]);
  });

  it("separability, svm and sinf agree on the same draw as `grokedge train` makes it", () => {
    const draw = ["--N", "200", "--lambda", "0.7", "--seed", "5", "--sigma", "2"];
    const sep = json(["separability", ...draw]);
    expect(sep.separable).toBe(true);
    expect(sep.method).toBe("lp");
    expect(sep.certificate.direction).toHaveLength(140);
    const svm = json(["svm", ...draw, "--weights"]);
    expect(svm.separable).toBe(true);
    expect(svm.kkt_residual).toBeLessThan(1e-8);
    expect(svm.S).toHaveLength(140);
    const sinf = json(["sinf", ...draw]);
    expect(sinf.converged).toBe(false);
    expect(sinf.separable).toBe(true);
    const inseparable = json(["sinf", "--N", "200", "--lambda", "0.3", "--seed", "5"]);
    expect(inseparable.converged).toBe(true);
    expect(inseparable.grad_norm).toBeLessThan(1e-9);
    expect(inseparable.positive_fraction).toBeGreaterThan(0);
    expect(json(["svm", "--N", "200", "--lambda", "0.3", "--seed", "5"]).separable).toBe(false);
  });

  it("train --theory reports the draw's theory and predicted end state", () => {
    const args = ["train", "--N", "100", "--epochs", "50", "--no-store", "--theory", "--quiet", "--format", "json"];
    const insep = JSON.parse(grokedge([...args, "--lambda", "0.3"]).stdout).summary.theory;
    expect(insep).toMatchObject({ separable: false, method: "newton", predicted_final_pop_acc: 1 });
    expect(insep.s_inf_norm).toBeGreaterThan(0);
    const sep = JSON.parse(grokedge([...args, "--lambda", "0.8"]).stdout).summary.theory;
    expect(sep.separable).toBe(true);
    expect(sep.predicted_final_pop_acc).toBeGreaterThan(0.5);
    expect(sep.predicted_final_pop_acc).toBeLessThan(1);
    expect(sep.predicted_b_over_norm_s).toBeCloseTo(-1 / sep.margin, 12);
  });

  it("Monte-Carlo separability agrees with Wendel within 3 binomial standard errors", () => {
    const rows = json(["separability", "--N", "60", "--draws", "60", "--lambdas", "0.4,0.5,0.6"]);
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(Math.abs(r.z)).toBeLessThan(3);
  });

  it("reads --data CSV files and rejects ragged, non-finite and empty ones with exit code 2", () => {
    const dir = tempDir();
    writeFileSync(join(dir, "sym.csv"), "1,0\n-1,0\n0,1\n0,-1\n");
    expect(json(["separability", "--data", join(dir, "sym.csv")]).separable).toBe(false);
    writeFileSync(join(dir, "half.csv"), "1,0.5\n2,-0.5\n0.5,3\n");
    expect(json(["separability", "--data", join(dir, "half.csv")]).separable).toBe(true);
    const cases: [string, string, RegExp][] = [
      ["ragged.csv", "1,2\n3\n", /--data rows must all have 2 values \(row 2/],
      [
        "nan.csv",
        "1,2\n3,nan\n",
        /--data values must be finite decimal numbers, e.g. -1.5 or 2e-3 \(got "nan" at row 2, column 2/,
      ],
      ["empty.csv", "\n", /--data must hold at least one row/],
    ];
    for (const [name, text, message] of cases) {
      writeFileSync(join(dir, name), text);
      const r = grokedge(["svm", "--data", join(dir, name)]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const both = grokedge(["sinf", "--data", join(dir, "sym.csv"), "--N", "10"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/either --data or --N/);
  });
});
