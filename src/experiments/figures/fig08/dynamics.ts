/**
 * Fig. 8 left (SPEC §6): σ = 5, training and population loss and the population accuracy A_gen against t (log axes)
 * for several λ near ½ — the training loss falls as 1/(ηt) while the population loss first rises, then falls much
 * later (grokking); on the separable side (λ > ½) it rises without end.
 */

import { DASHES, seriesColours } from "../../../core/palette.js";
import { decadeChannel } from "../../../plot/decadeAxes.js";
import { panelTitle } from "../../../plot/figureLayout.js";
import { bottomLegend } from "../../../plot/legends.js";
import { separableLimitAccuracy } from "../../../theory/predictions.js";
import { toy1dCurve } from "../../../theory/toy1d.js";
import { type Check, exactClaim } from "../../checks.js";
import { lambdaOfX, powerLabel, round6, TOY1D_ETA, toy1dModel } from "../toy1dFigures.js";
import { EPSILON } from "./delay.js";

/** The paper's σ of the left panels. */
export const LEFT_SIGMA = 5;
/**
 * The values of 1 − 2λ drawn on the left (chosen: the paper says "several λ"): four inseparable, approaching the edge,
 * and two separable (λ = 0.505, 0.55: negative 1 − 2λ), whose population loss rises without end.
 */
export const LEFT_XS = [1e-1, 1e-2, 1e-3, 1e-4, -1e-2, -1e-1] as const;
/** Headroom of the loss axis above the inseparable curves' peak, decades: the separable curves leave through the top. */
const LOSS_HEADROOM = 10;
/** Time range of the left panels, log10 t (chosen: wide enough for every population loss to turn and fall). */
export const LEFT_LOG10_T: [number, number] = [-1, 25];
/** Tick spacing of the left time axis, decades. */
const LEFT_TICK_STEP = 5;
/** Accuracy threshold of the left panel's accuracy-grokking claim (Fig. 3's threshold, SPEC §5). */
const ACC_THRESHOLD = 0.95;

type Toy1dCurve = ReturnType<typeof toy1dCurve>;

/** The flow at one 1 − 2λ: its samples and its accuracy crossings. */
export interface Curve {
  x: number;
  records: Toy1dCurve["records"];
  /** accuracy crossings at 0.95 (train, population) from the curve's summary, log10 t */
  accuracy: Toy1dCurve["summary"]["grokking"]["accuracy"];
}

/** The flow at every 1 − 2λ of LEFT_XS, `perDecade` samples per decade of t. */
export function dynamicsCurves(perDecade: number): Curve[] {
  return LEFT_XS.map((x) => {
    const p = toy1dModel(x, LEFT_SIGMA);
    const { records, summary } = toy1dCurve({
      ...p,
      log10TMin: LEFT_LOG10_T[0],
      log10TMax: LEFT_LOG10_T[1],
      perDecade,
      epsilon: EPSILON,
      accThreshold: ACC_THRESHOLD,
    });
    return { x, records, accuracy: summary.grokking.accuracy };
  });
}

/** Legend label of a curve: 1 − 2λ, and λ itself for the separable ones. */
export function curveLabel(x: number): string {
  return x > 0 ? powerLabel(x) : `−${powerLabel(-x)} (λ = ${lambdaOfX(x)})`;
}

/** One drawn sample of one curve. */
export interface DynamicsMark {
  sigma: number;
  one_minus_2lambda: string;
  lambda: number;
  log10_t: number;
  log10_train_loss: number;
  log10_pop_loss: number;
  pop_acc: number;
}

export function dynamicsMarks(curves: readonly Curve[]): DynamicsMark[] {
  return curves.flatMap((c) =>
    c.records.map((r) => ({
      sigma: LEFT_SIGMA,
      one_minus_2lambda: curveLabel(c.x),
      lambda: lambdaOfX(c.x),
      log10_t: r.log10_t,
      log10_train_loss: round6(r.log10_train_loss),
      log10_pop_loss: round6(r.log10_pop_loss),
      pop_acc: round6(r.pop_acc),
    })),
  );
}

function lambdaColour(title: string | null) {
  const domain = LEFT_XS.map(curveLabel);
  return {
    field: "one_minus_2lambda",
    type: "nominal" as const,
    title,
    sort: domain,
    scale: { domain, range: seriesColours(domain.length) },
    legend: { ...bottomLegend("horizontal"), columns: 3 },
  };
}

const timeAxis = (title: string | null) => decadeChannel("log10_t", LEFT_LOG10_T, title, LEFT_TICK_STEP);

/**
 * The loss axis, fitted to the inseparable curves (and every training loss) with headroom on top: the separable
 * population losses leave through it.
 */
function lossDomain(curves: readonly Curve[]): [number, number] {
  const losses = curves.flatMap((c) =>
    c.records.flatMap((r) => (c.x > 0 ? [r.log10_train_loss, r.log10_pop_loss] : [r.log10_train_loss])),
  );
  return [10 * Math.floor(Math.min(...losses) / 10), 10 * Math.ceil((Math.max(...losses) + LOSS_HEADROOM) / 10)];
}

/** Loss panel (training dashed, population solid) over the A_gen panel, one colour per 1 − 2λ. */
export function dynamicsPanel(curves: readonly Curve[]) {
  const domain = lossDomain(curves);
  const loss = {
    title: panelTitle(`σ = ${LEFT_SIGMA}: loss (- - training, — population)`),
    width: 380,
    height: 200,
    transform: [{ fold: ["log10_train_loss", "log10_pop_loss"], as: ["which", "value"] }],
    mark: { type: "line" as const, strokeWidth: 2, clip: true },
    encoding: {
      x: timeAxis(null),
      y: decadeChannel("value", domain, "loss", 10),
      color: lambdaColour("1 − 2λ"),
      strokeDash: {
        field: "which",
        type: "nominal" as const,
        legend: null,
        scale: { domain: ["log10_train_loss", "log10_pop_loss"], range: [DASHES.training, DASHES.solid] },
      },
      detail: { field: "which" },
    },
  };
  const acc = {
    title: panelTitle(`σ = ${LEFT_SIGMA}: population accuracy A_gen`),
    width: 380,
    height: 140,
    mark: { type: "line" as const, strokeWidth: 2, clip: true },
    encoding: {
      x: timeAxis("t (epochs)"),
      y: { field: "pop_acc", type: "quantitative" as const, scale: { domain: [0.45, 1] }, axis: { title: "A_gen" } },
      color: lambdaColour("1 − 2λ"),
    },
  };
  return { data: { values: dynamicsMarks(curves) }, vconcat: [loss, acc], spacing: 16 };
}

/** The left panels' claims: training loss falls monotonically, population loss rises first, A_gen recovers. */
export function dynamicsChecks(all: readonly Curve[]): Check[] {
  const curves = all.filter((c) => c.x > 0);
  const trainFalls = all.every((c) =>
    c.records.every((r, i) => i === 0 || r.log10_train_loss <= c.records[i - 1].log10_train_loss),
  );
  // the loss is 1 at t = 0 (S = b = 0): log10 0
  const popPeak = all.map((c) => Math.max(...c.records.map((r) => r.log10_pop_loss)));
  const finalAcc = curves.map((c) => c.records[c.records.length - 1].pop_acc);
  const trainT = curves.map((c) => c.accuracy.log10TTrain ?? Number.NaN);
  const genT = curves.map((c) => c.accuracy.log10TGen ?? Number.NaN);
  const xs = all.map((c) => curveLabel(c.x)).join(", ");
  // the claim's times in units of ηt (training by ηt = 0.1, population after ηt = 10): t scales as 1/η
  const shift = -Math.log10(TOY1D_ETA);
  return [
    exactClaim(
      `σ = ${LEFT_SIGMA}: the training loss falls monotonically while the population loss first rises above its ` +
        "initial value 1 (non-monotonic test loss), for every λ drawn",
      trainFalls && popPeak.every((m) => m > 0),
      `peak log10 population loss per 1 − 2λ (${xs}): ${popPeak.map((m) => m.toFixed(2)).join(", ")}`,
    ),
    exactClaim(
      `σ = ${LEFT_SIGMA}, λ < ½: the training accuracy reaches 1 before t = 1e${shift - 1}, A_gen reaches ${ACC_THRESHOLD} only ` +
        `after t = 1e${shift + 1} and is above 0.99 by t = 1e${LEFT_LOG10_T[1]} (delayed generalization; λ < ½ ` +
        "generalizes, SPEC §3.4)",
      trainT.every((t) => t < shift - 1) && genT.every((t) => t > shift + 1) && finalAcc.every((a) => a > 0.99),
      `log10 t at accuracy ${ACC_THRESHOLD}, training: ${trainT.map((t) => t.toFixed(1)).join(", ")} (t → 0⁺ reads ` +
        `as ~1e-22); population: ${genT.map((t) => t.toFixed(2)).join(", ")}; final A_gen: ` +
        finalAcc.map((a) => a.toFixed(4)).join(", "),
    ),
    separableCheck(all.filter((c) => c.x < 0)),
  ];
}

/**
 * The separable curves (SPEC §3.4): the population loss never turns down (it ends at its maximum, far above 1) and
 * A_gen ends within 0.01 of the margin limit ½[1 + erf(1/(√2σM))], M = σ(2λ − 1) the margin of the two points.
 */
function separableCheck(curves: readonly Curve[]): Check {
  const ends = curves.map((c) => {
    const last = c.records[c.records.length - 1];
    const limit = separableLimitAccuracy(-c.x * LEFT_SIGMA, LEFT_SIGMA);
    const peak = Math.max(...c.records.map((r) => r.log10_pop_loss));
    return { x: c.x, last, limit, rising: last.log10_pop_loss >= peak && last.log10_pop_loss > 1 };
  });
  return exactClaim(
    `σ = ${LEFT_SIGMA}, λ > ½ (separable): the population loss rises to the end (no grokking of the loss) and A_gen ` +
      `ends within 0.01 of ½[1 + erf(1/(√2σM))] at t = 1e${LEFT_LOG10_T[1]}`,
    ends.length > 0 && ends.every((e) => e.rising && Math.abs(e.last.pop_acc - e.limit) < 0.01),
    ends
      .map(
        (e) =>
          `1 − 2λ = ${e.x}: log10 population loss ${e.last.log10_pop_loss.toFixed(1)} at the end, A_gen ` +
          `${e.last.pop_acc.toFixed(4)} vs limit ${e.limit.toFixed(4)}`,
      )
      .join("; "),
  );
}
