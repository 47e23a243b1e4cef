/**
 * Trajectories in a plane over a heat map of a scalar field (paper Fig. 2 right: (σ‖S‖, b) over the population
 * accuracy A_gen). Each trajectory has a colour per series and a dash per part (e.g. trained / continued); guide lines
 * (theory limits) are drawn dotted in their series' colour, and the end of each part is marked with a dot; optional
 * level lines of the field (iso-accuracy rays) are drawn thin and labelled.
 */

import type { TopLevelSpec } from "vega-lite";
import { DASHES, LEVEL_LINE_COLOURS } from "../core/palette.js";

/** One cell of the heat map: the rectangle [x, x2] × [y, y2] and the field's value in it. */
export interface HeatCell {
  x: number;
  x2: number;
  y: number;
  y2: number;
  value: number;
}

/** One vertex of a polyline; vertices are joined in `order` within (series, part). */
export interface PathVertex {
  series: string;
  part: string;
  order: number;
  x: number;
  y: number;
}

export interface PhasePlaneOptions {
  /** series (legend order) and their colours */
  series: readonly string[];
  colours: readonly string[];
  /** path parts (legend order) and their dashes ([] for solid) */
  parts: readonly string[];
  dashes: readonly number[][];
  xTitle: string;
  /** "sqrt" spreads out small x (default linear) */
  xScale?: "linear" | "sqrt";
  /** x tick values (default: Vega's) */
  xTicks?: number[];
  yTitle: string;
  valueTitle: string;
  /** the heat map's colour domain */
  valueDomain: [number, number];
  title: string;
  subtitle?: string[];
  width?: number;
  height?: number;
  /** level lines of the field (e.g. iso-accuracy rays), drawn thin and dotted, each labelled (IsoLine.labelAt) */
  isoLines?: readonly IsoLine[];
}

/** One level line: vertices in order, and its label, written at `labelAt` (default: its last vertex). */
export interface IsoLine {
  label: string;
  vertices: readonly { x: number; y: number }[];
  labelAt?: { x: number; y: number };
}

/** The heat map under the paths, guides and end dots; the heat map and the paths have separate colour legends. */
export function phasePlaneSpec(
  cells: readonly HeatCell[],
  paths: readonly PathVertex[],
  guides: readonly PathVertex[],
  o: PhasePlaneOptions,
): TopLevelSpec {
  const x = {
    field: "x",
    type: "quantitative" as const,
    title: o.xTitle,
    scale: { type: o.xScale ?? "linear", nice: false, zero: false },
    axis: o.xTicks ? { values: o.xTicks, format: "~g" } : {},
  };
  const y = { field: "y", type: "quantitative" as const, title: o.yTitle, scale: { nice: false, zero: false } };
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: { domain: [...o.series], range: [...o.colours] },
  };
  const dash = {
    field: "part",
    type: "nominal" as const,
    title: null,
    scale: { domain: [...o.parts], range: [...o.dashes] },
  };
  const ends = lastVertices(paths);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: o.title, subtitle: o.subtitle ?? [], anchor: "start" },
    width: o.width ?? 320,
    height: o.height ?? 260,
    layer: [
      heatLayer(cells, x, y, o),
      ...isoLayers(o.isoLines ?? [], x, y),
      {
        data: { values: guides.map((g) => ({ ...g })) },
        mark: { type: "line", strokeDash: [1, 3], strokeWidth: 1.5, clip: true },
        encoding: { x, y, order: { field: "order" }, color: { ...colour, legend: null }, detail: { field: "part" } },
      },
      {
        data: { values: paths.map((p) => ({ ...p })) },
        mark: { type: "line", strokeWidth: 2, clip: true },
        encoding: { x, y, order: { field: "order" }, color: colour, strokeDash: dash },
      },
      {
        data: { values: ends },
        mark: { type: "point", filled: true, size: 30, clip: true },
        encoding: { x, y, color: { ...colour, legend: null } },
      },
    ],
    resolve: { scale: { color: "independent" } },
  } as TopLevelSpec;
}

/** A positional channel (x or y) of the layers. */
type Axis = Record<string, unknown>;

/** The heat map of the field: one grey rectangle per cell, with its own colour legend. */
function heatLayer(cells: readonly HeatCell[], x: Axis, y: Axis, o: PhasePlaneOptions) {
  return {
    data: { values: cells.map((c) => ({ ...c })) },
    mark: { type: "rect" },
    encoding: {
      x,
      x2: { field: "x2" },
      y,
      y2: { field: "y2" },
      fill: {
        field: "value",
        type: "quantitative",
        title: o.valueTitle,
        scale: { scheme: "greys", domain: o.valueDomain, clamp: true },
        legend: { orient: "right", gradientLength: 120 },
      },
    },
  };
}

/** The level lines, thin and dotted, and their labels (twice: a white halo under dark text). */
function isoLayers(lines: readonly IsoLine[], x: Axis, y: Axis) {
  const iso = lines.flatMap((l) => l.vertices.map((v, order) => ({ ...v, order, line: l.label })));
  const isoEnds = lines.flatMap((l) => {
    const v = l.labelAt ?? l.vertices[l.vertices.length - 1];
    return v ? [{ x: v.x, y: v.y, line: l.label }] : [];
  });
  return [
    {
      data: { values: iso },
      mark: { type: "line", strokeDash: DASHES.guide, strokeWidth: 1, color: LEVEL_LINE_COLOURS.line, clip: true },
      encoding: { x, y, order: { field: "order" }, detail: { field: "line" } },
    },
    // labels twice: a white halo under dark text reads on both ends of the grey map
    ...[{ stroke: "#fff", strokeWidth: 3 }, {}].map((halo) => ({
      data: { values: isoEnds },
      mark: {
        type: "text",
        fontSize: 10,
        color: LEVEL_LINE_COLOURS.text,
        align: "right",
        baseline: "middle",
        dx: -3,
        ...halo,
      },
      encoding: { x, y, text: { field: "line" } },
    })),
  ];
}

/** The last vertex of every (series, part) polyline. */
function lastVertices(paths: readonly PathVertex[]): PathVertex[] {
  const last = new Map<string, PathVertex>();
  for (const p of paths) {
    const key = `${p.series}\u0000${p.part}`;
    const q = last.get(key);
    if (q === undefined || p.order > q.order) last.set(key, p);
  }
  return [...last.values()].map((p) => ({ ...p }));
}
