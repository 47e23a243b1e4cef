/**
 * Fig. 2 middle (SPEC §3.5, §6): the exponential loss at λ = 0.48. With the bias, S moves in conformal time
 * τ = ∫_0^t e^{b} dt' exactly as the bias-free flow dS/dτ = −∇F(S), F = (1/N) Σ exp(S·x_i), moves in its own time;
 * so ‖S‖ against τ (with bias) and against t (without) are one curve, which tends to ‖S_∞‖ on an inseparable draw.
 * Both flows are integrated independently (train/conformal.ts) and compared at the same τ.
 */

import { flowTolerance, type RunConfig } from "../../../config/run.js";
import type { Dataset } from "../../../core/data.js";
import { DASHES, SERIES_COLOURS } from "../../../core/palette.js";
import { norm } from "../../../core/vector.js";
import { type CurvePoint, logXCurvesSpec } from "../../../plot/logXCurves.js";
import { biasFreeFlow } from "../../../train/biasFreeFlow.js";
import { conformalFlow } from "../../../train/conformal.js";
import { initialS, runTraining } from "../../../train/run.js";
import { type Check, exactClaim } from "../../checks.js";
import type { TimedRun } from "../../pool.js";
import type { DataRow } from "../recipe.js";

export interface ConformalCurves {
  /** the with-bias run as `grokedge train --optimizer conformal --loss exp` records it */
  run: TimedRun;
  /** per checkpoint (t = 0 first): time t, conformal time τ, ‖S‖ and b with bias, ‖S‖ of the bias-free flow at τ */
  t: number[];
  tau: number[];
  withBias: number[];
  b: number[];
  biasFree: number[];
  /** ‖S_∞‖ of the draw (Newton, theory/sinf.ts) */
  sInfNorm: number;
  log10Horizon: number;
}

/** The exponential-loss run in conformal time on the draw of `gdConfig` (same data and S_0), to t = 10^h. */
export function conformalConfig(gdConfig: RunConfig, log10Horizon: number): RunConfig {
  return { ...gdConfig, loss: "exp", optimizer: "conformal", tMax: 10 ** log10Horizon };
}

/**
 * Both curves on one draw. The with-bias flow is integrated with the options runTraining uses for this config (so the
 * stored run has the same checkpoints) and once more here for its τ; the bias-free flow is evaluated at those τ.
 */
export function conformalCurves(config: RunConfig, data: Dataset, sInf: Float64Array): ConformalCurves {
  const start = performance.now();
  const run = { ...runTraining(config), wallSeconds: 0 };
  run.wallSeconds = (performance.now() - start) / 1000;
  const S0 = initialS(config);
  const o = {
    loss: config.loss,
    sigma: config.sigma,
    tMax: config.tMax,
    tFirst: Math.min(config.lr, config.tMax),
    perDecade: config.perDecade,
    rtol: flowTolerance(config),
    atol: flowTolerance(config) * 1e-2,
    accThreshold: config.accThreshold,
    lossThreshold: config.lossThreshold,
    lr: config.lr,
  };
  const c = conformalFlow(data, null, S0, config.b0, o);
  const free = biasFreeFlow(data, S0, { taus: c.tau, rtol: o.rtol, atol: o.atol });
  return {
    run,
    t: c.checkpoints.map((k) => k.t),
    tau: c.tau,
    withBias: c.checkpoints.map((k) => k.norm_s),
    b: c.checkpoints.map((k) => k.b),
    biasFree: free.normS,
    sInfNorm: norm(sInf),
    log10Horizon: Math.log10(config.tMax),
  };
}

const WITH_TAU = "with bias, vs τ";
const FREE = "without bias, vs t";
const WITH_T = "with bias, vs t";

/** One row per checkpoint. */
export function middleRows(m: ConformalCurves): DataRow[] {
  return m.t.map((t, i) => ({
    panel: "middle",
    t,
    tau: m.tau[i],
    norm_s_with_bias: m.withBias[i],
    b_with_bias: m.b[i],
    norm_s_bias_free: m.biasFree[i] ?? null,
  }));
}

/** The middle panel's caption line (the figure's subtitle carries it: panel subtitles widen their column). */
export function middleCaption(m: ConformalCurves): string {
  return (
    `middle: exponential loss, λ = 0.48, gradient flow to t = 1e${m.log10Horizon}: ‖S‖ with bias against conformal ` +
    "time τ = ∫e^b dt equals ‖S‖ without bias against its own time (SPEC §3.5); grey: with bias against t"
  );
}

/** The chart: the two ‖S‖(τ) curves, ‖S‖(t) with bias for contrast (cut at the largest τ), and ‖S_∞‖. */
export function middleSpec(m: ConformalCurves) {
  const tauMax = m.tau[m.tau.length - 1];
  const points: CurvePoint[] = [
    ...m.t.flatMap((t, i) => (t <= tauMax ? [{ series: WITH_T, x: t, y: m.withBias[i] }] : [])),
    ...m.tau.map((x, i) => ({ series: WITH_TAU, x, y: m.withBias[i] })),
    ...m.biasFree.map((y, i) => ({ series: FREE, x: m.tau[i], y })),
  ];
  return logXCurvesSpec(points, {
    styles: [
      { series: WITH_TAU, colour: SERIES_COLOURS[0], dash: DASHES.solid, width: 5 },
      { series: FREE, colour: SERIES_COLOURS[1], dash: DASHES.prediction, width: 2 },
      { series: WITH_T, colour: SERIES_COLOURS[7], dash: [2, 2], width: 1.5 },
    ],
    xTitle: "time (τ, or t)",
    yTitle: "‖S‖",
    title: "‖S‖ with and without bias",
    reference: { y: m.sInfNorm, label: "‖S_∞‖" },
    width: 280,
    height: 300,
  });
}

/** The middle panel's claims: the curves coincide (SPEC §3.5), and they approach ‖S_∞‖ (the draw is inseparable). */
export function middleChecks(m: ConformalCurves): Check[] {
  const rel = m.withBias.map((v, i) => Math.abs(v - m.biasFree[i]) / v);
  const worst = Math.max(...rel.filter((x) => Number.isFinite(x)));
  const end = m.withBias[m.withBias.length - 1];
  const gap = Math.abs(end - m.sInfNorm) / m.sInfNorm;
  return [
    exactClaim(
      "exp loss, λ = 0.48: ‖S‖ with bias against τ equals ‖S‖ without bias, to 1e-6 relative at every checkpoint",
      m.biasFree.length === m.withBias.length && worst <= 1e-6,
      `max relative difference ${worst.toExponential(2)} over ${m.withBias.length} checkpoints (ODE rtol ${flowTolerance(m.run.config)})`,
    ),
    exactClaim(
      `exp loss, λ = 0.48: ‖S‖ levels off at ‖S_∞‖ (Newton on Σ exp(S·x_i)): within 1% at t = 1e${m.log10Horizon}`,
      gap <= 0.01,
      `‖S‖ = ${end.toPrecision(5)} at τ = ${m.tau[m.tau.length - 1].toPrecision(4)}, ‖S_∞‖ = ${m.sInfNorm.toPrecision(5)}`,
    ),
  ];
}
