/**
 * Fig. 2 right (SPEC §6): trajectories in the (σ‖S‖, b) plane over the population accuracy
 * A_gen = ½[1 − erf(b/(√2 σ‖S‖))] (SPEC §2), which is constant on rays from the origin. GD in the Fig. 1 setting
 * (solid) and its gradient-flow continuation (dashed). Theory guides (dotted): inseparable draws stop at σ‖S_∞‖ while
 * b → −∞ (SPEC §3.4–3.5: A_gen → 1); separable draws run out along the ray b/(σ‖S‖) = −1/(σM), on which A_gen is the
 * separable limit ½[1 + erf(1/(√2 σM))] < 1.
 */

import { normalQuantile } from "../../../core/distributions.js";
import { DASHES, seriesColours } from "../../../core/palette.js";
import { populationAccuracy } from "../../../core/population.js";
import { norm } from "../../../core/vector.js";
import { type HeatCell, type IsoLine, type PathVertex, phasePlaneSpec } from "../../../plot/phasePlane.js";
import { separableLimitAccuracy } from "../../../theory/predictions.js";
import type { Checkpoint } from "../../../train/gd.js";
import { type Check, exactClaim } from "../../checks.js";
import type { DataRow } from "../recipe.js";
import { continuationCheckpoints, type Fig2Draw } from "./draws.js";

export const GD_PART = "GD";
export const FLOW_PART = "flow on";
const GRID = 60;
/** A_gen of the iso-accuracy rays drawn over the heat map (chosen). */
export const ISO_ACCURACIES = [0.6, 0.7, 0.8, 0.9, 0.95, 0.99] as const;

const label = (d: Fig2Draw) => `λ = ${d.lambda}`;

/** One draw's trajectory: GD checkpoints, then the continuation's (its first is the GD end), in time order. */
function trajectory(d: Fig2Draw): { part: string; c: Checkpoint }[] {
  return [
    ...d.gd.run.checkpoints.map((c) => ({ part: GD_PART, c })),
    ...continuationCheckpoints(d).map((c) => ({ part: FLOW_PART, c })),
  ];
}

/** The trajectory as polyline vertices and as data rows (with time and accuracies). */
function trajectoryOf(d: Fig2Draw): { vertices: PathVertex[]; rows: DataRow[] } {
  const points = trajectory(d);
  const vertices = points.map(({ part, c }, order) => ({ series: label(d), part, order, x: c.sigma_norm_s, y: c.b }));
  const rows = points.map(({ part, c }, order) => ({
    panel: "right",
    series: label(d),
    part,
    order,
    epoch: c.epoch,
    t: c.t,
    sigma_norm_s: c.sigma_norm_s,
    b: c.b,
    pop_acc: c.pop_acc,
    train_acc: c.train_acc,
  }));
  return { vertices, rows };
}

/** Vertices along the segment from (x0, y0) to (x1, y1): straight lines bend on a square-root axis. */
function segment(series: string, x0: number, y0: number, x1: number, y1: number, n = 60): PathVertex[] {
  return Array.from({ length: n + 1 }, (_, k) => {
    const f = (k / n) ** 2; // denser near x0 = 0, where the square-root axis stretches
    return { series, part: "theory", order: k, x: x0 + f * (x1 - x0), y: y0 + f * (y1 - y0) };
  });
}

/** σ‖S_∞‖ (inseparable) as a vertical segment, or the SVM ray b = −σ‖S‖/(σM) (separable), within the frame. */
function guide(d: Fig2Draw, xMax: number, yMin: number): PathVertex[] {
  const sigma = d.config.sigma;
  if (d.limit.margin === null) {
    const x = sigma * norm(d.limit.S);
    return segment(label(d), x, 0, x, yMin, 1);
  }
  const slope = -1 / (sigma * d.limit.margin); // b per unit of σ‖S‖
  const x = Math.min(xMax, yMin / slope);
  return segment(label(d), 0, 0, x, slope * x);
}

/**
 * A_gen on GRID × GRID cells covering [0, xMax] × [yMin, yMax], the x edges uniform in √x to match the panel's
 * square-root axis (which keeps the λ = 0.05 trajectory, at σ‖S‖ ≈ 0.3, off the axis line).
 */
function heatCells(xMax: number, yMin: number, yMax: number): HeatCell[] {
  const xEdge = (i: number) => xMax * (i / GRID) ** 2;
  const dy = (yMax - yMin) / GRID;
  const cells: HeatCell[] = [];
  for (let i = 0; i < GRID; i++) {
    for (let j = 0; j < GRID; j++) {
      const [x, x2] = [xEdge(i), xEdge(i + 1)];
      const y = yMin + j * dy;
      cells.push({ x, x2, y, y2: y + dy, value: populationAccuracy(y + dy / 2, (x + x2) / 2) });
    }
  }
  return cells;
}

/**
 * The iso-accuracy rays: A_gen = ½ erfc(b/(√2σ‖S‖)) = A on the ray b = −Φ⁻¹(A)·σ‖S‖ from the origin, cut at the frame
 * [0, xMax] × [yMin, ·] (sampled densely: straight lines bend on the square-root axis), labelled near where they leave
 * the frame, where they stand furthest apart.
 */
export function isoAccuracyRays(xMax: number, yMin: number): IsoLine[] {
  return ISO_ACCURACIES.map((a) => {
    const slope = -normalQuantile(a);
    const x = Math.min(xMax, yMin / slope);
    const at = 0.9 * x; // near where the ray leaves the frame: there the rays stand furthest apart
    return {
      label: `${a}`,
      vertices: segment("", 0, 0, x, slope * x).map(({ x, y }) => ({ x, y })),
      labelAt: { x: at, y: slope * at },
    };
  });
}

export interface RightPanel {
  paths: PathVertex[];
  isoLines: IsoLine[];
  /** the trajectories' data rows */
  pathRows: DataRow[];
  guides: PathVertex[];
  cells: HeatCell[];
  series: string[];
}

/** The panel's geometry: the frame spans every trajectory (and the inseparable draws' σ‖S_∞‖). */
export function rightPanel(draws: readonly Fig2Draw[]): RightPanel {
  const trajectories = draws.map(trajectoryOf);
  const paths = trajectories.flatMap((t) => t.vertices);
  const limits = draws.filter((d) => d.limit.margin === null).map((d) => d.config.sigma * norm(d.limit.S));
  const xMax = 1.05 * Math.max(...paths.map((p) => p.x), ...limits);
  const yMin = 1.05 * Math.min(...paths.map((p) => p.y));
  const yMax = Math.max(0.5, 0.05 * -yMin);
  return {
    paths,
    pathRows: trajectories.flatMap((t) => t.rows),
    guides: draws.flatMap((d) => guide(d, xMax, yMin)),
    isoLines: isoAccuracyRays(xMax, yMin),
    cells: heatCells(xMax, yMin, yMax),
    series: draws.map(label),
  };
}

/** Data rows: every trajectory checkpoint, theory guide vertex and heat-map cell. */
export function rightRows(p: RightPanel): DataRow[] {
  return [
    ...p.pathRows,
    ...p.guides.map((v) => ({
      panel: "right",
      series: v.series,
      part: v.part,
      order: v.order,
      sigma_norm_s: v.x,
      b: v.y,
    })),
    ...p.isoLines.flatMap((l) =>
      l.vertices.map((v, order) => ({
        panel: "right iso-accuracy",
        a_gen: Number(l.label),
        order,
        sigma_norm_s: v.x,
        b: v.y,
      })),
    ),
    ...p.cells.map((c) => ({
      panel: "right heat map",
      sigma_norm_s_lo: c.x,
      sigma_norm_s_hi: c.x2,
      b_lo: c.y,
      b_hi: c.y2,
      a_gen: c.value,
    })),
  ];
}

/** The panel's chart. */
export function rightSpec(p: RightPanel) {
  return phasePlaneSpec(p.cells, p.paths, p.guides, {
    series: p.series,
    colours: seriesColours(p.series.length),
    isoLines: p.isoLines,
    parts: [GD_PART, FLOW_PART],
    dashes: [DASHES.solid, DASHES.training],
    xTitle: "σ‖S‖ (square-root axis)",
    xScale: "sqrt",
    xTicks: [0, 0.25, 1, 2.5, 5, 10, 20, 40, 80].filter((v) => v <= p.cells[p.cells.length - 1].x2),
    yTitle: "b",
    valueTitle: "A_gen",
    valueDomain: [0.5, 1],
    title: "(σ‖S‖, b) over A_gen",
    width: 340,
    height: 340,
  });
}

/** The right panel's caption line (the figure's subtitle carries it: panel subtitles widen their column). */
export function rightCaption(horizon: number, lr: number): string {
  return (
    `right: solid GD (η = ${lr}), dashed its gradient flow on to t = 1e${horizon}; dotted: σ‖S_∞‖ (λ < ½), the SVM ray ` +
    `b = −‖S‖/M (λ > ½); thin blue: iso-accuracy rays A_gen = ${ISO_ACCURACIES.join(", ")} (b = −Φ⁻¹(A)·σ‖S‖)`
  );
}

/** First epoch with A_gen ≥ the accuracy threshold, along GD and then its continuation; null if never. */
function genEpoch(d: Fig2Draw): number | null {
  const gd = d.gd.run.summary.grokking.accuracy.genEpoch;
  if (gd !== null) return gd;
  const t = d.continuation?.accuracyCrossing.genT ?? null;
  return t === null ? null : (d.config.lr * d.config.epochs + t) / d.config.lr;
}

/** Epochs from the training-accuracy crossing to the A_gen crossing, as a ratio (Infinity if A_gen never crossed). */
function crossingRatio(d: Fig2Draw): { ratio: number; detail: string } {
  const a = d.gd.run.summary.grokking.accuracy;
  const gen = genEpoch(d);
  const ratio = a.trainEpoch === null ? Number.NaN : gen === null ? Number.POSITIVE_INFINITY : gen / a.trainEpoch;
  return {
    ratio,
    detail: `${a.definition.replace("minus", "vs")}: epochs ${a.trainEpoch} (training), ${gen?.toPrecision(3) ?? "never"} (population)`,
  };
}

/** Every A_gen along GD and its continuation. */
const accuracies = (d: Fig2Draw) => [...d.gd.run.checkpoints, ...continuationCheckpoints(d)].map((c) => c.pop_acc);

/** The late motion of an inseparable draw over the last decade of its continuation: σ‖S‖ change and b drop. */
function lastDecade(d: Fig2Draw) {
  const cs = continuationCheckpoints(d);
  const last = cs[cs.length - 1];
  const first = cs.find((c) => c.t >= last.t / 10) ?? last;
  const decades = Math.log10(last.t / first.t);
  return {
    sRel: Math.abs(last.sigma_norm_s / first.sigma_norm_s - 1),
    dbPerDecade: (last.b - first.b) / decades,
    end: last.sigma_norm_s,
  };
}

/** The right panel's claims (SPEC §3.4, §5): which λ grok, and where the trajectories go. */
export function rightChecks(draws: readonly Fig2Draw[]): Check[] {
  const at = (lambda: number) => draws.find((d) => d.lambda === lambda);
  const checks: Check[] = [];
  const low = at(0.05);
  const edge = at(0.48);
  const sep = at(0.52);
  if (low) {
    const r = crossingRatio(low);
    checks.push(
      exactClaim(
        "λ = 0.05: no grokking: A_gen reaches 0.9 within 10× the epochs training accuracy needs",
        r.ratio < 10,
        r.detail,
      ),
    );
  }
  if (edge) {
    const r = crossingRatio(edge);
    checks.push(
      exactClaim(
        "λ = 0.48: grokking: A_gen reaches 0.9 (GD or its continuation), ≥ 10× later than training accuracy",
        Number.isFinite(r.ratio) && r.ratio >= 10,
        r.detail,
      ),
    );
  }
  for (const d of [low, edge]) {
    if (!d?.continuation) continue;
    const m = lastDecade(d);
    checks.push(
      exactClaim(
        `λ = ${d.lambda}: late motion is mostly in b (S creeps toward S_∞, b ≈ −log t): over the last decade σ‖S‖ moves < 5%, b falls log 10 ± 20%`,
        m.sRel < 0.05 && Math.abs(m.dbPerDecade / -Math.LN10 - 1) < 0.2,
        `σ‖S‖ changed ${(100 * m.sRel).toFixed(2)}% (now ${m.end.toFixed(3)}, σ‖S_∞‖ = ${(d.config.sigma * norm(d.limit.S)).toFixed(3)}); ` +
          `Δb = ${m.dbPerDecade.toFixed(3)} per decade (−log 10 = −2.303)`,
      ),
    );
  }
  if (sep && sep.limit.margin !== null) {
    const max = Math.max(...accuracies(sep));
    const lim = separableLimitAccuracy(sep.limit.margin, sep.config.sigma);
    checks.push(
      exactClaim(
        "λ = 0.52: no grokking: A_gen stays below 0.9 along the whole trajectory, toward the SVM limit ½[1 + erf(1/(√2σM))] < 0.9",
        max < 0.9 && lim < 0.9,
        `max A_gen ${max.toFixed(4)}, final ${accuracies(sep).at(-1)?.toFixed(4)}, SVM limit ${lim.toFixed(4)} (M = ${sep.limit.margin.toPrecision(4)})`,
      ),
    );
  }
  return checks;
}
