/**
 * Fig. 3 left (SPEC §6): the extended-SVM geometry in the (S, b) plane at λ ∈ {0.75, 0.5, 0} — the constraint lines
 * S·x_i + b = −1 of the two points x_1 = −σ, x_2 = σ(1 − 2λ), the feasible set, w_SVM = argmin S² + b² over it
 * (SPEC §3.3), and the gradient-flow trajectory: along w_SVM (separable), log-log (edge), or to S_∞ with b → −∞
 * (inseparable).
 */

import { NEUTRAL_COLOURS, ROLE_COLOURS, SERIES_COLOURS } from "../../../core/palette.js";
import { fixedScale } from "../../../plot/decadeAxes.js";
import { panelTitle } from "../../../plot/figureLayout.js";
import { svmExtended } from "../../../theory/svm.js";
import { integrateToy1d, type Toy1dParams, type Toy1dState, toy1dLongTime, toy1dRates } from "../../../theory/toy1d.js";
import { type Check, exactClaim } from "../../checks.js";
import { linspace, round6, toy1dModel } from "../toy1dFigures.js";

/** The paper's λ of the left panels: separable, the edge, inseparable. */
export const GEOMETRY_LAMBDAS = [0.75, 0.5, 0] as const;
/**
 * Start of the left trajectories (σ = 1 units): S_0 = 1 rather than the project's S_0 = 0, because at λ = 0 the
 * flow from S_0 = 0 sits on S_∞ = 0 from the start; from S_0 = 1 it visibly relaxes to S_∞ while b → −∞.
 */
export const GEOMETRY_START = { S0: 1, b0: 0 } as const;
/** The late time at which the long-time table of SPEC §4 is checked (the paper's 1-D figures reach t ~ 1e91). */
export const LATE_LOG10_T = 90;
/** Frame of the (S, b) panels, σ = 1 units; equal units on both axes so that w_SVM reads as the nearest point. */
const S_DOMAIN: [number, number] = [-2, 6];
export const B_DOMAIN: [number, number] = [-8, 2];
/** px per unit of S and of b */
export const UNIT_PX = 26;

export interface GeometryPanel {
  lambda: number;
  x: number;
  /** w_SVM from the project's extended-space SVM solver (svm.ts) on the two points (σ = 1) */
  svm: { S: number; b: number };
  /** the initial state, then samples at log10 t = −3 … 90 */
  trajectory: Toy1dState[];
  late: Toy1dState;
  p: Toy1dParams;
}

/** w_SVM = argmin S² + b² s.t. S·x_i + b ≤ −1 for the points −1 and x (σ = 1): always feasible (b → −∞). */
function extendedSvm1d(x: number): { S: number; b: number } {
  const r = svmExtended(Float64Array.from([-1, x]), 2, 1);
  if (!r.separable || r.b === undefined) throw new Error("extended SVM of the 1-D model must exist (SPEC §3.3)");
  return { S: r.S[0], b: r.b };
}

/** The panel at λ: w_SVM, and the flow from GEOMETRY_START sampled `perDecade` times a decade of t up to 1e90. */
export function geometryPanel(lambda: number, perDecade: number): GeometryPanel {
  const x = 1 - 2 * lambda;
  const p = toy1dModel(x, 1, GEOMETRY_START);
  const targets = linspace(-3, LATE_LOG10_T, (LATE_LOG10_T + 3) * perDecade + 1);
  const run = integrateToy1d(p, targets, [], { log10TMax: LATE_LOG10_T });
  const start: Toy1dState = { tau: 0, S: p.S0, b: p.b0, logT: Number.NEGATIVE_INFINITY };
  const late = run.samples[run.samples.length - 1];
  return { lambda, x, svm: extendedSvm1d(x), trajectory: [start, ...run.samples], late, p };
}

const SERIES = {
  c1: "S·x₁ + b = −1, x₁ = −σ",
  c2: "S·x₂ + b = −1, x₂ = σ(1−2λ)",
  ray: "direction of w_SVM",
  sInf: "S = S_∞ (λ < ½)",
  flow: `gradient flow (S(t), b(t)) from (${GEOMETRY_START.S0}, ${GEOMETRY_START.b0})`,
  svm: "extended SVM point w_SVM",
} as const;

/** One vertex of a drawn line or point of an (S, b) panel; `k` orders a line's vertices. */
export interface GeometryMark {
  lambda: number;
  series: string;
  k: number;
  S: number;
  b: number;
  /** the feasible set's lower edge, below the frame */
  b_floor?: number;
  /** the flow's time, log10 (null at t = 0) */
  log10_t?: number | null;
}

/** Constraint lines, feasible-set boundary, w_SVM's ray and point, S_∞ (λ < ½), then the trajectory. */
export function geometryMarks(g: GeometryPanel): GeometryMark[] {
  const [s0, s1] = S_DOMAIN;
  const line = (series: string, pts: [number, number][]): GeometryMark[] =>
    pts.map(([S, b], k) => ({ lambda: g.lambda, series, k, S: round6(S), b: round6(b) }));
  const floor = B_DOMAIN[0] - 1;
  // the lines b = −1 − S x_i cross at (0, −1); the feasible set lies below both
  const top = (S: number) => Math.min(-1 + S, -1 - g.x * S);
  const rayScale = 40 / Math.hypot(g.svm.S, g.svm.b); // far past the frame; the mark clips
  const sInf = toy1dLongTime(g.p).sInfinity;
  return [
    ...line(SERIES.c1, [
      [s0, -1 + s0],
      [s1, -1 + s1],
    ]),
    ...line(SERIES.c2, [
      [s0, -1 - g.x * s0],
      [s1, -1 - g.x * s1],
    ]),
    ...line("feasible", [
      [s0, top(s0)],
      [0, -1],
      [s1, top(s1)],
    ]).map((r) => ({ ...r, b_floor: floor })),
    ...line(SERIES.ray, [
      [0, 0],
      [g.svm.S * rayScale, g.svm.b * rayScale],
    ]),
    { lambda: g.lambda, series: SERIES.svm, k: 0, S: round6(g.svm.S), b: round6(g.svm.b) },
    ...(sInf === undefined
      ? []
      : line(SERIES.sInf, [
          [sInf, B_DOMAIN[0] - 1],
          [sInf, 10],
        ])),
    ...g.trajectory.map((s, k) => ({
      lambda: g.lambda,
      series: SERIES.flow,
      k,
      log10_t: Number.isFinite(s.logT) ? round6(s.logT / Math.LN10) : null,
      S: s.S,
      b: s.b,
    })),
  ];
}

function regimeOf(lambda: number): string {
  return lambda > 0.5 ? "separable" : lambda === 0.5 ? "the edge" : "inseparable";
}

/** The colour of each series; the order is the legend's. */
const SERIES_COLOUR: readonly [string, string][] = [
  [SERIES.c1, ROLE_COLOURS.training],
  [SERIES.c2, ROLE_COLOURS.test],
  [SERIES.flow, ROLE_COLOURS.population],
  [SERIES.ray, NEUTRAL_COLOURS.darkGrey],
  [SERIES.svm, NEUTRAL_COLOURS.black],
  [SERIES.sInf, SERIES_COLOURS[0]],
];

/** One (S, b) panel: shaded feasible set, the two constraint lines, the w_SVM ray and point, S_∞, the trajectory. */
export function geometryView(g: GeometryPanel, first: boolean) {
  const x = {
    field: "S",
    type: "quantitative" as const,
    scale: fixedScale(S_DOMAIN),
    axis: { title: "S  (σ = 1)", values: [-2, 0, 2, 4, 6] },
  };
  const y = {
    field: "b",
    type: "quantitative" as const,
    scale: fixedScale(B_DOMAIN),
    axis: { title: first ? "b" : null, values: [-8, -6, -4, -2, 0, 2] },
  };
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: { domain: SERIES_COLOUR.map(([s]) => s), range: SERIES_COLOUR.map(([, c]) => c) },
  };
  const only = (...names: string[]) => ({ filter: { field: "series", oneOf: names } });
  const lines = (names: string[], strokeDash: number[]) => ({
    transform: [only(...names)],
    mark: { type: "line" as const, strokeWidth: 2, strokeDash, clip: true },
    encoding: { x, y, color: colour, order: { field: "k" }, detail: { field: "series" } },
  });
  return {
    title: panelTitle(`λ = ${g.lambda}: ${regimeOf(g.lambda)}`),
    width: (S_DOMAIN[1] - S_DOMAIN[0]) * UNIT_PX,
    height: (B_DOMAIN[1] - B_DOMAIN[0]) * UNIT_PX,
    data: { values: geometryMarks(g) },
    layer: [
      {
        transform: [only("feasible")],
        mark: { type: "area" as const, color: NEUTRAL_COLOURS.fill, opacity: 0.35, clip: true },
        encoding: { x, y, y2: { field: "b_floor" } },
      },
      lines([SERIES.c1, SERIES.c2, SERIES.flow], []),
      lines([SERIES.ray], [6, 4]),
      lines([SERIES.sInf], [2, 2]),
      {
        transform: [only(SERIES.svm)],
        mark: { type: "point" as const, filled: true, size: 80, shape: "diamond", clip: true },
        encoding: { x, y, color: colour },
      },
    ],
  };
}

const f4 = (x: number) => x.toFixed(4);

/** The long-time table of SPEC §4 on each left trajectory at t = 1e90, and the SVM point against its closed form. */
export function geometryChecks(panels: readonly GeometryPanel[]): Check[] {
  const byLambda = (l: number) => panels.find((g) => g.lambda === l)!;
  const sep = byLambda(0.75);
  const M = -sep.x; // margin of the two points (σ = 1): x_2 = −M
  const dot = sep.late.S * sep.svm.S + sep.late.b * sep.svm.b;
  const cos = dot / (Math.hypot(sep.late.S, sep.late.b) * Math.hypot(sep.svm.S, sep.svm.b));
  const rate = toy1dRates(sep.p, sep.late);
  const rateErr = Math.hypot(rate.dSdLogT - M / (1 + M * M), rate.dbdLogT + 1 / (1 + M * M));
  const edge = byLambda(0.5);
  const logLogT = Math.log(edge.late.logT);
  const ins = byLambda(0);
  const insLt = toy1dLongTime(ins.p);
  const closedSvm = (x: number) => (x >= 0 ? { S: 0, b: -1 } : { S: -x / (1 + x * x), b: -1 / (1 + x * x) });
  const svmErr = Math.max(...panels.map((g) => Math.hypot(g.svm.S - closedSvm(g.x).S, g.svm.b - closedSvm(g.x).b)));
  return [
    exactClaim(
      "separable λ = 0.75: (S, b) heads along w_SVM — cos∠((S, b), w_SVM) > 0.9999 and (dS, db)/dlog t within 1e-3 " +
        "of (M, −1)/(1 + M²) at t = 1e90 (SPEC §3.3, §4 table)",
      cos > 0.9999 && rateErr < 1e-3,
      `cos = ${cos.toFixed(6)}; (dS, db)/dlog t = (${f4(rate.dSdLogT)}, ${f4(rate.dbdLogT)}) vs ` +
        `(${f4(M / (1 + M * M))}, ${f4(-1 / (1 + M * M))}), M = ${M}; (S, b) itself = w_SVM log t + ρ with ρ bounded, ` +
        "so its angle to w_SVM falls like 1/log t",
    ),
    exactClaim(
      "edge λ = ½: S grows like log log t — S − log log t within 0.05 of log σ² = 0 at t = 1e90 (SPEC §4 table)",
      Math.abs(edge.late.S - logLogT) < 0.05,
      `S = ${f4(edge.late.S)}, log log t = ${f4(logLogT)}; the correction is O(log log t / log t) ≈ 0.03`,
    ),
    exactClaim(
      "inseparable λ = 0: S → S_∞ = log(1/(1−2λ))/(2(1−λ)) = 0 and b + log t → −log(ηg) (b ≈ −log t) at t = 1e90",
      Math.abs(ins.late.S - (insLt.sInfinity ?? Number.NaN)) < 1e-6 &&
        Math.abs(ins.late.b + ins.late.logT - (insLt.bPlusLogT ?? Number.NaN)) < 0.01,
      `S = ${ins.late.S.toExponential(2)} (from S_0 = 1), b + log t = ${f4(ins.late.b + ins.late.logT)} vs ` +
        `${f4(insLt.bPlusLogT ?? Number.NaN)}`,
    ),
    exactClaim(
      "the SVM solver's w_SVM equals the closed form (M, −1)/(1 + M²) for λ > ½ and (0, −1) for λ ≤ ½ (SPEC §3.4)",
      svmErr < 1e-9,
      `largest distance ${svmErr.toExponential(2)} over λ ∈ {${GEOMETRY_LAMBDAS.join(", ")}}`,
    ),
  ];
}
