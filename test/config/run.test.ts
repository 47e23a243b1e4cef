import { describe, expect, it } from "vitest";
import { defaultRunConfig, dimensionFromLambda, resolveRunConfig, runConfigToUser } from "../../src/config/run.js";
import { fileNamer, flagNamer, UsageError } from "../../src/config/schema.js";

const flags = (values: Record<string, unknown>) => ({ values, namer: flagNamer, where: "the command line" });

describe("run configuration schema", () => {
  it("defaults to the laptop-size Fig. 1 at λ = 0.48", () => {
    const c = resolveRunConfig([]);
    expect(c).toMatchObject({ n: 400, d: 192, sigma: 5, lr: 0.01, s0: 0.1, b0: 0, epochs: 300000, loss: "logistic" });
  });

  it("derives d = λN and lets a later layer override an earlier one", () => {
    const file = { values: { N: 1000, lambda: 0.25, sigma: 2 }, namer: fileNamer("run.json"), where: "run.json" };
    const c = resolveRunConfig([file, flags({ sigma: "3", N: "2000" })]);
    expect(c.n).toBe(2000);
    expect(c.d).toBe(500); // λ from the file applies to the final N
    expect(c.sigma).toBe(3);
  });

  it("accepts exponent notation and rejects trailing junk", () => {
    expect(resolveRunConfig([flags({ epochs: "3e5" })]).epochs).toBe(300000);
    expect(() => resolveRunConfig([flags({ epochs: "3e5x" })])).toThrow(UsageError);
  });

  it("rounds λN that is an integer up to float error (0.48 × 400 = 192.00000000000003)", () => {
    expect(dimensionFromLambda(0.48, 400)).toBe(192);
    expect(() => dimensionFromLambda(0.4801, 400)).toThrow(/positive integer d/);
  });

  it("names the config file and key in its messages", () => {
    const file = { values: { sigma: "x" }, namer: fileNamer("a.json"), where: "a.json" };
    expect(() => resolveRunConfig([file])).toThrow('"sigma" in a.json must be a positive number (got "x")');
  });

  it("refuses sizes that cannot be allocated", () => {
    expect(() => resolveRunConfig([flags({ N: "100000000", d: "100" })])).toThrow(/at most 1000000000/);
  });

  it("round-trips through the user's vocabulary", () => {
    const user = runConfigToUser(defaultRunConfig);
    expect(user).toMatchObject({ N: 400, d: 192, "test-size": 10000, "run-index": 0 });
    const back = resolveRunConfig([{ values: user, namer: fileNamer("x"), where: "x" }]);
    expect(back).toEqual(defaultRunConfig);
  });
});
