/**
 * Small-multiple histograms from precomputed bins (paper Fig. 2 left: S·x_i/‖S‖ per λ). One row per facet; in each,
 * one series drawn as filled bars (optionally red from a given x on: the paper's red bars for S·x_i > 0) and an optional
 * second one as black outlines over them, and a rule at x = 0.
 * Bins come in counted (the data rows are what is drawn), so the chart does no binning of its own.
 */

import type { TopLevelSpec } from "vega-lite";
import { ROLE_COLOURS } from "../core/palette.js";
import { topLevelSpec } from "./figureLayout.js";

export interface HistogramBin {
  facet: string;
  series: string;
  /** bin edges (units of the histogrammed quantity) */
  lo: number;
  hi: number;
  count: number;
}

export interface HistogramOptions {
  /** facet labels, top to bottom */
  facets: readonly string[];
  /** the series drawn as filled bars, and the one drawn as outlines (if any) */
  filled: string;
  outlined?: string;
  xTitle: string;
  title: string;
  subtitle?: string[];
  width?: number;
  height?: number;
  /** bars from this x on are drawn in the wrong-side colour (bins must not straddle it); absent: one colour */
  wrongSideFrom?: number;
}

/** The bars' colour: the correct-side colour, or the wrong-side colour from `from` on. */
function barColour(from: number | undefined) {
  const value = ROLE_COLOURS.correctSide;
  return from === undefined
    ? { value }
    : { condition: { test: `datum.lo >= ${from}`, value: ROLE_COLOURS.wrongSide }, value };
}

/** A column of histograms, one per facet, sharing the x axis; y (counts) is per facet. */
export function histogramSpec(bins: readonly HistogramBin[], o: HistogramOptions): TopLevelSpec {
  const x = { field: "lo", type: "quantitative" as const, title: o.xTitle };
  const y = { field: "count", type: "quantitative" as const, title: "points" };
  const layers: Record<string, unknown>[] = [
    {
      transform: [{ filter: { field: "series", equal: o.filled } }],
      mark: { type: "rect", opacity: 0.8 },
      encoding: { x, x2: { field: "hi" }, y, y2: { datum: 0 }, color: barColour(o.wrongSideFrom) },
    },
  ];
  if (o.outlined !== undefined) {
    layers.push({
      transform: [{ filter: { field: "series", equal: o.outlined } }],
      mark: { type: "rect", fillOpacity: 0, stroke: "#111", strokeWidth: 1 },
      encoding: { x, x2: { field: "hi" }, y, y2: { datum: 0 } },
    });
  }
  // x = 0 separates S·x_i < 0 (on the correct side for the all −1 labels) from S·x_i > 0
  layers.push({ mark: { type: "rule", color: "#555", strokeDash: [4, 3] }, encoding: { x: { datum: 0 } } });
  return topLevelSpec({
    title: { text: o.title, subtitle: o.subtitle ?? [], anchor: "start" },
    data: { values: bins.map((b) => ({ ...b })) },
    facet: {
      row: {
        field: "facet",
        type: "nominal",
        sort: [...o.facets],
        header: { title: null, labelOrient: "top", labelAnchor: "start", labelAngle: 0, labelFontWeight: "bold" },
      },
    },
    spec: { width: o.width ?? 240, height: o.height ?? 90, layer: layers },
    resolve: { scale: { y: "independent" } },
    spacing: 8,
  });
}
