/** Fig. 4's sketches (SPEC §6): the two classes' densities along e_1, one small panel per σ_A column. */

import { SERIES_COLOURS } from "../../../core/palette.js";
import type { Fig4Column } from "./columns.js";

/** Width of one sketch: the training grid's panel width (plot/trainingPanels.ts), so that the columns line up. */
export const SKETCH_WIDTH = 260;
/** Half-width of the class-density sketches' x range along e_1 (units of x): μ + 2.5 σ_A at the largest σ_A. */
const SKETCH_HALF_WIDTH = 0.45;
const SKETCH_POINTS = 181;

/** One point of a class's density along e_1 (units of x); a spike stands for a point mass there. */
export type ClassDensity = { sigma_a: number; class: string; x: number; density: number; spike: boolean };

/**
 * The class densities along e_1 (the paper's sketches): class ±1 at ±μ with std σ_A, drawn as N(±μ, σ_A²) on a grid;
 * at σ_A = 0 each class is a point mass at ±μ, drawn as a spike (one row with `spike: true`).
 */
export function classDensities(sigmaA: number, mu: number): ClassDensity[] {
  const classes = [
    { label: "class −1 (at −μ)", centre: -mu },
    { label: "class +1 (at +μ)", centre: mu },
  ];
  if (sigmaA === 0) return classes.map((c) => ({ sigma_a: 0, class: c.label, x: c.centre, density: 1, spike: true }));
  const norm = 1 / (sigmaA * Math.sqrt(2 * Math.PI));
  return classes.flatMap((c) =>
    Array.from({ length: SKETCH_POINTS }, (_, k) => {
      const x = -SKETCH_HALF_WIDTH + (2 * SKETCH_HALF_WIDTH * k) / (SKETCH_POINTS - 1);
      const z = (x - c.centre) / sigmaA;
      return { sigma_a: sigmaA, class: c.label, x, density: norm * Math.exp(-0.5 * z * z), spike: false };
    }),
  );
}

/** One small sketch per σ_A column, side by side above the training grid (each with its own density scale). */
export function sketchRow(cols: readonly Fig4Column[], mu: number, width: number) {
  const x = {
    field: "x",
    type: "quantitative" as const,
    scale: { domain: [-SKETCH_HALF_WIDTH, SKETCH_HALF_WIDTH], nice: false },
    axis: { title: "x·e_1", values: [-mu, 0, mu], format: ".1f", grid: false },
  };
  const y = { field: "density", type: "quantitative" as const, axis: null, stack: null };
  const colour = {
    field: "class",
    type: "nominal" as const,
    title: null,
    scale: { range: [SERIES_COLOURS[0], SERIES_COLOURS[1]] },
    legend: null,
  };
  return {
    hconcat: cols.map((col) => ({
      width: width,
      height: 45,
      data: { values: classDensities(col.sigmaA, mu) },
      layer: [
        {
          transform: [{ filter: "!datum.spike" }],
          mark: { type: "area" as const, opacity: 0.5, line: true },
          encoding: { x, y, color: colour },
        },
        {
          transform: [{ filter: "datum.spike" }],
          mark: { type: "rule" as const, strokeWidth: 3 },
          encoding: { x, y: { datum: 0, type: "quantitative" as const, axis: null }, y2: { datum: 1 }, color: colour },
        },
      ],
    })),
    spacing: 13, // the grid's column pitch (measured on the rendered figure)
    resolve: { scale: { y: "independent" } },
  };
}
