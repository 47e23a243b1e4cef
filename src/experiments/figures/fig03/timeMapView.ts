/** Fig. 3 right's panel: the time map as a heatmap on decade axes, its contour lines in white, each labelled. */

import { NEUTRAL_COLOURS } from "../../../core/palette.js";
import { decadeTicks, type FixedScale, fixedScale } from "../../../plot/decadeAxes.js";
import { panelTitle } from "../../../plot/figureLayout.js";
import { B_DOMAIN, UNIT_PX } from "./geometry.js";
import {
  ACC_THRESHOLD,
  type ContourMark,
  contourMarks,
  type HeatCell,
  halfStep,
  heatMarks,
  type TimeGrid,
} from "./timeMap.js";

/** The map's frame: its x (log10(1 − 2λ)) and σ extents, half a cell past the outer grid values. */
interface Frame {
  xlo: number;
  xhi: number;
  slo: number;
  shi: number;
}

function frameOf(grid: TimeGrid): Frame {
  const { log10Xs: xs, sigmas: ss } = grid;
  return {
    xlo: xs[0] - halfStep(xs),
    xhi: xs[xs.length - 1] + halfStep(xs),
    slo: ss[0] - halfStep(ss),
    shi: ss[ss.length - 1] + halfStep(ss),
  };
}

/** The heatmap layer of the time map (cells overlap by 2%, see heatMarks), its colour legend over [lo, hi]. */
function heatLayer(
  cells: readonly HeatCell[],
  grid: TimeGrid,
  { xlo, xhi }: Frame,
  scales: { x: FixedScale; y: FixedScale },
) {
  const ts = cells.map((c) => c.log10T).filter((t): t is number => t !== null);
  const lo = Math.min(...ts);
  const hi = Math.max(...ts);
  return {
    data: { values: heatMarks(cells, grid) },
    mark: { type: "rect" as const, clip: true },
    encoding: {
      x: {
        field: "x0",
        type: "quantitative" as const,
        scale: scales.x,
        axis: { title: "1 − 2λ", grid: false, ...decadeTicks(xlo, xhi) },
      },
      x2: { field: "x1" },
      y: {
        field: "s0",
        type: "quantitative" as const,
        scale: scales.y,
        axis: { title: "σ", grid: false, values: grid.sigmas.filter((s) => Number.isInteger(s)) },
      },
      y2: { field: "s1" },
      fill: {
        field: "log10_t_gen95",
        type: "quantitative" as const,
        title: "t (epochs)",
        scale: { scheme: "viridis", domain: [lo, hi] },
        legend: { ...decadeTicks(lo, hi), gradientLength: 200, orient: "right" as const },
      },
    },
  };
}

/** The white contour lines, then their labels: a black halo first, the white text over it. */
function contourLayers(marks: readonly ContourMark[], scales: { x: FixedScale; y: FixedScale }) {
  const cx = { field: "log10_one_minus_2lambda", type: "quantitative" as const, scale: scales.x };
  const cy = { field: "sigma", type: "quantitative" as const, scale: scales.y };
  const spots = marks.filter((m) => m.k === -1);
  const label = (stroke: object) => ({
    data: { values: spots },
    mark: {
      type: "text" as const,
      fontSize: 10,
      fontWeight: "bold" as const,
      color: NEUTRAL_COLOURS.white,
      ...stroke,
      clip: true,
    },
    encoding: { x: cx, y: cy, text: { field: "label" } },
  });
  return [
    {
      data: { values: marks.filter((m) => m.k >= 0) },
      mark: { type: "line" as const, color: NEUTRAL_COLOURS.white, strokeWidth: 1.2, clip: true },
      encoding: { x: cx, y: cy, order: { field: "k" }, detail: { field: "level" } },
    },
    label({ stroke: NEUTRAL_COLOURS.black, strokeWidth: 2.5 }),
    label({}),
  ];
}

/** The right panel, as tall as the (S, b) panels beside it. */
export function timeMapView(cells: readonly HeatCell[], grid: TimeGrid) {
  const frame = frameOf(grid);
  const scales = { x: fixedScale([frame.xlo, frame.xhi]), y: fixedScale([frame.slo, frame.shi]) };
  return {
    title: panelTitle(`first t (epochs) with A_gen ≥ ${ACC_THRESHOLD}`),
    width: 300,
    height: (B_DOMAIN[1] - B_DOMAIN[0]) * UNIT_PX,
    layer: [heatLayer(cells, grid, frame, scales), ...contourLayers(contourMarks(cells, grid), scales)],
  };
}
