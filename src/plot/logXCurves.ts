/**
 * Curves y(x) on a log x axis, one style per series, with an optional horizontal reference line (paper Fig. 2
 * middle: ‖S‖ against conformal time τ with and without bias, and the limit ‖S_∞‖).
 */

import type { TopLevelSpec } from "vega-lite";
import { topLevelSpec } from "./figureLayout.js";
import { bottomLegend } from "./legends.js";

export interface CurvePoint {
  series: string;
  x: number;
  y: number;
}

export interface CurveStyle {
  series: string;
  colour: string;
  /** stroke dash pattern; [] for solid */
  dash: number[];
  width: number;
}

export interface LogXCurvesOptions {
  /** legend order and the style of each series */
  styles: readonly CurveStyle[];
  xTitle: string;
  yTitle: string;
  title: string;
  subtitle?: string[];
  /** a dotted horizontal line at y, labelled */
  reference?: { y: number; label: string };
  width?: number;
  height?: number;
}

/** Lines over a log x axis; the x domain is the data's, so no series is clipped to a padded axis. */
export function logXCurvesSpec(points: readonly CurvePoint[], o: LogXCurvesOptions): TopLevelSpec {
  const xs = points.map((p) => p.x).filter((v) => v > 0);
  const domain = [Math.min(...xs), Math.max(...xs)];
  const series = o.styles.map((s) => s.series);
  const x = {
    field: "x",
    type: "quantitative" as const,
    title: o.xTitle,
    scale: { type: "log" as const, domain, nice: false },
    axis: { values: decadeTicks(domain), format: "~g", grid: true },
  };
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    legend: bottomLegend("vertical"),
    scale: { domain: series, range: o.styles.map((s) => s.colour) },
  };
  const dash = {
    field: "series",
    type: "nominal" as const,
    legend: null,
    scale: { domain: series, range: o.styles.map((s) => s.dash) },
  };
  const data = points.filter((p) => p.x > 0).map((p) => ({ ...p }));
  // one layer per series: a line's width is a mark property (a width scale on a nominal field draws a warning)
  const layers: Record<string, unknown>[] = o.styles.map((s) => ({
    data: { values: data.filter((p) => p.series === s.series) },
    mark: { type: "line", clip: true, strokeWidth: s.width },
    encoding: { x, y: { field: "y", type: "quantitative", title: o.yTitle }, color: colour, strokeDash: dash },
  }));
  if (o.reference) {
    const ref = { y: o.reference.y, label: o.reference.label };
    layers.push(
      {
        data: { values: [ref] },
        mark: { type: "rule", strokeDash: [2, 3], color: "#555" },
        encoding: { y: { field: "y", type: "quantitative" } },
      },
      {
        data: { values: [ref] },
        mark: { type: "text", align: "left", dx: 4, dy: -7, color: "#333" },
        encoding: { y: { field: "y", type: "quantitative" }, x: { datum: domain[0] }, text: { field: "label" } },
      },
    );
  }
  return topLevelSpec({
    title: { text: o.title, subtitle: o.subtitle ?? [], anchor: "start" },
    width: o.width ?? 300,
    height: o.height ?? 260,
    layer: layers,
  });
}

/** Powers of ten inside the domain: Vega's own log ticks crowd a many-decade axis with unlabelled grid lines. */
function decadeTicks([lo, hi]: number[]): number[] {
  const ks: number[] = [];
  for (let k = Math.ceil(Math.log10(lo) - 1e-9); k <= Math.floor(Math.log10(hi) + 1e-9); k++) ks.push(10 ** k);
  return ks;
}
