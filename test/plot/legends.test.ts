import { describe, expect, it } from "vitest";
import { bottomLegend, cornerLegend, seriesStyleChannels } from "../../src/plot/legends.js";

describe("legends", () => {
  it("colour and dash share the series' legend order, one style per series", () => {
    const c = seriesStyleChannels([
      { series: "a", colour: "red", dash: [1, 0] },
      { series: "b", colour: "blue", dash: [4, 3] },
    ]);
    expect(c.color.scale).toEqual({ domain: ["a", "b"], range: ["red", "blue"] });
    expect(c.strokeDash.scale).toEqual({
      domain: ["a", "b"],
      range: [
        [1, 0],
        [4, 3],
      ],
    });
    expect(c.color.legend).toEqual(c.strokeDash.legend);
  });

  it("a bottom legend stacks its entries unless asked for a row", () => {
    expect(bottomLegend()).toEqual({ orient: "bottom", direction: "vertical" });
    expect(bottomLegend("horizontal")).toEqual({ orient: "bottom", direction: "horizontal" });
    expect(cornerLegend("top-right")).toEqual({ orient: "top-right", fillColor: "white" });
  });
});
