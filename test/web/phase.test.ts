import { describe, expect, it } from "vitest";
import { majorityOutcome, phaseCells } from "../../src/web/phase.js";
import { defaultState } from "../../src/web/state.js";

describe("the phase diagram's cells", () => {
  it("carry one run per draw, seeds seed, seed + 1, …, the first being the cell's own", () => {
    const s = defaultState();
    const cells = phaseCells(s.run, { ...s.view, phaseCells: 2, phaseDraws: 3 });
    expect(cells).toHaveLength(4);
    expect(cells[0].draws.map((c) => c.seed)).toEqual([s.run.seed, s.run.seed + 1, s.run.seed + 2]);
    expect(cells[0].draws[0]).toEqual(cells[0].config);
  });

  it("show their most frequent outcome, ties going to the legend's order", () => {
    expect(majorityOutcome(["groks", "memorises", "groks"]).outcome).toBe("groks");
    expect(majorityOutcome(["memorises", "groks"]).outcome).toBe("groks");
    expect(majorityOutcome(["unfitted"]).counts).toEqual({ generalises: 0, groks: 0, memorises: 0, unfitted: 1 });
  });
});
