/**
 * The configuration of one training run: the single typed schema behind `grokedge train` flags, `--config run.json`,
 * sweep cells and (later) the explorer's URL. Defaults are the laptop-size Fig. 1 (SPEC §6) at λ = 0.48.
 */

import { LOSS_NAMES } from "../core/losses.js";
import {
  type ConfigOf,
  defaultsOf,
  type Field,
  parseObject,
  type RawLayer,
  toUserNames,
  UsageError,
} from "./schema.js";

export type { RawLayer };

/**
 * The configuration of one training run: one key per field of the table below that has a default, in its order (which
 * the JSON outputs and sweep keys keep), typed by the field's kind.
 */
export type RunConfig = ConfigOf<typeof runFields>;

/** Fields in the order `--help` lists them, with their defaults. `lambda` is an alternative to `d` (no default). */
export const runFields = [
  /** number of training points N */
  {
    key: "n",
    flag: "N",
    default: 400,
    kind: { type: "int", min: 1 },
    help: "number of training points N",
    paper: true,
  },
  /** input dimension d = λN */
  { key: "d", flag: "d", default: 192, kind: { type: "int", min: 1 }, help: "input dimension d (or give --lambda)" },
  {
    key: "lambda",
    flag: "lambda",
    kind: { type: "number", exclusiveMin: 0 },
    help: "λ = d/N; λN must be an integer",
    paper: true,
  },
  /** std of each input coordinate */
  {
    key: "sigma",
    flag: "sigma",
    default: 5,
    kind: { type: "number", exclusiveMin: 0 },
    help: "input std σ",
    paper: true,
  },
  /** learning rate η; time t = η × epochs */
  {
    key: "lr",
    flag: "lr",
    default: 0.01,
    kind: { type: "number", exclusiveMin: 0 },
    help: "learning rate η",
    paper: true,
  },
  {
    key: "epochs",
    flag: "epochs",
    default: 300_000,
    kind: { type: "int", min: 0, max: 1e12 },
    help: "full-batch GD steps",
  },
  { key: "loss", flag: "loss", default: "logistic", kind: { type: "enum", values: LOSS_NAMES }, help: "training loss" },
  {
    key: "optimizer",
    flag: "optimizer",
    default: "gd",
    kind: { type: "enum", values: ["gd", "adam", "flow", "conformal"] },
    help: "gd: exact discrete steps; adam: PyTorch's Adam; flow: gradient flow in log time (t = η × epochs); conformal: flow in conformal time (exp loss)",
  },
  /** Adam (PyTorch semantics): β1, β2, ε */
  { key: "beta1", flag: "beta1", default: 0.9, kind: { type: "number", min: 0, exclusiveMax: 1 }, help: "Adam β1" },
  { key: "beta2", flag: "beta2", default: 0.999, kind: { type: "number", min: 0, exclusiveMax: 1 }, help: "Adam β2" },
  { key: "eps", flag: "eps", default: 1e-8, kind: { type: "number", min: 0 }, help: "Adam ε" },
  /** gradient flow: final time t (0: η × epochs), the integrator, and its relative tolerance per step (0: the
   * integrator's own default, see flowTolerance) */
  {
    key: "tMax",
    flag: "t-max",
    default: 0,
    kind: { type: "number", min: 0 },
    help: "flow: final time t (0: η × epochs)",
  },
  {
    key: "integrator",
    flag: "integrator",
    default: "rkc",
    kind: { type: "enum", values: ["rkc", "odex"] },
    help: "flow: rkc (Runge–Kutta–Chebyshev, few passes) or odex (GBS extrapolation)",
  },
  {
    key: "rtol",
    flag: "rtol",
    default: 0,
    kind: { type: "number", min: 0, max: 0.1 },
    help: "flow: ODE tolerance per step (0: 1e-5 for rkc, 1e-8 for odex and conformal)",
  },
  /** flow: "on" follows GD at η to O(η²) (GD_WARMUP_EPOCHS exact GD steps, then GD's modified equation); "off": the
   * plain gradient flow, the η → 0 limit */
  {
    key: "gdEquivalent",
    flag: "gd-equivalent",
    default: "on",
    kind: { type: "enum", values: ["on", "off"] },
    help: "flow: on = stay within O(η²) of GD at η (16 exact GD steps, then GD's modified equation ∇L + (η/2)H∇L); off = the plain flow (η → 0)",
  },
  /** flow: "on" reruns the flow at a 100× looser tolerance and reports the end state's relative change (summary.flow
   * error_estimate; ~40–80 % more passes); "off" relies on the integrator's own step control alone */
  {
    key: "errorEstimate",
    flag: "error-estimate",
    default: "on",
    kind: { type: "enum", values: ["on", "off"] },
    help: "flow: on = rerun at a 100× looser tolerance to estimate the end state's error (~40–80 % more passes); off = step control only",
  },
  { key: "seed", flag: "seed", default: 0, kind: { type: "int", min: 0 }, help: "random seed (data, test set, S_0)" },
  /** index of this run in a sweep: the run's streams are (seed, runIndex, stream) */
  {
    key: "runIndex",
    flag: "run-index",
    default: 0,
    kind: { type: "int", min: 0, max: 2 ** 32 - 1 },
    help: "run index in a sweep",
  },
  /** input distribution (SPEC §1); σ is the std (gaussian), √(trace/d) (powerlaw), the overall scale (mixture), the
   * scale of the t (student), the coordinates' magnitude (rademacher) or the std off the spike (spiked) */
  {
    key: "distribution",
    flag: "distribution",
    default: "gaussian",
    kind: { type: "enum", values: ["gaussian", "powerlaw", "mixture", "student", "rademacher", "spiked"] },
    help: "inputs: gaussian (std σ), powerlaw (spectrum ∝ k^−α, trace σ²·d), mixture (±m + N(0, s²) per coordinate, ×σ), student (multivariate t with ν degrees of freedom, scale σ), rademacher (±σ per coordinate; no exact population metrics: use --test-size), spiked (N(0, σ²(I + β e₁e₁ᵀ)): one direction of variance σ²(1 + β))",
  },
  /** power-law spectral exponent α */
  { key: "alpha", flag: "alpha", default: 1.5, kind: { type: "number", min: 0 }, help: "power-law exponent α" },
  /** Student-t degrees of freedom ν (an integer) */
  {
    key: "nu",
    flag: "nu",
    default: 3,
    kind: { type: "int", min: 1, max: 1000 },
    help: "Student-t degrees of freedom ν",
  },
  /** spiked covariance: the spike β (variance σ²(1 + β) along the first coordinate, σ² along the others) */
  {
    key: "spike",
    flag: "spike",
    default: 3,
    kind: { type: "number", min: 0, max: 1e6 },
    help: "spiked: the spike β (variance σ²(1 + β) along the first coordinate)",
  },
  /** mixture: centres ±m and component std s, before scaling by σ */
  { key: "mixMean", flag: "mix-mean", default: 1, kind: { type: "number", min: 0 }, help: "mixture centres ±m" },
  { key: "mixStd", flag: "mix-std", default: 0.25, kind: { type: "number", min: 0 }, help: "mixture component std s" },
  /** discriminative labels: fraction r of points labelled −1 (1: the constant-label model) */
  {
    key: "labelFraction",
    flag: "label-fraction",
    default: 1,
    kind: { type: "number", exclusiveMin: 0, max: 1 },
    help: "discriminative labels: fraction r labelled −1 (label −1 iff x_1 > μ_r); 1 = all −1",
  },
  /** ‖S_0‖ (a random direction scaled to this norm) */
  {
    key: "s0",
    flag: "s0",
    default: 0.1,
    kind: { type: "number", min: 0 },
    help: "‖S_0‖, norm of the random initial S",
    paper: true,
  },
  { key: "b0", flag: "b0", default: 0, kind: { type: "number" }, help: "initial bias b_0", paper: true },
  {
    key: "testSize",
    flag: "test-size",
    default: 10_000,
    kind: { type: "int", min: 0 },
    help: "held-out test points (0: none)",
  },
  {
    key: "perDecade",
    flag: "per-decade",
    default: 10,
    kind: { type: "int", min: 1, max: 1000 },
    help: "checkpoints per decade",
  },
  {
    key: "accThreshold",
    flag: "acc-threshold",
    default: 0.9,
    kind: { type: "number", exclusiveMin: 0, exclusiveMax: 1 },
    help: "accuracy threshold of the grokking time",
  },
  {
    key: "lossThreshold",
    flag: "loss-threshold",
    default: 0.01,
    kind: { type: "number", exclusiveMin: 0 },
    help: "loss threshold ε of the grokking time",
  },
  /** storage of the training inputs X: f64, or f32 (half the memory and bandwidth; arithmetic stays float64) */
  {
    key: "precision",
    flag: "precision",
    default: "f64",
    kind: { type: "enum", values: ["f64", "f32"] },
    help: "storage of the training inputs: f64, or f32 (half the memory; the draw rounded to float32, sums in float64)",
  },
] as const satisfies readonly Field[];

/** The defaults: the laptop-size Fig. 1 at λ = 0.48. */
export const defaultRunConfig: RunConfig = defaultsOf(runFields);

/** Largest N×d (and testSize×d) we allocate: 1e9 float64 = 8 GB. */
const MAX_ELEMENTS = 1e9;

/**
 * Validate and merge layers over the defaults, resolve d from λ, and check cross-field constraints. `allocates`:
 * false for a command that draws no data (wendel: N up to 10^6 by SPEC §3.2), which skips the size caps.
 */
export function resolveRunConfig(
  layers: readonly RawLayer[],
  base: RunConfig = defaultRunConfig,
  allocates = true,
): RunConfig {
  const merged: Record<string, number | string> = { ...base };
  let lambda: number | undefined;
  let dGiven = false;
  for (const layer of layers) {
    const parsed = parseObject(runFields, layer.values, layer.namer, layer.where);
    if (parsed.d !== undefined && parsed.lambda !== undefined) {
      throw new UsageError(`give either d or lambda, not both (in ${layer.where})`);
    }
    if (parsed.lambda !== undefined) {
      lambda = parsed.lambda as number;
      dGiven = false;
    }
    if (parsed.d !== undefined) {
      dGiven = true;
      lambda = undefined;
    }
    delete parsed.lambda;
    Object.assign(merged, parsed);
  }
  const config = merged as RunConfig;
  if (lambda !== undefined && !dGiven) config.d = dimensionFromLambda(lambda, config.n);
  if (
    config.optimizer === "conformal" &&
    (config.loss !== "exp" || config.distribution !== "gaussian" || config.labelFraction < 1)
  ) {
    throw new UsageError(
      "--optimizer conformal needs --loss exp on the constant-label Gaussian model (conformal time, SPEC §3.5)",
    );
  }
  if ((config.optimizer === "flow" || config.optimizer === "conformal") && !(config.tMax > 0 || config.epochs > 0)) {
    throw new UsageError(`--optimizer ${config.optimizer} needs a horizon: --t-max > 0 or --epochs > 0 (got neither)`);
  }
  if (config.labelFraction < 1 && config.distribution !== "gaussian") {
    throw new UsageError(`--label-fraction < 1 needs --distribution gaussian (got ${config.distribution})`);
  }
  if (allocates && (config.n * config.d > MAX_ELEMENTS || config.testSize * config.d > MAX_ELEMENTS)) {
    throw new UsageError(
      `N×d and test-size×d must be at most ${MAX_ELEMENTS} (got N=${config.n}, d=${config.d}, test-size=${config.testSize})`,
    );
  }
  return config;
}

/**
 * The relative tolerance a flow runs at: rtol, or where it is 0 the integrator's default — 1e-5 for RKC (within 2·10^-5
 * of a 1e-8 reference in A_gen and σ‖S‖ at N = 400, README "Gradient flow"), 1e-8 for odex's extrapolation and the
 * conformal flow (which runs on odex).
 */
export function flowTolerance(c: Pick<RunConfig, "optimizer" | "integrator" | "rtol">): number {
  if (c.rtol > 0) return c.rtol;
  return c.optimizer === "flow" && c.integrator === "rkc" ? 1e-5 : 1e-8;
}

/** d = λN, which must be a positive integer (to 1e-9 relative). */
export function dimensionFromLambda(lambda: number, n: number): number {
  const d = lambda * n;
  const rounded = Math.round(d);
  if (rounded < 1 || Math.abs(d - rounded) > 1e-9 * Math.max(1, d)) {
    throw new UsageError(`--lambda × --N must be a positive integer d (got ${lambda} × ${n} = ${d})`);
  }
  return rounded;
}

/** λ = d/N of a resolved configuration. */
export function lambdaOf(config: Pick<RunConfig, "n" | "d">): number {
  return config.d / config.n;
}

/** A resolved configuration in the user's vocabulary (flag names), as written to outputs and read by --config. */
export function runConfigToUser(config: RunConfig): Record<string, unknown> {
  return toUserNames(runFields, config);
}
