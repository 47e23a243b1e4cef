/**
 * Fig. 1 right's self-checks, read from right.ts's typed result: the top panel's ‖S_∞‖ rises as λ → ½⁻ (paired
 * jackknife SEs over nested draws), the mid panel's accuracy against its margin prediction, the bottom panel's
 * grokking time.
 */

import { GD_WARMUP_EPOCHS } from "../../../train/run.js";
import { type Check, exactClaim, meanClaim, seClaim } from "../../checks.js";
import { mean, median, standardError } from "../../stats.js";
import type { RightResult, TopResult, TrainDraw } from "./right.js";
import { monotoneVerdict, pairedSteps, type SinfDraw } from "./sinfDraws.js";
import type { TrainSweep } from "./sizes.js";

/** ‖S_∞‖ of an inseparable draw whose Newton solve converged, else NaN (separable draws are discarded). */
export const sInfNorm = (r: SinfDraw) => (r.separable === false && r.converged ? r.norm : Number.NaN);

/**
 * Top-panel self-checks: the mean rises across the sweep, monotone within its error bars (paired jackknife SEs over
 * the nested draws), the acceptance triple 930, 1110, 1170, the range of 1 − 2λ covered, converged solves.
 */
function topChecks({ sweep: s, points, draws }: TopResult): Check[] {
  const all = monotoneVerdict(pairedSteps(draws, sInfNorm));
  const checks: Check[] = [
    {
      claim: `mean ‖S_∞‖ rises as 1 − 2λ falls, monotone within its error bars (N = ${s.n}, σ = ${s.sigma}; no step between neighbouring d falls by > 2 SE, the whole range rises by > 2 SE)`,
      verdict: all.verdict,
      detail: all.detail,
    },
  ];
  const triple = [930, 1110, 1170];
  if (triple.every((d) => s.ds.includes(d))) {
    const t = pairedSteps(
      draws.filter((r) => triple.includes(r.d)),
      sInfNorm,
    );
    const rises = t.steps.every((x) => x.diff > 2 * x.se);
    const table = points
      .filter((p) => triple.includes(p.d))
      .map((p) => `d=${p.d}: ${p.norm.mean.toFixed(3)} ± ${p.norm.se.toFixed(3)} (${p.inseparable}/${p.draws})`)
      .join(", ");
    checks.push({
      claim: "acceptance: mean ‖S_∞‖ at N = 2400, σ = 1 rises from d = 930 to 1110 to 1170 by more than 2 SE",
      verdict: rises ? "PASS" : t.steps.some((x) => x.diff < -2 * x.se) ? "FAIL" : "UNSURE",
      detail: `${table}; ${t.steps.map((x) => `${x.from}→${x.to}: ${x.diff.toFixed(3)} ± ${x.se.toFixed(3)}`).join(", ")}`,
    });
  }
  if (s.n === 2400) {
    const xs = points.filter((p) => Number.isFinite(p.norm.mean)).map((p) => p.oneMinus2Lambda);
    const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
    checks.push(
      exactClaim(
        "acceptance: the panel covers 1 − 2λ from 0.0075 to 0.225 (the paper's 17 d)",
        lo <= 0.0075 + 1e-12 && hi >= 0.225 - 1e-12,
        `means at 1 − 2λ from ${lo.toPrecision(3)} to ${hi.toPrecision(3)} over ${xs.length} d`,
      ),
    );
  }
  const bad = points.reduce((a, p) => a + p.unconverged + p.undecided, 0);
  checks.push(
    exactClaim(
      "every draw was decided, and every inseparable draw's Newton solve reached ‖∇F‖/max‖x_i‖ < 1e-9",
      bad === 0,
      `${bad} draws undecided or unconverged out of ${points.reduce((a, p) => a + p.draws, 0)}`,
    ),
  );
  return checks;
}

/**
 * How far below its t → ∞ margin prediction a separable draw's accuracy may still be at the end of the run: the
 * direction of (S, b) converges like 1/log t (SPEC §3.3), and log t is 10.3 at t = η·3·10^5 = 3·10^4 (27.6 at the
 * 10^12 an earlier version ran to, judged at 0.03); measured −0.033 at λ = 0.6 and −0.001 at λ = 0.9 on one draw each.
 */
const SEPARABLE_GAP = 0.06;

/** Mid-panel self-checks: generalization below ½, the margin prediction above ½, no generalization far above ½. */
function midChecks(draws: readonly TrainDraw[], t: TrainSweep): Check[] {
  const epochs = t.epochs.toExponential(0).replace("+", "");
  const low = draws.filter((r) => r.lambda <= 0.4);
  const sep = draws.filter((r) => r.lambda >= 0.55 && r.theory.separable === true);
  const high = draws.filter((r) => r.lambda >= 0.6);
  const gap = sep.map((r) => r.final.pop_acc - (r.theory.predicted_final_pop_acc ?? Number.NaN));
  const g = mean(gap);
  return [
    meanClaim(
      "λ ≤ 0.4 (inseparable): final population accuracy > 0.95 — training generalizes",
      low.map((r) => r.final.pop_acc),
      ">",
      0.95,
      "draws",
    ),
    seClaim(
      `λ ≥ 0.55 (separable draws): final accuracy after ${epochs} epochs is within ${SEPARABLE_GAP} of the t → ∞ margin prediction ½[1 + erf(1/(√2σM))]`,
      Math.abs(g),
      standardError(gap),
      "<",
      SEPARABLE_GAP,
      `accuracy − prediction = ${g.toFixed(4)} ± ${standardError(gap).toFixed(4)} over ${gap.length} draws (finite t: the direction converges like 1/log t, so from below)`,
    ),
    meanClaim(
      "λ ≥ 0.6: final population accuracy < 0.9 — separable draws do not generalize",
      high.map((r) => r.final.pop_acc),
      "<",
      0.9,
      "draws",
    ),
  ];
}

/**
 * Bottom-panel acceptance: at the revealed η the grokking time at the smallest λ of the sweep (0.05 at N = 400) is a
 * few epochs, as the paper's ≈ 2.6: median delay over the draws that crossed in [1, 10] epochs.
 */
function smallLambdaGrokCheck(draws: readonly TrainDraw[]): Check {
  const lambda = Math.min(...draws.map((r) => r.lambda));
  const at = draws.filter((r) => r.lambda === lambda);
  const grok = at.flatMap((r) => (r.grok !== null ? [r.grok] : []));
  const m = grok.length ? median(grok) : Number.NaN;
  return exactClaim(
    `acceptance: grokking time (accuracy 0.9) at λ = ${lambda} is a few epochs (the paper: ≈ 2.6): median in [1, 10] epochs`,
    grok.length === at.length && m >= 1 && m <= 10,
    `median ${m} epochs over ${grok.length} of ${at.length} draws (delays ${grok.join(", ")}; crossings of the first ${GD_WARMUP_EPOCHS} epochs are exact GD steps, so whole epochs)`,
  );
}

/** Bottom-panel self-check: the accuracy-0.9 grokking time grows as λ → ½⁻ (log10 epochs, crossing draws only). */
function bottomCheck(draws: readonly TrainDraw[]): Check {
  const logs = (lo: number, hi: number) =>
    draws
      .filter((r) => r.lambda >= lo && r.lambda < hi && r.grok !== null && r.grok > 0)
      .map((r) => Math.log10(r.grok as number));
  const far = logs(0, 0.36);
  const near = logs(0.42, 0.5);
  const diff = mean(near) - mean(far);
  const se = Math.hypot(standardError(near), standardError(far));
  return seClaim(
    "grokking time (accuracy 0.9) grows as λ → ½⁻: mean log10 delay at 0.42 ≤ λ < ½ exceeds that at λ ≤ 0.35",
    diff,
    se,
    ">",
    0,
    `${mean(near).toFixed(2)} (${near.length} draws) vs ${mean(far).toFixed(2)} (${far.length} draws), difference ${diff.toFixed(2)} ± ${se.toFixed(2)} decades; draws that never crossed are left out (near ½ that shortens the mean: conservative)`,
  );
}

/** Every self-check of Fig. 1 right: the top panel's, then the mid and bottom panels' when they were computed. */
export function rightChecks({ top, trained }: RightResult): Check[] {
  if (!trained) return topChecks(top);
  const draws = trained.draws;
  return [...topChecks(top), ...midChecks(draws, trained.sweep), bottomCheck(draws), smallLambdaGrokCheck(draws)];
}
