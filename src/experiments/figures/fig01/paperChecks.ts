/**
 * Fig. 1 left at the paper's size (N = 40000), checked against the paper's own readings of its panels (SPEC §6; the
 * numbers are read off the published figure, one draw per λ). At N = 40000 a draw is nearly deterministic (λ = 0.48
 * is 8 Wendel widths below the edge, and the draw-to-draw spread of the final accuracy is ~0.003), so each claim is
 * a range around the paper's reading, judged on the mean over the figure's draws; the ranges are the reading's
 * precision off the plot.
 */

import { type Check, exactClaim } from "../../checks.js";
import { mean } from "../../stats.js";
import type { Fig1Column } from "./leftChecks.js";
import { meanCurve } from "./prediction.js";

const fmt = (x: number) => (Math.abs(x) < 0.01 ? x.toExponential(2) : x.toFixed(3));

/** Mean over the column's runs of a checkpoint column at the checkpoint nearest `epoch` (log distance). */
function meanNear(col: Fig1Column, key: "pop_acc" | "sigma_norm_s" | "b" | "train_loss", epoch: number) {
  const cps = col.runs[0].checkpoints;
  let k = 0;
  for (let i = 1; i < cps.length; i++) {
    if (Math.abs(Math.log(cps[i].epoch / epoch)) < Math.abs(Math.log(cps[k].epoch / epoch))) k = i;
  }
  return { value: mean(col.runs.map((r) => r.checkpoints[k][key])), epoch: cps[k].epoch };
}

/** "reading lo ≤ x ≤ hi" at a checkpoint. */
function inRange(
  claim: string,
  col: Fig1Column,
  key: Parameters<typeof meanNear>[1],
  epoch: number,
  lo: number,
  hi: number,
) {
  const m = meanNear(col, key, epoch);
  return exactClaim(
    claim,
    m.value >= lo && m.value <= hi,
    `${fmt(m.value)} at epoch ${m.epoch} (mean over ${col.runs.length} draw(s))`,
  );
}

/** The last epoch of a column's runs. */
const lastEpoch = (col: Fig1Column) => col.runs[0].checkpoints[col.runs[0].checkpoints.length - 1].epoch;

/** The dashed prediction against the run: the largest |ΔA_gen| from `from` epochs on. */
export interface PredictionGap {
  maxGap: number;
  from: number;
}

function edge(col: Fig1Column, gap: PredictionGap | null): Check[] {
  const end = lastEpoch(col);
  const checks = [
    inRange("λ=0.48: A_gen at 10^3 epochs is 0.67 ± 0.02 (paper)", col, "pop_acc", 1e3, 0.65, 0.69),
    inRange(`λ=0.48: A_gen at ${end} epochs is ≥ 0.93 (paper)`, col, "pop_acc", end, 0.93, 1),
    inRange(`λ=0.48: σ‖S‖ at ${end} epochs is 4.6 ± 0.3 (paper)`, col, "sigma_norm_s", end, 4.3, 4.9),
    inRange(`λ=0.48: training loss at ${end} epochs is 2·10^-4 … 5·10^-4 (paper)`, col, "train_loss", end, 2e-4, 5e-4),
  ];
  if (gap) {
    const claim = `λ=0.48: the dashed prediction's A_gen is within 0.02 of the run's from 10^${Math.log10(gap.from)} epochs on`;
    checks.push(exactClaim(claim, gap.maxGap <= 0.02, `max |ΔA_gen| = ${fmt(gap.maxGap)}`));
  }
  return checks;
}

function separable(col: Fig1Column): Check[] {
  const end = lastEpoch(col);
  const curve = meanCurve(col.runs, "sigma_norm_s");
  const growth = curve[curve.length - 1] - meanNear(col, "sigma_norm_s", end / 10).value;
  return [
    inRange(`λ=0.52: A_gen at ${end} epochs is 0.74 ± 0.03 (paper)`, col, "pop_acc", end, 0.71, 0.77),
    exactClaim("λ=0.52: σ‖S‖ still grows over the last decade", growth > 0, `+${fmt(growth)} over the last decade`),
  ];
}

function easy(col: Fig1Column): Check[] {
  const end = lastEpoch(col);
  return [
    inRange(`λ=0.05: σ‖S‖ at ${end} epochs is 0.23 ± 0.03 (paper)`, col, "sigma_norm_s", end, 0.2, 0.26),
    inRange(`λ=0.05: b at ${end} epochs is −8.0 ± 0.15 (paper)`, col, "b", end, -8.15, -7.85),
  ];
}

/** The paper-size checks of Fig. 1 left; missing λ are skipped. */
export function fig1PaperChecks(byLambda: Map<number, Fig1Column>, gap: PredictionGap | null): Check[] {
  const at = (l: number, f: (c: Fig1Column) => Check[]) => {
    const c = byLambda.get(l);
    return c ? f(c) : [];
  };
  return [...at(0.48, (c) => edge(c, gap)), ...at(0.05, easy), ...at(0.52, separable)];
}

/** Largest |A_gen(prediction) − A_gen(mean run)| over checkpoints with epoch ≥ from. */
export function predictionGap(
  col: Fig1Column,
  points: readonly { epoch: number; pop_acc: number }[],
  from = 1e3,
): PredictionGap {
  const run = meanCurve(col.runs, "pop_acc");
  const cps = col.runs[0].checkpoints;
  let maxGap = 0;
  for (let k = 0; k < Math.min(points.length, cps.length); k++) {
    if (cps[k].epoch >= from) maxGap = Math.max(maxGap, Math.abs(points[k].pop_acc - run[k]));
  }
  return { maxGap, from };
}
