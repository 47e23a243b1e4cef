import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../src/config/run.js";
import { runTraining } from "../../src/train/run.js";
import { runTogether } from "../../src/train/runTogether.js";

/**
 * Runs that share their data advance together (runTogether): every step's gradient passes read X once for all of
 * them (a batched WASM pass), yet each run's numbers equal its own run's exactly — so batching a sweep never changes a
 * result. Checked with no tolerance across the regimes of the pass: linear and log space, float32 storage, and X large
 * enough to be cut into row blocks.
 */
const base: RunConfig = { ...defaultRunConfig, testSize: 300 };

function variants(c: Partial<RunConfig>): RunConfig[] {
  return [
    { ...base, ...c },
    { ...base, ...c, lr: 0.05, b0: 1 },
    { ...base, ...c, s0: 3, epochs: Math.floor((c.epochs ?? base.epochs) / 3) },
    { ...base, ...c, optimizer: "adam", lr: 0.001 },
  ];
}

describe("runs sharing their data (runTogether)", () => {
  it.each([
    ["N = 200, d = 90, GD and Adam", { n: 200, d: 90, epochs: 1500 }],
    ["exponential loss (logits reach the log-space pass)", { n: 200, d: 90, epochs: 1500, loss: "exp" as const }],
    ["X cut into row blocks (N·d ≥ 2^18), float64", { n: 600, d: 450, epochs: 150 }],
    ["X cut into row blocks, float32 storage", { n: 600, d: 450, epochs: 150, precision: "f32" as const }],
    ["labelled data (one pass per run)", { n: 200, d: 90, epochs: 300, labelFraction: 0.8 }],
  ])("give each run exactly its own result: %s", (_, c) => {
    const configs = variants(c);
    const together = runTogether(configs);
    for (const [i, config] of configs.entries()) expect(together[i]).toEqual(runTraining(config));
  });

  it("refuse runs that do not share their data, or gradient flow", () => {
    expect(() => runTogether([base, { ...base, runIndex: 1 }])).toThrow(/runIndex differs/);
    expect(() => runTogether([base, { ...base, loss: "exp" }])).toThrow(/loss differs/);
    expect(() => runTogether([base, { ...base, optimizer: "flow" }])).toThrow(/gd and adam/);
  });
});
