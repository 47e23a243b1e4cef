import { describe, expect, it } from "vitest";
import { type PanelRun, trainingPanelsSpec } from "../../src/plot/trainingPanels.js";
import { checkpointAt } from "../experiments/checkpointFixture.js";

const run = (column: string, lastEpoch: number): PanelRun => ({
  column,
  seed: 0,
  checkpoints: [1, 10, 100, lastEpoch].map((e) => checkpointAt(e, 0.7)),
});

/** The scale resolution of each grid row (loss, accuracy, σ‖S‖, b). */
function resolutions(runs: PanelRun[], independentY = false) {
  const spec = trainingPanelsSpec(runs, { title: "", subtitle: [], independentY }) as unknown as {
    vconcat: { resolve?: { scale: Record<string, string> } }[];
  };
  return spec.vconcat.map((row) => row.resolve?.scale ?? {});
}

describe("the Fig. 1-left panel grid's scales", () => {
  it("shares one epoch axis when the columns ran equally long, and gives each its own when they did not", () => {
    expect(resolutions([run("a", 60_000), run("b", 60_000)]).every((r) => r.x === undefined)).toBe(true);
    expect(resolutions([run("a", 60_000), run("b", 600_000)]).every((r) => r.x === "independent")).toBe(true);
  });

  it("gives each column its own y scale on request, except the accuracy row's fixed range", () => {
    const y = resolutions([run("a", 1000), run("b", 1000)], true).map((r) => r.y);
    expect(y).toEqual(["independent", undefined, "independent", "independent"]);
  });
});
