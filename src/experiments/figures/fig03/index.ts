/**
 * Fig. 3 of the paper (SPEC §6): the 1-D toy model of SPEC §4.
 * Left (geometry.ts): the extended-SVM geometry in the (S, b) plane at λ ∈ {0.75, 0.5, 0}, with the gradient-flow
 * trajectory. Right (timeMap.ts, timeMapView.ts, timeMapChecks.ts): the time at which the population accuracy A_gen
 * first reaches 0.95, over σ ∈ [8, 16] × 1 − 2λ ∈ [1e-6, 1e-2].
 */

import { decadeLabel } from "../../../plot/decadeAxes.js";
import { figureTitle, panelRowSpec, toy1dConfig } from "../../../plot/figureLayout.js";
import {
  type DataRow,
  defineFigure,
  type FigureContext,
  type FigureRecipe,
  type FigureSize,
  type FigureView,
} from "../recipe.js";
import { linspace, TOY1D_ETA, TOY1D_ETA_REVEALED, toy1dModel } from "../toy1dFigures.js";
import {
  GEOMETRY_LAMBDAS,
  GEOMETRY_START,
  type GeometryPanel,
  geometryChecks,
  geometryMarks,
  geometryPanel,
  geometryView,
  LATE_LOG10_T,
} from "./geometry.js";
import {
  ACC_THRESHOLD,
  CONTOUR_LEVELS,
  cellTime,
  contourMarks,
  type HeatCell,
  heatMarks,
  heatmapCells,
  type PaperContour,
  paperContours,
  type TimeGrid,
  timeToAccuracy,
} from "./timeMap.js";
import { heatmapEdgeChecks, heatmapSigmaChecks, paperContourChecks } from "./timeMapChecks.js";
import { timeMapView } from "./timeMapView.js";

export interface Fig3Size extends TimeGrid {
  /** samples per decade of t along the left trajectories */
  perDecade: number;
}

/** The paper's map: σ ∈ [8, 16] × 1 − 2λ ∈ [1e-6, 1e-2] (the latter as log10). */
const PAPER_MAP = { sigma: [8, 16], log10X: [-6, -2] } as const;

/** A grid over the paper's map: `nSigma` σ rows × `nX` columns of 1 − 2λ, evenly spaced (in log10 for the latter). */
function mapGrid(perDecade: number, nSigma: number, nX: number): Fig3Size {
  const [s0, s1] = PAPER_MAP.sigma;
  const [x0, x1] = PAPER_MAP.log10X;
  return { perDecade, sigmas: linspace(s0, s1, nSigma), log10Xs: linspace(x0, x1, nX) };
}

const SIZES: Record<FigureSize, Fig3Size> = {
  smoke: mapGrid(2, 3, 3),
  laptop: mapGrid(10, 17, 17),
  paper: mapGrid(20, 33, 41),
};

/** Fig. 3's typed result: the three (S, b) panels, the time map with its λ = ½ times per σ, the paper's contours. */
interface Fig3Result {
  size: FigureSize;
  grid: Fig3Size;
  panels: GeometryPanel[];
  cells: HeatCell[];
  /** σ → log10 t at λ = ½ itself (null: not reached) */
  edge: Map<number, number | null>;
  paperContours: PaperContour[];
}

async function computeFig3(ctx: FigureContext, grid: Fig3Size): Promise<Fig3Result> {
  const panels = GEOMETRY_LAMBDAS.map((l) => geometryPanel(l, grid.perDecade));
  const cells = heatmapCells(grid, ctx.onProgress);
  const edge = new Map(grid.sigmas.map((sigma) => [sigma, timeToAccuracy(toy1dModel(0, sigma))]));
  return { size: ctx.size, grid, panels, cells, edge, paperContours: paperContours(grid) };
}

function fig3View({ size, grid, panels, cells }: Fig3Result): FigureView {
  const title = figureTitle("Fig. 3 — the 1-D model: extended-SVM geometry and the time to generalize", [
    `left: shaded = feasible set of S·x_i + b ≤ −1 (σ = 1); ◆ = w_SVM; gradient flow on the exp loss, η = ${TOY1D_ETA}, ` +
      "to t = 1e90",
    `right: first t with population accuracy ≥ ${ACC_THRESHOLD}, from S_0 = b_0 = 0, η = ${TOY1D_ETA}; ${size} size ` +
      `(${grid.sigmas.length} σ × ${grid.log10Xs.length} values of 1 − 2λ)`,
  ]);
  const geometry = panels.map((g, i) => geometryView(g, i === 0));
  const config = toy1dConfig({ orient: "bottom", columns: 2 });
  return { spec: panelRowSpec({ title, panels: [...geometry, timeMapView(cells, grid)], spacing: 14, config }) };
}

/** The CSV: each (S, b) panel's marks tagged "geometry", the map's cells, then its contour vertices and labels. */
function fig3Rows({ grid, panels, cells }: Fig3Result): DataRow[] {
  return [
    ...panels.flatMap((g) => geometryMarks(g).map((m) => ({ panel: "geometry", ...m }))),
    ...heatMarks(cells, grid).map((m) => ({ panel: "time to A_gen 0.95", ...m })),
    ...contourMarks(cells, grid).map((m) => ({ panel: "contour", ...m })),
  ];
}

function fig3Table({ grid, cells, edge }: Fig3Result): { rows: DataRow[]; notes: string[] } {
  const [first, last] = [grid.log10Xs[0], grid.log10Xs[grid.log10Xs.length - 1]];
  return {
    rows: grid.sigmas.map((sigma) => ({
      sigma,
      [`log10_t_at_1e${last}`]: cellTime(cells, sigma, last),
      [`log10_t_at_1e${first}`]: cellTime(cells, sigma, first),
      log10_t_at_lambda_half: edge.get(sigma) ?? null,
    })),
    notes: [
      `log10 of the first t (epochs, η = ${TOY1D_ETA}) with A_gen ≥ ${ACC_THRESHOLD}, from S_0 = b_0 = 0, at the two ` +
        "ends of the 1 − 2λ grid and at λ = ½ itself",
    ],
  };
}

function fig3Notes({ size, grid }: Fig3Result): string[] {
  return [
    `η = ${TOY1D_ETA} (unstated in the paper, revealed by its axes: SPEC §6): t scales as 1/η, so another η shifts the right panel's times by −log10 η`,
    "left: σ = 1 (the geometry is the same for any σ in units of S̃ = σS, SPEC §3.7); start (S_0, b_0) = (1, 0) so " +
      "that the λ = 0 flow visibly relaxes to S_∞ = 0 (from S_0 = 0 it would start on it)",
    "left: w_SVM comes from the project's extended-space SVM solver (svm.ts) on the two points and is checked against " +
      "its closed form",
    "right: gradient flow from S_0 = b_0 = 0; the time is the first crossing of A_gen = ½ erfc(b/(√2σ|S|)) ≥ 0.95 " +
      "on the integrator's dense output (SPEC §5)",
    `right: ${size} size: σ ∈ {${grid.sigmas.join(", ")}}, log10(1 − 2λ) ∈ {${grid.log10Xs.join(", ")}}`,
    `right: white contours at t = ${CONTOUR_LEVELS.map(decadeLabel).join(", ")} epochs (chosen levels around the ` +
      "paper's 10⁷ and 9·10⁷), interpolated on the grid; the check on the paper's σ at 1 − 2λ = 10⁻⁶ bisects the flow",
    "right: early on −b/(σS) ≈ 2/σ², so for σ ≥ 2 A_gen first dips and the first crossing of 0.95 is the late " +
      "(grokking) one; at σ = 1 it would cross within the first epoch",
  ];
}

/** Fig. 3 (SPEC §6). */
export const fig3: FigureRecipe = defineFigure({
  id: "3",
  title: "1-D model: extended-SVM geometry in the (S, b) plane, and the time for A_gen to reach 0.95 over σ × 1−2λ",
  sizes: SIZES,
  stated: {
    left: { lambdas: [...GEOMETRY_LAMBDAS] },
    right: {
      sigma: [...PAPER_MAP.sigma],
      one_minus_2lambda: PAPER_MAP.log10X.map((lx) => 10 ** lx),
      accuracy_threshold: ACC_THRESHOLD,
    },
  },
  revealed: TOY1D_ETA_REVEALED,
  compute: computeFig3,
  checks: (r) => [
    ...geometryChecks(r.panels),
    ...heatmapEdgeChecks(r.cells, r.grid, r.edge),
    ...heatmapSigmaChecks(r.cells, r.grid),
    ...paperContourChecks(r.paperContours),
  ],
  view: fig3View,
  rows: fig3Rows,
  chosen: ({ grid }) => ({
    left: { sigma: 1, S0: GEOMETRY_START.S0, b0: GEOMETRY_START.b0, late_t: `1e${LATE_LOG10_T}` },
    right: {
      S0: 0,
      b0: 0,
      sigmas: grid.sigmas,
      log10_one_minus_2lambda: grid.log10Xs,
      t_max: "1e200",
      contour_levels: [...CONTOUR_LEVELS],
      contours: "linear interpolation of log10 t along the grid's rows and columns",
    },
    loss: "exponential (SPEC §4), gradient flow (conformal-time ODE, odex, atol 1e-12 on log variables)",
  }),
  notes: fig3Notes,
  table: fig3Table,
});
