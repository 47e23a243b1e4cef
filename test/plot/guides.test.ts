import { describe, expect, it } from "vitest";
import { DASHES, GREYS } from "../../src/core/palette.js";
import { verticalGuide } from "../../src/plot/guides.js";

describe("verticalGuide", () => {
  it("is one rule at the value on the given x encoding, in the guide grey and the threshold dash", () => {
    const x = { field: "lambda", type: "quantitative" };
    expect(verticalGuide("lambda", 0.5, x)).toEqual({
      data: { values: [{ lambda: 0.5 }] },
      mark: { type: "rule", color: GREYS.guide, strokeDash: DASHES.threshold },
      encoding: { x },
    });
  });
});
