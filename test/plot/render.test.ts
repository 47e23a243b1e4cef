import { describe, expect, it } from "vitest";
import { renderVegaLite } from "../../src/plot/render.js";
import { type PanelRun, trainingPanelsSpec } from "../../src/plot/trainingPanels.js";
import type { Checkpoint } from "../../src/train/gd.js";

/** A plausible-looking run: loss falling over log-spaced epochs, accuracy rising, ‖S‖ growing. */
function syntheticRun(column: string, seed: number, lambda: number): PanelRun {
  const checkpoints: Checkpoint[] = [0, 1, 3, 10, 30, 100, 300, 1000, 3000, 10000].map((epoch) => {
    const u = Math.log10(epoch + 1);
    const logTrain = -u * (1 + lambda) - 0.1 * seed;
    const logPop = -0.5 * u * lambda + 0.05 * seed;
    const sigmaNorm = 0.5 * u + 0.1 * seed;
    const b = -0.3 * u;
    return {
      epoch,
      t: 0.1 * epoch,
      train_loss: 10 ** logTrain,
      log10_train_loss: logTrain,
      train_acc: Math.min(1, 0.6 + 0.1 * u),
      pop_loss: 10 ** logPop,
      log10_pop_loss: logPop,
      pop_acc: Math.min(1, 0.5 + 0.08 * u * lambda),
      test_loss: null,
      test_acc: null,
      norm_s: sigmaNorm / 0.5,
      sigma_norm_s: sigmaNorm,
      b,
      b_over_sigma_norm_s: sigmaNorm > 0 ? b / sigmaNorm : null,
    };
  });
  return { column, seed, checkpoints };
}

function pngWidth(png: Buffer): number {
  // IHDR is the first chunk: 8 magic bytes, 4 length, 4 type, then width as big-endian uint32.
  expect(png.subarray(12, 16).toString("ascii")).toBe("IHDR");
  return png.readUInt32BE(16);
}

describe("renderVegaLite(trainingPanelsSpec)", () => {
  it("renders a titled 4-row panel grid to SVG and PNG", async () => {
    const runs = ["λ = 0.05", "λ = 0.52"].flatMap((col, i) => [0, 1].map((seed) => syntheticRun(col, seed, 0.3 + i)));
    const spec = trainingPanelsSpec(runs, { title: "Grokking test figure", subtitle: ["d = 10, n = 20, η = 0.1"] });
    const { svg, png } = await renderVegaLite(spec);

    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("Grokking test figure");
    expect(svg).toContain("d = 10, n = 20, η = 0.1");
    expect(svg).toContain("λ = 0.05");
    expect(svg).toContain("λ = 0.52");
    expect(svg).toContain("epochs");
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(pngWidth(png)).toBeGreaterThan(500);
  });
});
