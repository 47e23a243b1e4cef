/** `grokedge wendel | separability | svm | sinf`: the theory of SPEC §3 on a generated draw or a data file. */

import type { Command } from "commander";
import { dimensionFromLambda, lambdaOf, runFields } from "../config/run.js";
import { fieldOf, parseField, parseOption, UsageError } from "../config/schema.js";
import type { Dataset } from "../core/data.js";
import { norm } from "../core/vector.js";
import { decideSeparabilityFast } from "../theory/decideDraw.js";
import { decideSeparability } from "../theory/separability.js";
import { sInfinity } from "../theory/sinf.js";
import { logits, sInfinityNewtonCG } from "../theory/sinfNewtonCG.js";
import { svmExtended, svmThroughOrigin } from "../theory/svm.js";
import { wendelApproximation, wendelProbability } from "../theory/wendel.js";
import { trainingData } from "../train/run.js";
import { readDataFile } from "./dataFile.js";
import { addFieldOptions, type RunFlags, runConfigFromOptions } from "./runOptions.js";

/** The flags that define a draw: the same draw `grokedge train` makes with them. */
const drawFields = runFields.filter((f) => ["N", "d", "lambda", "sigma", "seed", "run-index"].includes(f.flag));

function drawCommand(program: Command, name: string, description: string): Command {
  const cmd = program.command(name).description(description);
  addFieldOptions(cmd, drawFields)
    .option("--data <file>", "CSV of points (one per row, no header) instead of a generated draw")
    .option("--json", "machine-readable output");
  return cmd;
}

/** The options of a draw command as commander gives them: the draw's settings or --data, and --json. */
type DrawFlags = RunFlags & { data?: string; json?: true };
type SeparabilityFlags = DrawFlags & { draws?: string; lambdas?: string };
type SvmFlags = DrawFlags & { extended?: true; weights?: true };
interface WendelFlags {
  N?: string;
  d?: string;
  lambda?: string;
  json?: true;
}

/** separability --draws: Monte-Carlo draws per λ. */
const monteCarloDraws = {
  key: "draws",
  flag: "draws",
  kind: { type: "int", min: 1, max: 1e6 },
  help: "draws",
} as const;

/** The draw of the flags, or the points of --data. */
function drawOf(opts: DrawFlags): { data: Dataset; sigma: number } {
  if (opts.data !== undefined) {
    if ([opts.N, opts.d, opts.lambda].some((v) => v !== undefined)) {
      throw new UsageError("give either --data or --N/--d/--lambda, not both");
    }
    return { data: readDataFile(opts.data), sigma: 1 };
  }
  const config = runConfigFromOptions(opts);
  return { data: trainingData(config), sigma: config.sigma };
}

/** Typed arrays become plain arrays in JSON. */
function toJson(value: unknown): string {
  return `${JSON.stringify(value, (_, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v), 2)}\n`;
}

function print(opts: { json?: true }, value: object, human: string): void {
  process.stdout.write(opts.json ? toJson(value) : `${human}\n`);
}

export function registerTheory(program: Command): void {
  registerWendel(program);
  drawCommand(program, "separability", "is the draw separable from the origin? (exact LP with a verified certificate)")
    .option("--draws <k>", "Monte-Carlo: the fraction of K separable draws (run indices 0..K−1) against Wendel")
    .option("--lambdas <list>", "with --draws: comma-separated λ values")
    .action(async (opts: SeparabilityFlags) => {
      if (opts.lambdas !== undefined && opts.draws === undefined) {
        throw new UsageError("--lambdas needs --draws K (it lists the λ values of the Monte-Carlo; got no --draws)");
      }
      if (opts.draws !== undefined) return monteCarlo(opts);
      const { data } = drawOf(opts);
      const r = await decideSeparability(data.X, data.n, data.d);
      const human = r.separable === null ? `undecided: ${r.reason}` : r.separable ? "separable" : "not separable";
      print(opts, { ...r }, `${human} (method ${r.method}; N=${data.n}, d=${data.d})`);
    });
  drawCommand(program, "svm", "hard-margin SVM through the origin (margin M = 1/‖S*‖), or --extended (bias penalised)")
    .option("--extended", "the extended-space SVM w_SVM = argmin ‖S‖² + b² s.t. S·x_i + b ≤ −1")
    .option("--weights", "include the weights in --json output")
    .action((opts: SvmFlags) => {
      if (opts.weights && !opts.json) {
        throw new UsageError("--weights needs --json (the weights are part of the JSON output; got no --json)");
      }
      const { data } = drawOf(opts);
      const r = opts.extended ? svmExtended(data.X, data.n, data.d) : svmThroughOrigin(data.X, data.n, data.d);
      if (!r.separable) {
        // the solver reports an iteration cap or degenerate data as "undecided: …": that is not a decision
        const undecided = r.reason.startsWith("undecided");
        const human = undecided ? r.reason : `not separable: ${r.reason}`;
        return print(opts, { separable: undecided ? null : false, reason: r.reason }, human);
      }
      const out: Record<string, unknown> = {
        separable: true,
        margin: r.margin,
        kkt_residual: r.kktResidual,
        support_vectors: r.supportVectors,
      };
      if (opts.weights) Object.assign(out, { S: r.S, ...("b" in r ? { b: r.b } : {}) });
      print(
        opts,
        out,
        `separable; margin ${r.margin} (KKT residual ${r.kktResidual.toExponential(2)}, ${r.supportVectors} support vectors)`,
      );
    });
  drawCommand(
    program,
    "sinf",
    "S_∞ = argmin_S Σ exp(S·x_i) by damped Newton (finite iff the draw is not separable)",
  ).action((opts: DrawFlags) => {
    const { data } = drawOf(opts);
    const r = data.d > DENSE_SINF_MAX_D ? sInfinityLarge(data) : sInfinity(data.X, data.n, data.d);
    const out = {
      converged: r.converged,
      separable: r.separable,
      norm: r.norm,
      grad_norm: r.gradNorm,
      iterations: r.iterations,
      positive_fraction: r.positiveFraction,
      positive_mean: r.positiveMean,
    };
    const human = r.converged
      ? `‖S_∞‖ = ${r.norm} (${r.iterations} Newton steps, scaled gradient ${r.gradNorm.toExponential(2)}); positive projections: fraction ${r.positiveFraction}, mean ${r.positiveMean}`
      : `no finite S_∞: ${r.separable ? "the draw is separable (S_∞ diverges)" : "undecided within the iteration cap"}`;
    print(opts, out, human);
  });
}

/** Above this d the dense Newton's d×d Hessian passes 0.5 GB: the matrix-free Newton–CG takes over. */
const DENSE_SINF_MAX_D = 8192;

/** S_∞ of a draw too wide for a dense Hessian, by Newton–CG from 0, in sinf.ts's result shape. */
function sInfinityLarge(data: Dataset): ReturnType<typeof sInfinity> {
  const r = sInfinityNewtonCG(data, new Float64Array(data.d), { maxNewton: 100 });
  const S = r.S;
  const size = norm(S);
  const z = logits(data, S);
  const positive = z.filter((v) => v > 0);
  return {
    converged: r.converged,
    separable: r.separable ? true : r.converged ? false : null,
    S,
    norm: size,
    gradNorm: r.gradNorm,
    iterations: r.newtonSteps,
    positiveFraction: positive.length / data.n,
    positiveMean: positive.length ? positive.reduce((a, v) => a + v, 0) / positive.length / size : Number.NaN,
  };
}

function registerWendel(program: Command): void {
  const cmd = program
    .command("wendel")
    .description("Wendel's P(N points in R^d are separable from the origin), exact and its large-N erf form");
  addFieldOptions(
    cmd,
    drawFields.filter((f) => ["N", "d"].includes(f.flag)),
  )
    .option("--lambda <list>", "λ = d/N, or a comma-separated list of λ values for a table")
    .option("--json", "machine-readable output")
    .action((opts: WendelFlags) => {
      const config = runConfigFromOptions({ N: opts.N, d: opts.d }, undefined, false); // no draw: no size cap
      const lambdaField = fieldOf(runFields, "lambda");
      const ds =
        opts.lambda === undefined
          ? [config.d]
          : String(opts.lambda)
              .split(",")
              .map((s) => dimensionFromLambda(parseField(lambdaField, s.trim(), "--lambda") as number, config.n));
      if (opts.lambda !== undefined && opts.d !== undefined)
        throw new UsageError("give either --d or --lambda, not both");
      const rows = ds.map((d) => {
        const w = wendelProbability(config.n, d);
        return {
          N: config.n,
          d,
          lambda: lambdaOf({ n: config.n, d }),
          probability: w.probability,
          log10_probability: w.log10Probability,
          approx: wendelApproximation(config.n, d),
        };
      });
      const human = rows
        .map(
          (r) =>
            `N=${r.N} d=${r.d} λ=${r.lambda}: P(separable) = ${r.probability} (log10 ${r.log10_probability.toFixed(6)}; erf approximation ${r.approx})`,
        )
        .join("\n");
      process.stdout.write(opts.json ? toJson(rows.length === 1 ? rows[0] : rows) : `${human}\n`);
    });
}

/** Monte-Carlo P(separable) over λ against Wendel, with binomial standard errors (SPEC §3.2). */
async function monteCarlo(opts: SeparabilityFlags): Promise<void> {
  const draws = parseOption(monteCarloDraws, opts.draws);
  const base = runConfigFromOptions(opts); // --draws and --lambdas are no run settings
  const lambdaField = fieldOf(runFields, "lambda");
  const lambdas =
    opts.lambdas === undefined
      ? [lambdaOf(base)]
      : String(opts.lambdas)
          .split(",")
          .map((s) => parseField(lambdaField, s.trim(), "--lambdas") as number);
  const rows = [];
  for (const lambda of lambdas) {
    const d = dimensionFromLambda(lambda, base.n);
    let separable = 0;
    for (let r = 0; r < draws; r++) {
      const decision = await decideSeparabilityFast(trainingData({ ...base, d, runIndex: r }));
      if (decision.separable === null) throw new Error(`draw ${r} at λ = ${lambda} is undecided`);
      if (decision.separable) separable++;
    }
    const fraction = separable / draws;
    const wendel = wendelProbability(base.n, d).probability;
    const se = Math.sqrt(Math.max(wendel * (1 - wendel), 1 / draws) / draws);
    rows.push({
      lambda,
      N: base.n,
      d,
      draws,
      separable_fraction: fraction,
      wendel,
      binomial_se: se,
      z: (fraction - wendel) / se,
    });
  }
  const human = rows
    .map(
      (r) =>
        `λ=${r.lambda} (d=${r.d}): ${r.separable_fraction.toFixed(4)} of ${r.draws} draws separable; Wendel ${r.wendel.toFixed(4)}; z = ${r.z.toFixed(2)}`,
    )
    .join("\n");
  process.stdout.write(opts.json ? toJson(rows) : `${human}\n`);
}
