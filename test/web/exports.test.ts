import { describe, expect, it } from "vitest";
import { seriesToSvg } from "../../src/web/exports.js";

const pts = (f: (x: number) => number): [number, number | null][] => [1, 10, 100, 1000, 10000].map((x) => [x, f(x)]);

describe("the explorer's SVG export", () => {
  it("draws log10 values on an axis labelled as a log scale, with decade ticks", () => {
    const svg = seriesToSvg(
      "loss",
      "epochs",
      "loss",
      [{ label: "train", color: "#00f", points: pts((x) => -Math.log10(x)) }],
      {
        x: "log",
        y: "log10",
      },
    );
    expect(svg).toContain(">loss (log scale)<");
    expect(svg).toContain(">epochs (log scale)<");
    for (const tick of ["1e-4", "1e-2", "1", "1e2", "1e4"]) expect(svg).toContain(`>${tick}<`);
    expect(svg).not.toMatch(/>-\d/); // no log10 numbers as tick labels
  });

  it("keeps a linear axis linear, names every series in the legend, and skips x ≤ 0 on a log axis", () => {
    const svg = seriesToSvg(
      "accuracy",
      "epochs",
      "accuracy",
      [
        { label: "train", color: "#00f", points: [[0, 0.5], ...pts((x) => 0.5 + x / 20000)] },
        { label: "population", color: "#f00", dash: true, points: pts(() => 0.6) },
      ],
      { x: "log", y: "linear" },
    );
    expect(svg).toContain(">accuracy<");
    expect(svg).toContain(">train<");
    expect(svg).toContain(">population<");
    expect(svg).toContain('stroke-dasharray="6 4"');
    const train = svg.match(/<polyline [^>]*stroke="#00f"[^>]*points="([^"]+)"/)![1].split(" ");
    expect(train).toHaveLength(5); // the x = 0 point has no place on a log axis
  });
});
