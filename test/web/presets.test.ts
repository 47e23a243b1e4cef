import { describe, expect, it } from "vitest";
import { trainingData } from "../../src/train/run.js";
import { webTheory } from "../../src/web/drawTheory.js";
import { firstGrokkingSeed, PRESETS, predictedGeneralisationEpoch } from "../../src/web/presets.js";
import { parseQuery, webRunDefaults } from "../../src/web/state.js";

describe("the explorer's default draw and presets", () => {
  it("the default seed is the first the theory predicts to grok within the default epochs", () => {
    expect(firstGrokkingSeed({ ...webRunDefaults, seed: 0 })).toBe(webRunDefaults.seed);
    // seed 0 is separable (no S_∞): the draw the page used to open on, which never generalises
    expect(predictedGeneralisationEpoch({ ...webRunDefaults, seed: 0 })).toBeNull();
    const e = predictedGeneralisationEpoch(webRunDefaults);
    expect(e).not.toBeNull();
    expect(e!).toBeLessThanOrEqual(webRunDefaults.epochs / 10); // well inside the run: a visitor sees it early
  });

  it("every preset is a valid page URL, and each draw is of the kind its label says", () => {
    const kinds: Record<string, boolean> = {};
    for (const p of PRESETS) {
      const { state, error } = parseQuery(p.query);
      expect(error, p.id).toBeNull();
      kinds[p.id] = webTheory(state.run, trainingData(state.run)).separable === true;
    }
    expect(kinds).toEqual({
      grokking: false,
      memorisation: true,
      generalisation: false,
      sigma1: false,
      adam: false,
      exp: false,
    });
  });
});
