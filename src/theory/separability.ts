/**
 * Separability from the origin (SPEC §3.1): N points x_i ∈ R^d are separable iff some S has S·x_i > 0 for all i,
 * equivalently iff the origin is not in their convex hull. Decided with an LP (HiGHS), and every answer carries a
 * certificate that is re-checked here in float64, so a solver tolerance can never silently flip the decision.
 */

import { dot, norm } from "../core/vector.js";
import { type LpOptions, type LpSpec, solveLp } from "./lp.js";

/** The decision with its verified certificate, or `separable: null` when neither certificate could be verified. */
export type SeparabilityResult =
  | { separable: true; method: "lp"; certificate: { direction: Float64Array; minMargin: number } }
  | { separable: false; method: "lp"; certificate: { weights: Float64Array; residual: number } }
  | { separable: null; method: "lp"; reason: string };

/** A direction is accepted when min_i S·x_i exceeds this times ‖S‖·max‖x_i‖: float64 rounding of the dot
 * products is ~d·1e-16 of that scale, so anything above 1e-9 is a margin, not noise. */
export const DIRECTION_REL_TOL = 1e-9;
/** Convex weights are accepted when ‖Σ p_i x_i‖ < this times max‖x_i‖ (the LP's own tolerances are ~1e-7 on
 * unit-norm rows; simplex bases give ~1e-13 in practice). */
export const RESIDUAL_REL_TOL = 1e-7;
/** Weights may undershoot 0 by this much (rounding of a zero dual), and their sum may miss 1 by WEIGHT_SUM_TOL. */
export const WEIGHT_NEG_TOL = 1e-12;
export const WEIGHT_SUM_TOL = 1e-9;

/** Outcome of verifyDirection: minMargin = min_i S·x_i, threshold = DIRECTION_REL_TOL·‖S‖·max‖x_i‖. */
export interface DirectionCheck {
  valid: boolean;
  minMargin: number;
  threshold: number;
}

/** Outcome of verifyConvexWeights: residual = ‖Σ p_i x_i‖, relativeResidual = residual / max‖x_i‖. */
export interface WeightsCheck {
  valid: boolean;
  residual: number;
  relativeResidual: number;
  problem?: string;
}

/** Euclidean norms of the N rows of the N×d row-major X. */
function rowNorms(X: Float64Array, n: number, d: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = norm(X.subarray(i * d, (i + 1) * d));
  return out;
}

function maxOf(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, v[i]);
  return m;
}

function checkShape(X: Float64Array, n: number, d: number): void {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || X.length !== n * d) {
    throw new RangeError(`expected an N×d matrix with N, d ≥ 1; got length ${X.length} for N=${n}, d=${d}`);
  }
}

/** Check that S (length d) strictly separates every row of X (N×d) from the origin, with a scale-aware margin. */
export function verifyDirection(X: Float64Array, n: number, d: number, S: Float64Array): DirectionCheck {
  checkShape(X, n, d);
  if (S.length !== d) throw new RangeError(`direction has length ${S.length}, expected ${d}`);
  let minMargin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) minMargin = Math.min(minMargin, dot(S, X.subarray(i * d, (i + 1) * d)));
  const threshold = DIRECTION_REL_TOL * norm(S) * maxOf(rowNorms(X, n, d));
  // `>` with NaN is false, so a non-finite S can never pass.
  return { valid: minMargin > threshold && Number.isFinite(minMargin), minMargin, threshold };
}

/** Check that p (length N) is a convex combination (p ≥ 0, Σp = 1) of the rows of X (N×d) landing on the origin. */
export function verifyConvexWeights(X: Float64Array, n: number, d: number, p: Float64Array): WeightsCheck {
  checkShape(X, n, d);
  if (p.length !== n) throw new RangeError(`weights have length ${p.length}, expected ${n}`);
  const combo = new Float64Array(d);
  let sum = 0;
  let minWeight = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    sum += p[i];
    minWeight = Math.min(minWeight, p[i]);
    for (let j = 0; j < d; j++) combo[j] += p[i] * X[i * d + j];
  }
  const residual = norm(combo);
  const scale = maxOf(rowNorms(X, n, d));
  const relativeResidual = scale > 0 ? residual / scale : residual;
  let problem: string | undefined;
  if (!(minWeight >= -WEIGHT_NEG_TOL)) problem = `negative weight ${minWeight}`;
  else if (!(Math.abs(sum - 1) <= WEIGHT_SUM_TOL)) problem = `weights sum to ${sum}`;
  else if (!(relativeResidual < RESIDUAL_REL_TOL)) problem = `relative residual ${relativeResidual.toExponential(2)}`;
  return problem === undefined
    ? { valid: true, residual, relativeResidual }
    : { valid: false, residual, relativeResidual, problem };
}

/**
 * The bounded margin LP on unit-normalised rows x̂_i = x_i/‖x_i‖ (normalising keeps HiGHS's absolute tolerances
 * meaningful for any σ and does not change the sign of S·x_i): maximise t s.t. S·x̂_i − t ≥ 0, −1 ≤ S_j ≤ 1, t free.
 * Columns 0..d−1 are S, column d is t. Its optimum t* is > 0 iff the data are separable, and its row duals −y_i ≥ 0
 * (Σ = 1) minimise ‖Σ y_i x̂_i‖_1, which is 0 exactly when the origin is in the hull.
 */
function marginLp(X: Float64Array, n: number, d: number, norms: Float64Array): LpSpec {
  const width = d + 1;
  const starts = new Int32Array(n + 1);
  const indices = new Int32Array(n * width);
  const values = new Float64Array(n * width);
  for (let i = 0; i < n; i++) {
    starts[i + 1] = (i + 1) * width;
    for (let j = 0; j < d; j++) {
      indices[i * width + j] = j;
      values[i * width + j] = X[i * d + j] / norms[i];
    }
    indices[i * width + d] = d;
    values[i * width + d] = -1;
  }
  const colCost = new Float64Array(width);
  colCost[d] = 1;
  const colLower = new Float64Array(width).fill(-1);
  const colUpper = new Float64Array(width).fill(1);
  colLower[d] = Number.NEGATIVE_INFINITY;
  colUpper[d] = Number.POSITIVE_INFINITY;
  const rowLower = new Float64Array(n);
  const rowUpper = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  return { maximize: true, colCost, colLower, colUpper, rowLower, rowUpper, rows: { starts, indices, values } };
}

/**
 * The convex-hull (Farkas) feasibility LP on normalised rows: find q ≥ 0 with Σ q_i x̂_i = 0 and Σ q_i = 1.
 * Used only as a fallback when the margin LP's duals do not verify; its primal solution is the certificate.
 */
function hullLp(X: Float64Array, n: number, d: number, norms: Float64Array): LpSpec {
  const starts = new Int32Array(d + 2);
  const indices = new Int32Array((d + 1) * n);
  const values = new Float64Array((d + 1) * n);
  for (let j = 0; j <= d; j++) {
    starts[j + 1] = (j + 1) * n;
    for (let i = 0; i < n; i++) {
      indices[j * n + i] = i;
      values[j * n + i] = j < d ? X[i * d + j] / norms[i] : 1;
    }
  }
  const rowLower = new Float64Array(d + 1);
  rowLower[d] = 1;
  return {
    maximize: false,
    colCost: new Float64Array(n),
    colLower: new Float64Array(n),
    colUpper: new Float64Array(n).fill(Number.POSITIVE_INFINITY),
    rowLower,
    rowUpper: rowLower.slice(),
    rows: { starts, indices, values },
  };
}

/** Weights q ≥ 0 on the normalised rows → convex weights on the original rows: p_i ∝ q_i/‖x_i‖, Σp = 1. */
function toOriginalWeights(q: Float64Array, norms: Float64Array): Float64Array {
  const p = new Float64Array(q.length);
  let sum = 0;
  for (let i = 0; i < q.length; i++) {
    // A zero weight can come back as −1e-17; clipping cannot hurt the residual by more than that.
    p[i] = Math.max(0, q[i]) / norms[i];
    sum += p[i];
  }
  for (let i = 0; i < p.length; i++) p[i] /= sum;
  return p;
}

/** A point at the origin makes the set inseparable on its own: weight 1 on it is an exact certificate. */
function zeroPointCertificate(n: number, norms: Float64Array): SeparabilityResult | undefined {
  const i = norms.indexOf(0);
  if (i < 0) return undefined;
  const weights = new Float64Array(n);
  weights[i] = 1;
  return { separable: false, method: "lp", certificate: { weights, residual: 0 } };
}

/**
 * Decide whether the N rows of X (N×d row-major, finite) are separable from the origin, with a verified certificate.
 * One margin LP normally settles it (direction from its primal, convex weights from its duals); the hull LP is a
 * fallback for the weights (each LP gets options.timeLimit). Returns `separable: null` with the reason when no
 * certificate verifies. `false` means the origin is within RESIDUAL_REL_TOL·max‖x_i‖ of the hull; a verified
 * direction is tried first, so a set with a margin above DIRECTION_REL_TOL is never called inseparable.
 */
export async function decideSeparability(
  X: Float64Array,
  n: number,
  d: number,
  options: LpOptions = {},
): Promise<SeparabilityResult> {
  checkShape(X, n, d);
  if (!X.every(Number.isFinite)) throw new RangeError("X has non-finite entries");
  const norms = rowNorms(X, n, d);
  const trivial = zeroPointCertificate(n, norms);
  if (trivial) return trivial;

  const margin = await solveLp(marginLp(X, n, d, norms), options);
  const notes = [`margin LP ${margin.statusName}, t* = ${margin.objective} on unit-norm rows`];
  if (margin.status === "optimal") {
    const direction = margin.colValue.slice(0, d);
    const dc = verifyDirection(X, n, d, direction);
    if (dc.valid) return { separable: true, method: "lp", certificate: { direction, minMargin: dc.minMargin } };
    notes.push(`direction min S·x = ${dc.minMargin} ≤ threshold ${dc.threshold}`);
    const weights = toOriginalWeights(
      margin.rowDual.map((y) => -y), // HiGHS reports the duals of these ≥ rows of a maximisation as ≤ 0
      norms,
    );
    const wc = verifyConvexWeights(X, n, d, weights);
    if (wc.valid) return { separable: false, method: "lp", certificate: { weights, residual: wc.residual } };
    notes.push(`dual weights rejected (${wc.problem})`);
  }
  return hullFallback(X, n, d, options, notes);
}

/**
 * Convex weights p (length N, Σp = 1) with Σ p_i x_i ≈ 0 from the hull LP alone, unverified; `weights` is undefined
 * when HiGHS reports anything but optimal (normally "infeasible": the origin is outside the hull).
 */
export async function hullWeights(
  X: Float64Array,
  n: number,
  d: number,
  options: LpOptions = {},
): Promise<{ weights: Float64Array | undefined; statusName: string }> {
  checkShape(X, n, d);
  const norms = rowNorms(X, n, d);
  const zero = zeroPointCertificate(n, norms);
  if (zero?.separable === false) return { weights: zero.certificate.weights, statusName: "point at the origin" };
  const hull = await solveLp(hullLp(X, n, d, norms), options);
  const weights = hull.status === "optimal" ? toOriginalWeights(hull.colValue, norms) : undefined;
  return { weights, statusName: hull.statusName };
}

/** Second chance for an inseparability certificate via the hull LP; otherwise report why nothing verified. */
async function hullFallback(
  X: Float64Array,
  n: number,
  d: number,
  options: LpOptions,
  notes: string[],
): Promise<SeparabilityResult> {
  const { weights, statusName } = await hullWeights(X, n, d, options);
  notes.push(`hull LP ${statusName}`);
  if (weights !== undefined) {
    const wc = verifyConvexWeights(X, n, d, weights);
    if (wc.valid) return { separable: false, method: "lp", certificate: { weights, residual: wc.residual } };
    notes.push(`hull weights rejected (${wc.problem})`);
  }
  return { separable: null, method: "lp", reason: `no certificate verified: ${notes.join("; ")}` };
}
