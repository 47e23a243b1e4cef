import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import {
  figureTitle,
  panelRowSpec,
  singlePanelSpec,
  startTitle,
  TOY1D_CONFIG,
  toy1dConfig,
} from "../../src/plot/figureLayout.js";
import { seriesStyleChannels } from "../../src/plot/legends.js";

const panel = (series: string[]) => ({
  width: 100,
  height: 80,
  data: { values: series.map((s, k) => ({ series: s, x: k, y: k * k })) },
  mark: "line",
  encoding: {
    x: { field: "x", type: "quantitative" },
    y: { field: "y", type: "quantitative" },
    ...seriesStyleChannels(series.map((s, k) => ({ series: s, colour: ["red", "blue"][k], dash: [k + 1, 1] }))),
  },
});

describe("figure layout", () => {
  it("puts panels side by side under one title, each keeping its own colour and dash legends when asked", () => {
    const spec = panelRowSpec({
      title: figureTitle("T", ["a", "b"]),
      panels: [panel(["p", "q"]), panel(["r", "s"])],
      spacing: 30,
      independent: ["color", "strokeDash"],
      config: TOY1D_CONFIG,
    }) as unknown as Record<string, unknown>;
    expect(Object.keys(spec)).toEqual(["$schema", "title", "hconcat", "spacing", "resolve", "config"]);
    expect(spec.resolve).toEqual({
      scale: { color: "independent", strokeDash: "independent" },
      legend: { color: "independent", strokeDash: "independent" },
    });
    expect(() => compile(spec as never)).not.toThrow();
  });

  it("leaves resolve and config out when not given, and a single panel spreads into the top level", () => {
    const row = panelRowSpec({ title: { text: "T" }, panels: [panel(["p"])], spacing: 10 }) as unknown as Record<
      string,
      unknown
    >;
    expect(Object.keys(row)).toEqual(["$schema", "title", "hconcat", "spacing"]);
    const one = singlePanelSpec({ text: "T" }, panel(["p"])) as unknown as Record<string, unknown>;
    expect(one.width).toBe(100);
    expect(() => compile(one as never)).not.toThrow();
  });

  it("a plain title is left-aligned; toy1dConfig overrides only the legend properties it is given", () => {
    expect(startTitle("T", ["s"])).toEqual({ text: "T", subtitle: ["s"], anchor: "start" });
    const c = toy1dConfig({ orient: "bottom", columns: 2 });
    expect(Object.keys(c)).toEqual(Object.keys(TOY1D_CONFIG));
    expect(c.legend).toEqual({ ...TOY1D_CONFIG.legend, orient: "bottom", columns: 2 });
    expect(c.axis).toBe(TOY1D_CONFIG.axis);
  });
});
