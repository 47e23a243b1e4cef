/**
 * Divergence is a result, not a success (issue 17, defect 9): a run whose training loss grows 10^4-fold (or leaves the
 * float range) stops with status "diverged" and `train` exits 3 naming the epoch; a flow that cannot advance gives up
 * after a bounded number of passes instead of spinning to its cap.
 */
import { describe, expect, it } from "vitest";
import { grokedge } from "../helpers.js";

const RUN = ["train", "--N", "100", "--lambda", "0.48", "--test-size", "0", "--no-store", "--format", "json"];

describe("divergence", () => {
  it("GD at σ = 1e8 (loss 4.8e6 → 1.9e13 in one step) stops as diverged, exit 3, naming the epoch", () => {
    const r = grokedge([...RUN, "--sigma", "1e8", "--epochs", "20"]);
    expect(r.code).toBe(3);
    const run = JSON.parse(r.stdout);
    expect(run.summary.status).toBe("diverged");
    expect(run.summary.epochs_run).toBe(1);
    expect(r.stderr.trim().split("\n").at(-1)).toBe('error: the run diverged at epoch 1 (status "diverged")');
  });

  it("an exp-loss divergence reports no loss and no crossing (it printed train loss 0 and a crossing at epoch 2)", () => {
    const r = grokedge([...RUN, "--loss", "exp", "--sigma", "1e8", "--epochs", "20"]);
    expect(r.code).toBe(3);
    const { summary } = JSON.parse(r.stdout);
    expect(summary.status).toBe("diverged");
    expect(summary.final.train_loss).toBeNull(); // not 0: the iterate is off the float range
    expect(summary.grokking.loss.trainEpoch).toBeNull();
    expect(summary.grokking.accuracy.trainEpoch).toBeNull();
  });

  it("a doomed flow gives up within a few hundred passes (was 17 M), exit 3; the GD-equivalent one stops at its first GD step", () => {
    const doomed = ["--loss", "exp", "--sigma", "1e8", "--optimizer", "flow", "--t-max", "1e6", "--N", "40"];
    const plain = grokedge([...RUN, ...doomed, "--lambda", "0.45", "--gd-equivalent", "off"]);
    expect(plain.code).toBe(3);
    expect(JSON.parse(plain.stdout).summary.status).toBe("solver gave up");
    expect(JSON.parse(plain.stdout).summary.gradient_evaluations).toBeLessThan(1000);
    const equivalent = grokedge([...RUN, ...doomed, "--lambda", "0.45"]);
    expect(equivalent.code).toBe(3);
    expect(JSON.parse(equivalent.stdout).summary.status).toBe("diverged");
  });

  it('an exp-loss divergence prints no made-up training loss (was "train loss 0") and no crossing', () => {
    const r = grokedge([
      "train",
      "--loss",
      "exp",
      "--N",
      "100",
      "--lambda",
      "0.48",
      "--sigma",
      "1e8",
      "--epochs",
      "20",
      "--no-store",
    ]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/train loss —/);
    expect(r.stdout).toMatch(/grokking time \(accuracy 0\.9\): not reached/);
  });

  it("an ordinary run is not flagged: exit 0, status ok", () => {
    const r = grokedge([...RUN, "--epochs", "2000"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).summary.status).toBe("ok");
  });
});
