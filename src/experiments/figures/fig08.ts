/**
 * Fig. 8 of the paper (SPEC §6): the 1-D toy model of SPEC §4.
 * Left: σ = 5, training and population loss and the population accuracy A_gen against t (log axes) for several λ
 * near ½ — the training loss falls as 1/(ηt) while the population loss first rises, then falls much later (grokking).
 * Right: σ = 20, loss threshold ε = 1e-50: the grokking delay (t*_gen − t*_tr)·ε against 1 − 2λ ∈ [1e-4, 1e-1], with
 * the SPEC §4 prediction (2 e^{½ log²(1−2λ)} − 1)/η and the σ → ∞ limit of the flow.
 */

import type { TopLevelSpec } from "vega-lite";
import { DASHES, seriesColours } from "../../core/palette.js";
import { wrapToWidth } from "../../plot/textWidth.js";
import { separableLimitAccuracy } from "../../theory/predictions.js";
import {
  frozenLimitGrokking,
  predictedGrokking,
  type Toy1dParams,
  toy1dCurve,
  toy1dGrokking,
} from "../../theory/toy1d.js";
import { type Check, exactClaim } from "../checks.js";
import { bySize, type DataRow, type FigureContext, type FigureRecipe, type FigureResult } from "./recipe.js";
import {
  DELAY_PANEL,
  type DelaySize,
  decadeTicks,
  delaySizes,
  figureTitle,
  lambdaOfX,
  linspace,
  powerLabel,
  round6,
  TOY1D_CONFIG,
  TOY1D_ETA,
  TOY1D_ETA_REVEALED,
  toy1dModel,
} from "./toy1dFigures.js";

/** The paper's σ of the left panels. */
const LEFT_SIGMA = 5;
/**
 * The values of 1 − 2λ drawn on the left (chosen: the paper says "several λ"): four inseparable, approaching the edge,
 * and two separable (λ = 0.505, 0.55: negative 1 − 2λ), whose population loss rises without end.
 */
const LEFT_XS = [1e-1, 1e-2, 1e-3, 1e-4, -1e-2, -1e-1] as const;
/** Headroom of the loss axis above the inseparable curves' peak, decades: the separable curves leave through the top. */
const LOSS_HEADROOM = 10;
/** Time range of the left panels, log10 t (chosen: wide enough for every population loss to turn and fall). */
const LEFT_LOG10_T: [number, number] = [-1, 25];
/** Tick spacing of the left time axis, decades. */
const LEFT_TICK_STEP = 5;
/** The paper's σ, ε and range of 1 − 2λ of the right panel. */
const RIGHT_SIGMA = DELAY_PANEL.sigma;
const EPSILON = DELAY_PANEL.epsilon;
const RIGHT_LOG10_X = DELAY_PANEL.log10X;
/** Right-panel tolerances (decades of (t*_gen − t*_tr)·ε); see delayChecks for why. */
const TOL_PREDICTION = 0.05;
/** Accuracy threshold of the left panel's accuracy-grokking claim (Fig. 3's threshold, SPEC §5). */
const ACC_THRESHOLD = 0.95;
const TOL_FROZEN = 0.02;
/** Up to where the prediction is held to TOL_PREDICTION: it drops O((1−2λ) log²(1−2λ)) terms (SPEC §4). */
const PREDICTION_VALID_LOG10_X = -3;

const SIZES = delaySizes(5);

// ─── left: dynamics at σ = 5 ─────────────────────────────────────────────────────────────────────────────────────

interface Curve {
  x: number;
  records: ReturnType<typeof toy1dCurve>["records"];
  /** accuracy crossings at 0.95 (train, population) from the curve's summary, log10 t */
  accuracy: ReturnType<typeof toy1dCurve>["summary"]["grokking"]["accuracy"];
}

function leftCurves(perDecade: number): Curve[] {
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

function leftRows(curves: Curve[]): DataRow[] {
  return curves.flatMap((c) =>
    c.records.map((r) => ({
      panel: "dynamics",
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

/** Legend label of a curve: 1 − 2λ, and λ itself for the separable ones. */
function curveLabel(x: number): string {
  return x > 0 ? powerLabel(x) : `−${powerLabel(-x)} (λ = ${lambdaOfX(x)})`;
}

function lambdaColour(title: string | null) {
  const domain = LEFT_XS.map(curveLabel);
  return {
    field: "one_minus_2lambda",
    type: "nominal" as const,
    title,
    sort: domain,
    scale: { domain, range: seriesColours(domain.length) },
    // under the panels, not beside them: a side legend widens the column (headless Vega over-estimates text width)
    legend: { orient: "bottom" as const, direction: "horizontal" as const, columns: 3 },
  };
}

function timeAxis(title: string | null) {
  return {
    field: "log10_t",
    type: "quantitative" as const,
    scale: { domain: LEFT_LOG10_T, nice: false, zero: false },
    axis: { title, ...decadeTicks(LEFT_LOG10_T[0], LEFT_LOG10_T[1], LEFT_TICK_STEP) },
  };
}

/** Loss panel (training dashed, population solid) over the A_gen panel, one colour per 1 − 2λ. */
function leftView(rows: DataRow[], lossDomain: [number, number]) {
  const loss = {
    title: { text: `σ = ${LEFT_SIGMA}: loss (- - training, — population)`, fontSize: 12 },
    width: 380,
    height: 200,
    transform: [{ fold: ["log10_train_loss", "log10_pop_loss"], as: ["which", "value"] }],
    mark: { type: "line" as const, strokeWidth: 2, clip: true },
    encoding: {
      x: timeAxis(null),
      y: {
        field: "value",
        type: "quantitative" as const,
        scale: { domain: lossDomain, nice: false, zero: false },
        axis: { title: "loss", ...decadeTicks(lossDomain[0], lossDomain[1], 10) },
      },
      color: lambdaColour("1 − 2λ"),
      strokeDash: {
        field: "which",
        type: "nominal" as const,
        legend: null,
        scale: {
          domain: ["log10_train_loss", "log10_pop_loss"],
          range: [DASHES.training, DASHES.solid],
        },
      },
      detail: { field: "which" },
    },
  };
  const acc = {
    title: { text: `σ = ${LEFT_SIGMA}: population accuracy A_gen`, fontSize: 12 },
    width: 380,
    height: 140,
    mark: { type: "line" as const, strokeWidth: 2, clip: true },
    encoding: {
      x: timeAxis("t (epochs)"),
      y: { field: "pop_acc", type: "quantitative" as const, scale: { domain: [0.45, 1] }, axis: { title: "A_gen" } },
      color: lambdaColour("1 − 2λ"),
    },
  };
  return { data: { values: rows }, vconcat: [loss, acc], spacing: 16 };
}

// ─── right: the grokking delay at σ = 20, ε = 1e-50 ──────────────────────────────────────────────────────────────

const PREDICTION = "SPEC §4: (2·exp(½ log²(1−2λ)) − 1)/η";
const FROZEN = "σ → ∞ limit (S frozen at S_∞)";
const MEASURED = "measured (gradient flow)";

interface DelayPoint {
  log10X: number;
  log10TTrain: number | null;
  log10TGen: number | null;
  /** log10((t*_gen − t*_tr)·ε), measured on the flow */
  measured: number | null;
  /** the same from the SPEC §4 prediction */
  predicted: number;
  /** the same in the σ → ∞ limit (S frozen at S_∞ from t = 0) */
  frozen: number;
}

/** log10(10^a − 10^b) for a > b, without forming 10^a (t reaches 1e70 here, 1e107 elsewhere). */
function log10Diff(a: number, b: number): number {
  return a + Math.log10(-Math.expm1((b - a) * Math.LN10));
}

function delayPoint(log10X: number): DelayPoint {
  const p: Toy1dParams = toy1dModel(10 ** log10X, RIGHT_SIGMA);
  const g = toy1dGrokking(p, { epsilon: EPSILON });
  const f = frozenLimitGrokking(p, EPSILON);
  const log10Eps = Math.log10(EPSILON);
  return {
    log10X,
    log10TTrain: g.loss.log10TTrain,
    log10TGen: g.loss.log10TGen,
    measured: g.loss.log10Delay === null ? null : g.loss.log10Delay + log10Eps,
    predicted: (predictedGrokking(p, EPSILON).log10Delay ?? Number.NaN) + log10Eps,
    frozen: log10Diff(f.log10TGen, f.log10TTrain) + log10Eps,
  };
}

function rightRows(points: DelayPoint[], curve: DelayPoint[]): DataRow[] {
  const base = { panel: "delay", sigma: RIGHT_SIGMA, epsilon: EPSILON };
  const measured = points.map((d) => ({
    ...base,
    series: MEASURED,
    lambda: lambdaOfX(10 ** d.log10X),
    log10_one_minus_2lambda: d.log10X,
    log10_t_train: d.log10TTrain,
    log10_t_gen: d.log10TGen,
    log10_delay_eps: d.measured,
  }));
  const lines = curve.flatMap((d) => [
    { ...base, series: PREDICTION, log10_one_minus_2lambda: d.log10X, log10_delay_eps: round6(d.predicted) },
    { ...base, series: FROZEN, log10_one_minus_2lambda: d.log10X, log10_delay_eps: round6(d.frozen) },
  ]);
  return [...measured, ...lines];
}

function rightView(rows: DataRow[]) {
  const ys = rows.map((r) => r.log10_delay_eps).filter((v): v is number => typeof v === "number");
  const yDomain: [number, number] = [Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))];
  const x = {
    field: "log10_one_minus_2lambda",
    type: "quantitative" as const,
    scale: { domain: RIGHT_LOG10_X, nice: false, zero: false },
    axis: { title: "1 − 2λ", ...decadeTicks(RIGHT_LOG10_X[0], RIGHT_LOG10_X[1]) },
  };
  const y = {
    field: "log10_delay_eps",
    type: "quantitative" as const,
    scale: { domain: yDomain, nice: false, zero: false },
    axis: { title: "(t*_gen − t*_tr)·ε", ...decadeTicks(yDomain[0], yDomain[1], 2) },
  };
  const lineSeries = [PREDICTION, FROZEN];
  const legend = { orient: "bottom" as const, direction: "vertical" as const };
  return {
    title: { text: `σ = ${RIGHT_SIGMA}, ε = ${EPSILON}: grokking delay (○ measured)`, fontSize: 12 },
    width: 340,
    height: 356,
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: { field: "series", oneOf: lineSeries } }],
        mark: { type: "line" as const, strokeWidth: 2 },
        encoding: {
          x,
          y,
          color: { field: "series", title: null, scale: { domain: lineSeries, range: ["#d62728", "#1f77b4"] }, legend },
          strokeDash: {
            field: "series",
            title: null,
            scale: {
              domain: lineSeries,
              range: [
                [1, 0],
                [4, 3],
              ],
            },
            legend,
          },
        },
      },
      {
        transform: [{ filter: { field: "series", equal: MEASURED } }],
        mark: { type: "point" as const, size: 45, strokeWidth: 1.5, color: "#000" },
        encoding: {
          x,
          y,
        },
      },
    ],
  };
}

// ─── self-checks ─────────────────────────────────────────────────────────────────────────────────────────────────

/** The left panels' claims: training loss falls monotonically, population loss rises first, A_gen recovers. */
function dynamicsChecks(all: Curve[]): Check[] {
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
function separableCheck(curves: Curve[]): Check {
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

/** The right panel's claims: t*_tr = 1/(ηε), delay vs prediction and vs the σ → ∞ limit, delay grows to the edge. */
function delayChecks(points: DelayPoint[]): Check[] {
  const trErr = Math.max(
    ...points.map((d) => Math.abs((d.log10TTrain ?? Number.NaN) + Math.log10(TOY1D_ETA * EPSILON))),
  );
  const near = points.filter((d) => d.log10X <= PREDICTION_VALID_LOG10_X + 1e-9);
  const predErr = near.map((d) => Math.abs((d.measured ?? Number.NaN) - d.predicted));
  const frozenErr = points.map((d) => Math.abs((d.measured ?? Number.NaN) - d.frozen));
  // points run from the edge outwards (1 − 2λ ascending), so the delay must fall along them
  const grows = points.slice(1).every((d, i) => (points[i].measured ?? Number.NaN) > (d.measured ?? Number.NaN));
  const far = points[points.length - 1];
  return [
    exactClaim(
      `t*_tr = 1/(ηε) at every 1 − 2λ (σ = ${RIGHT_SIGMA}): within 1e-6 decades`,
      trErr < 1e-6,
      `largest |log10 t*_tr + log10(ηε)| = ${trErr.toExponential(2)}; exact up to the early transient, because the ` +
        "training loss g e^b has d(e^{−b})/dt = ηg and g is stationary at S_∞",
    ),
    exactClaim(
      `(t*_gen − t*_tr)·ε matches the SPEC §4 prediction within ${TOL_PREDICTION} decades for 1 − 2λ ≤ ` +
        `1e${PREDICTION_VALID_LOG10_X}`,
      near.length > 0 && predErr.every((e) => e < TOL_PREDICTION),
      `|Δ log10| = ${predErr.map((e) => e.toFixed(4)).join(", ")} at log10(1 − 2λ) = ${near.map((d) => d.log10X).join(", ")}` +
        `; the prediction drops O((1−2λ)log²(1−2λ)) terms (S_∞ ≈ log(1/(1−2λ)), g ≈ ½) and the O(1/σ²) transient ` +
        `of S, so it is off by ${((far.measured ?? Number.NaN) - far.predicted).toFixed(2)} decades at 1e${far.log10X}`,
    ),
    exactClaim(
      `(t*_gen − t*_tr)·ε matches the σ → ∞ limit of the flow within ${TOL_FROZEN} decades at every 1 − 2λ`,
      frozenErr.every((e) => e < TOL_FROZEN),
      `largest |Δ log10| = ${Math.max(...frozenErr).toFixed(4)}; what remains is the transient of σS at σ = ${RIGHT_SIGMA}`,
    ),
    exactClaim(
      "the grokking delay grows as 1 − 2λ → 0",
      grows,
      `log10 delay·ε: ${points.map((d) => (d.measured ?? Number.NaN).toFixed(2)).join(", ")}`,
    ),
  ];
}

// ─── the recipe ──────────────────────────────────────────────────────────────────────────────────────────────────

async function runFig8(ctx: FigureContext): Promise<FigureResult> {
  const size = bySize(ctx, SIZES);
  const curves = leftCurves(size.perDecade);
  ctx.onProgress?.(1, 2);
  const points = size.log10Xs.map(delayPoint);
  const curve = linspace(RIGHT_LOG10_X[0], RIGHT_LOG10_X[1], 61).map(delayPoint);
  ctx.onProgress?.(2, 2);
  const left = leftRows(curves);
  const right = rightRows(points, curve);
  // fitted to the inseparable curves (and every training loss); the separable population losses leave at the top
  const losses = curves.flatMap((c) =>
    c.records.flatMap((r) => (c.x > 0 ? [r.log10_train_loss, r.log10_pop_loss] : [r.log10_train_loss])),
  );
  const lossDomain: [number, number] = [
    10 * Math.floor(Math.min(...losses) / 10),
    10 * Math.ceil((Math.max(...losses) + LOSS_HEADROOM) / 10),
  ];
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: figureTitle(
      "Fig. 8 — the 1-D model: grokking near λ = ½ and its delay",
      [
        `exponential loss, gradient flow from S_0 = b_0 = 0, η = ${TOY1D_ETA}; ${ctx.size} size`,
        "left: the training losses of all λ lie on one line, ≈ 1/(ηt) (SPEC §4); λ > ½ (negative 1 − 2λ): the " +
          "population loss rises without end, off the top",
        `right: t*_tr, t*_gen = first t with training / population loss ≤ ε = ${EPSILON} (SPEC §5)`,
      ].flatMap((line) => wrapToWidth(line, 900, 11)),
    ),
    hconcat: [leftView(left, lossDomain), rightView(right)],
    spacing: 30,
    resolve: {
      scale: { color: "independent", strokeDash: "independent" },
      legend: { color: "independent", strokeDash: "independent" },
    },
    config: TOY1D_CONFIG,
  } as unknown as TopLevelSpec;
  return {
    spec,
    rows: [...left, ...right],
    checks: [...dynamicsChecks(curves), ...delayChecks(points)],
    parameters: fig8Parameters(size),
    notes: fig8Notes(size, ctx.size),
    table: points.map((d) => ({
      one_minus_2lambda: round6(10 ** d.log10X),
      log10_t_train: d.log10TTrain,
      log10_t_gen: d.log10TGen,
      log10_delay_eps_measured: d.measured,
      log10_delay_eps_predicted: d.predicted,
      log10_delay_eps_sigma_inf: d.frozen,
    })),
    tableNotes: [
      `σ = ${RIGHT_SIGMA}, ε = ${EPSILON}, η = ${TOY1D_ETA}; t*_tr / t*_gen = first t (epochs) with training / ` +
        "population exp loss ≤ ε; delay·ε as log10",
      "predicted: SPEC §4, t*_gen − t*_tr = (2e^{½log²(1−2λ)} − 1)/(ηε); σ_inf: the flow with σS frozen at S̃_∞",
    ],
  };
}

function fig8Parameters(size: DelaySize) {
  return {
    stated: {
      left: { sigma: LEFT_SIGMA },
      right: { sigma: RIGHT_SIGMA, epsilon: EPSILON, one_minus_2lambda: [1e-4, 1e-1] },
    },
    revealed: TOY1D_ETA_REVEALED,
    chosen: {
      S0: 0,
      b0: 0,
      left: {
        one_minus_2lambda: [...LEFT_XS],
        t: [`1e${LEFT_LOG10_T[0]}`, `1e${LEFT_LOG10_T[1]}`],
        perDecade: size.perDecade,
      },
      right: { log10_one_minus_2lambda: size.log10Xs },
      tolerances_decades: { prediction: TOL_PREDICTION, sigma_inf_limit: TOL_FROZEN },
      loss: "exponential (SPEC §4), gradient flow (conformal-time ODE, odex, atol 1e-12 on log variables)",
    },
  };
}

function fig8Notes(size: DelaySize, name: string): string[] {
  return [
    `η = ${TOY1D_ETA} (unstated in the paper, revealed by its axes: SPEC §6): t scales as 1/η, and (t*_gen − t*_tr)·ε as 1/η`,
    `left: 1 − 2λ ∈ {${LEFT_XS.map(curveLabel).join(", ")}} (the paper: "several λ", separable ones from λ = 0.505), t from 1e${LEFT_LOG10_T[0]} to ` +
      `1e${LEFT_LOG10_T[1]}, ${size.perDecade} samples per decade`,
    `right: ${name} size, ${size.log10Xs.length} values of 1 − 2λ, evenly spaced in log10 over [1e-4, 1e-1]; the two ` +
      "curves are drawn on 61 points",
    "right: the SPEC §4 prediction is the λ → ½ form; its error grows with 1 − 2λ (0.35 decades at 1e-1). The " +
      "σ → ∞ limit of the same flow (S frozen at S̃_∞ = log(1/(1−2λ))/(2(1−λ)) from t = 0) is drawn as well and agrees " +
      "over the whole range",
    "gradient flow (the continuous-time limit) stands in for GD: the 1-D model reaches t ~ 1e70 epochs",
  ];
}

export const fig8: FigureRecipe = {
  id: "8",
  title: "1-D model: loss and A_gen against t for λ near ½ (σ = 5), and the grokking delay against 1 − 2λ (σ = 20)",
  run: runFig8,
};
