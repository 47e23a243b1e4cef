/**
 * The configuration of one training run: the single typed schema behind `grokedge train` flags, `--config run.json`,
 * sweep cells and (later) the explorer's URL. Defaults are the laptop-size Fig. 1 (SPEC §6) at λ = 0.48.
 */

import { LOSS_NAMES } from "../core/losses.js";
import {
  type ConfigOf,
  defaultsOf,
  type FieldDecl,
  fieldTable,
  int,
  num,
  oneOf,
  parseObject,
  positive,
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
export const runFields = fieldTable({
  /** number of training points N */
  n: { flag: "N", kind: int(1), help: "number of training points N", paper: true, default: 400 },
  /** input dimension d = λN */
  d: { flag: "d", kind: int(1), help: "input dimension d (or give --lambda)", default: 192 },
  lambda: { flag: "lambda", kind: positive, help: "λ = d/N; λN must be an integer", paper: true },
  /** std of each input coordinate */
  sigma: { flag: "sigma", kind: positive, help: "input std σ", paper: true, default: 5 },
  /** learning rate η; time t = η × epochs */
  lr: { flag: "lr", kind: positive, help: "learning rate η", paper: true, default: 0.01 },
  epochs: { flag: "epochs", kind: int(0, 1e12), help: "full-batch GD steps", default: 300_000 },
  loss: { flag: "loss", kind: oneOf(LOSS_NAMES), help: "training loss", default: "logistic" },
  optimizer: {
    flag: "optimizer",
    kind: oneOf(["gd", "adam", "flow", "conformal"]),
    help: "gd: exact discrete steps; adam: PyTorch's Adam; flow: gradient flow in log time (t = η × epochs); conformal: flow in conformal time (exp loss)",
    default: "gd",
  },
  /** Adam (PyTorch semantics): β1, β2, ε */
  beta1: { flag: "beta1", kind: num({ min: 0, exclusiveMax: 1 }), help: "Adam β1", default: 0.9 },
  beta2: { flag: "beta2", kind: num({ min: 0, exclusiveMax: 1 }), help: "Adam β2", default: 0.999 },
  eps: { flag: "eps", kind: num({ min: 0 }), help: "Adam ε", default: 1e-8 },
  /** gradient flow: final time t (0: η × epochs), the integrator, and its relative tolerance per step (0: the
   * integrator's own default, see flowTolerance) */
  tMax: { flag: "t-max", kind: num({ min: 0 }), help: "flow: final time t (0: η × epochs)", default: 0 },
  integrator: {
    flag: "integrator",
    kind: oneOf(["rkc", "odex"]),
    help: "flow: rkc (Runge–Kutta–Chebyshev, few passes) or odex (GBS extrapolation)",
    default: "rkc",
  },
  rtol: {
    flag: "rtol",
    kind: num({ min: 0, max: 0.1 }),
    help: "flow: ODE tolerance per step (0: 1e-5 for rkc, 1e-8 for odex and conformal)",
    default: 0,
  },
  /** flow: "on" follows GD at η to O(η²) (GD_WARMUP_EPOCHS exact GD steps, then GD's modified equation); "off": the
   * plain gradient flow, the η → 0 limit */
  gdEquivalent: {
    flag: "gd-equivalent",
    kind: oneOf(["on", "off"]),
    help: "flow: on = stay within O(η²) of GD at η (16 exact GD steps, then GD's modified equation ∇L + (η/2)H∇L); off = the plain flow (η → 0)",
    default: "on",
  },
  /** flow: "on" reruns the flow at a 100× looser tolerance and reports the end state's relative change (summary.flow
   * error_estimate; ~40–80 % more passes); "off" relies on the integrator's own step control alone */
  errorEstimate: {
    flag: "error-estimate",
    kind: oneOf(["on", "off"]),
    help: "flow: on = rerun at a 100× looser tolerance to estimate the end state's error (~40–80 % more passes); off = step control only",
    default: "on",
  },
  seed: { flag: "seed", kind: int(0), help: "random seed (data, test set, S_0)", default: 0 },
  /** index of this run in a sweep: the run's streams are (seed, runIndex, stream) */
  runIndex: { flag: "run-index", kind: int(0, 2 ** 32 - 1), help: "run index in a sweep", default: 0 },
  /** input distribution (SPEC §1); σ is the std (gaussian), √(trace/d) (powerlaw), the overall scale (mixture), the
   * scale of the t (student), the coordinates' magnitude (rademacher) or the std off the spike (spiked) */
  distribution: {
    flag: "distribution",
    kind: oneOf(["gaussian", "powerlaw", "mixture", "student", "rademacher", "spiked"]),
    help: "inputs: gaussian (std σ), powerlaw (spectrum ∝ k^−α, trace σ²·d), mixture (±m + N(0, s²) per coordinate, ×σ), student (multivariate t with ν degrees of freedom, scale σ), rademacher (±σ per coordinate; no exact population metrics: use --test-size), spiked (N(0, σ²(I + β e₁e₁ᵀ)): one direction of variance σ²(1 + β))",
    default: "gaussian",
  },
  /** power-law spectral exponent α */
  alpha: { flag: "alpha", kind: num({ min: 0 }), help: "power-law exponent α", default: 1.5 },
  /** Student-t degrees of freedom ν (an integer) */
  nu: { flag: "nu", kind: int(1, 1000), help: "Student-t degrees of freedom ν", default: 3 },
  /** spiked covariance: the spike β (variance σ²(1 + β) along the first coordinate, σ² along the others) */
  spike: {
    flag: "spike",
    kind: num({ min: 0, max: 1e6 }),
    help: "spiked: the spike β (variance σ²(1 + β) along the first coordinate)",
    default: 3,
  },
  /** mixture: centres ±m and component std s, before scaling by σ */
  mixMean: { flag: "mix-mean", kind: num({ min: 0 }), help: "mixture centres ±m", default: 1 },
  mixStd: { flag: "mix-std", kind: num({ min: 0 }), help: "mixture component std s", default: 0.25 },
  /** discriminative labels: fraction r of points labelled −1 (1: the constant-label model) */
  labelFraction: {
    flag: "label-fraction",
    kind: num({ exclusiveMin: 0, max: 1 }),
    help: "discriminative labels: fraction r labelled −1 (label −1 iff x_1 > μ_r); 1 = all −1",
    default: 1,
  },
  /** ‖S_0‖ (a random direction scaled to this norm) */
  s0: { flag: "s0", kind: num({ min: 0 }), help: "‖S_0‖, norm of the random initial S", paper: true, default: 0.1 },
  b0: { flag: "b0", kind: num(), help: "initial bias b_0", paper: true, default: 0 },
  testSize: { flag: "test-size", kind: int(0), help: "held-out test points (0: none)", default: 10_000 },
  perDecade: { flag: "per-decade", kind: int(1, 1000), help: "checkpoints per decade", default: 10 },
  accThreshold: {
    flag: "acc-threshold",
    kind: num({ exclusiveMin: 0, exclusiveMax: 1 }),
    help: "accuracy threshold of the grokking time",
    default: 0.9,
  },
  lossThreshold: {
    flag: "loss-threshold",
    kind: positive,
    help: "loss threshold ε of the grokking time",
    default: 0.01,
  },
  /** storage of the training inputs X: f64, or f32 (half the memory and bandwidth; arithmetic stays float64) */
  precision: {
    flag: "precision",
    kind: oneOf(["f64", "f32"]),
    help: "storage of the training inputs: f64, or f32 (half the memory; the draw rounded to float32, sums in float64)",
    default: "f64",
  },
} as const satisfies Record<string, FieldDecl>);

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
