/** Fig. 1 left drawn from its typed result (left.ts): the loss / accuracy / σ‖S‖ / b grid, one column per λ. */

import { flowTolerance, type RunConfig } from "../../../config/run.js";
import type { FigureView } from "../recipe.js";
import { sizeLabel, trainingView } from "../trainingFigure.js";
import { type LeftResult, lambdaOfColumn, leftPredictions } from "./left.js";
import { FIG1_PAPER_N } from "./sizes.js";

export const seedsText = (k: number) => (k === 1 ? "1 draw" : `${k} seeds`);

/** How the figure's runs move, said on it: "GD" or "gradient flow (rkc, rtol 1e-5; t = η·epochs)". */
export function dynamicsLabel(c: RunConfig): string {
  return c.optimizer === "flow" ? `gradient flow (${c.integrator}, rtol ${flowTolerance(c)}; t = η·epochs)` : "GD";
}

/** How X is stored: "float64", or "X in float32 (arithmetic in float64)". */
export const storageLabel = (c: RunConfig) =>
  c.precision === "f32" ? "X in float32 (arithmetic in float64)" : "float64";

/** The grid's caption: size and parameters, seeds, the separable draws per λ, and what the dashed curve is. */
export function leftSubtitle(left: LeftResult): string[] {
  const { columns: cols, prediction } = left;
  const c = cols[0].config;
  const counts = cols.map((col) => `${col.strata.separable.filter(Boolean).length} at λ = ${lambdaOfColumn(col)}`);
  const strataLine = `separable draws: ${counts.join(", ")}; means in the checks and table weighted by Wendel's P(separable)`;
  return [
    `${sizeLabel(left.size, c.n, FIG1_PAPER_N)}; σ = ${c.sigma}, η = ${c.lr}, ‖S_0‖ = ${c.s0}, b_0 = ${c.b0}, ${c.loss} loss, ${dynamicsLabel(c)}, ${storageLabel(c)}`,
    `${seedsText(left.seeds)} per λ (thin lines; thick = mean, band = ±1 SE), ${c.epochs} epochs, population metrics exact (SPEC §2)`,
    strataLine,
    ...(prediction
      ? [
          `dashed (λ = 0.48): long-time prediction, S frozen at the draw's S_∞ from t = 0, b(t) from the ${c.loss} bias equation (mean over ${prediction.draws} inseparable draw(s))`,
        ]
      : []),
  ];
}

/** The grid as a whole figure, and the notes on its "as the paper measured it" curves (tagged "left: "). */
export function leftView(left: LeftResult): FigureView {
  const { spec, paperNotes } = trainingView(left.columns, {
    title: "Fig. 1 (left): grokking at the edge of linear separability",
    subtitle: leftSubtitle(left),
    predictions: leftPredictions(left),
  });
  return { spec, notes: paperNotes.map((note) => `left: ${note}`) };
}
