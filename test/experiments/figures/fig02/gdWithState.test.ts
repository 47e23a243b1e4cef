import { describe, expect, it } from "vitest";
import { defaultRunConfig, type RunConfig } from "../../../../src/config/run.js";
import { norm } from "../../../../src/core/vector.js";
import { gdWithState } from "../../../../src/experiments/figures/fig02/gdWithState.js";
import { runTraining } from "../../../../src/train/run.js";

describe("gdWithState: a GD run as `grokedge train` records it, plus the final (S, b)", () => {
  const config: RunConfig = { ...defaultRunConfig, n: 60, d: 29, epochs: 500, testSize: 50, runIndex: 3 };

  it("has runTraining's checkpoints and summary exactly, and S, b that reproduce the final checkpoint", () => {
    const kept = gdWithState(config);
    const ref = runTraining(config);
    // same arithmetic in the same order: bit-identical, so toEqual (not a tolerance)
    expect(kept.run.checkpoints).toEqual(ref.checkpoints);
    expect(kept.run.summary).toEqual(ref.summary);
    expect(kept.run.config).toEqual(config);
    expect(norm(kept.S)).toBe(ref.summary.final.norm_s);
    expect(kept.b).toBe(ref.summary.final.b);
  });

  it("refuses other optimizers (their state is not what GD keeps)", () => {
    expect(() => gdWithState({ ...config, optimizer: "adam" })).toThrow(RangeError);
  });
});
