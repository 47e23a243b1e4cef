/**
 * Sizes (issue 17, defect 10): commands that draw no data are not held to the training cap, a draw too wide for a
 * dense Hessian is solved matrix-free instead of crashing, and a run that cannot fit in memory is refused up front.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkFitsInMemory } from "../../src/cli/trainCommand.js";
import { defaultRunConfig } from "../../src/config/run.js";
import { grokedge, tempDir } from "../helpers.js";

describe("resource caps", () => {
  it("wendel takes N up to 10^6 (SPEC §3.2): no data is drawn, so the N·d cap does not apply", () => {
    const r = grokedge(["wendel", "--N", "1000000", "--d", "499999", "--json"]);
    expect(r.code).toBe(0);
    // just below λ = ½ at N = 10^6: P(separable) ≈ ½ − 0.0008 (the erf form, checked in test/theory/wendel.test.ts)
    expect(JSON.parse(r.stdout).probability).toBeCloseTo(0.4992, 4);
  });

  it("sinf on 3 points in R^100000 answers (separable) instead of dying in WebAssembly.Memory.grow", () => {
    const file = join(tempDir(), "wide.csv");
    const row = (k: number) =>
      Array.from({ length: 100_000 }, (_, j) => Math.sin(1 + j * (k + 1)).toFixed(4)).join(",");
    writeFileSync(file, `${row(0)}\n${row(1)}\n${row(2)}\n`);
    const r = grokedge(["sinf", "--data", file, "--json"]);
    expect(r.code).toBe(0);
    // 3 points in general position in R^100000 are always separable from the origin (Wendel: P = 1 for d ≥ N)
    expect(JSON.parse(r.stdout).separable).toBe(true);
  });

  it("train refuses data that would not fit in memory, naming N, d and the memory (checked before any work)", () => {
    const c = { ...defaultRunConfig, n: 1_000_000, d: 1000, testSize: 0 }; // 8 GB in float64, 4 GB in float32
    expect(() => checkFitsInMemory(c, 8e9)).toThrow(
      "--N 1000000 × --d 1000 needs 8.0 GB for the training and test data; this machine has 8.0 GB (at most 80 % usable): make N or d smaller, or use --precision f32",
    );
    expect(() => checkFitsInMemory({ ...c, precision: "f32" }, 8e9)).not.toThrow();
    expect(() => checkFitsInMemory(c, 16e9)).not.toThrow();
  });
});
