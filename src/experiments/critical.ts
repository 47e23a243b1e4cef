/**
 * `grokedge critical` (README "Beyond the paper"): a sweep over N × λ near ½ with `draws` replicates, each cell a
 * training run (the sweep engine: resumable, shardable, queueable) plus the S_∞ of its draw (a theory task), reduced
 * to one row per draw and fitted: the divergence laws in 1 − 2λ per N (below ½) and finite-size-scaling collapses
 * over N (all λ).
 */

import type { RunConfig } from "../config/run.js";
import { generalisation } from "../train/grokkingMeasures.js";
import type { RunResult } from "../train/run.js";
import {
  type BootstrapOptions,
  type CollapseFit,
  collapseFit,
  type DrawGroup,
  defaultCollapse,
  fitLaw,
  type LawFit,
  type LawForm,
} from "./criticalFits.js";
import { parseSweepSpec, type SweepSpec } from "./sweep.js";
import type { SinfOutcome, TheoryTask } from "./theoryTasks.js";

/** What `critical` sweeps: the grid N × λ, `draws` replicates, and the run settings shared by every cell. */
export interface CriticalPlan {
  name: string;
  seed: number;
  draws: number;
  sizes: readonly number[];
  lambdas: readonly number[];
  /** run settings by flag name (N, d, lambda, seed and run-index excluded: the sweep sets them) */
  base: Record<string, number | string>;
}

/** The sweep spec of a plan (validated by the one schema: an invalid λ·N is a one-line error). */
export function criticalSpec(p: CriticalPlan): SweepSpec {
  return parseSweepSpec(
    {
      name: p.name,
      description: `grokedge critical: N ∈ {${p.sizes.join(", ")}} × λ ∈ {${p.lambdas.join(", ")}}, ${p.draws} draws`,
      seed: p.seed,
      replicates: p.draws,
      base: p.base,
      grid: { N: [...p.sizes], lambda: [...p.lambdas] },
    },
    "the critical sweep",
  );
}

/** The S_∞ task of a cell's draw (the same stream as its training data). */
export function sinfTask(c: RunConfig): TheoryTask {
  const { n, d, sigma, seed, runIndex, distribution, alpha, nu, mixMean, mixStd } = c;
  const model = distribution === "gaussian" ? {} : { distribution, alpha, nu, mixMean, mixStd };
  const spike = distribution === "spiked" ? { spike: c.spike } : {}; // named only where it matters (stable job ids)
  return { kind: "sinf", n, d, sigma, seed, runIndex, ...model, ...spike };
}

/** One draw's measurements. */
export interface CriticalDraw {
  n: number;
  lambda: number;
  d: number;
  draw: number;
  /** 1 separable, 0 not, null undecided */
  separable: number | null;
  /** σ‖S_∞‖ (dimensionless); NaN when separable or not converged */
  sigma_s_inf: number;
  /** the final population accuracy (the held-out accuracy for a model without exact metrics) */
  final_pop_acc: number;
  final_train_acc: number;
  log10_t_steepest: number | null;
  log10_t_halfway: number | null;
  halfway_delay_decades: number | null;
  area_decades: number | null;
  grok_acc_delay_epochs: number | null;
}

/** The row of one draw: its run and its S_∞ outcome. */
export function criticalDraw(run: RunResult, sinf: SinfOutcome): CriticalDraw {
  const c = run.config;
  const m = run.summary.measures;
  return {
    n: c.n,
    lambda: c.d / c.n,
    d: c.d,
    draw: c.runIndex,
    separable: sinf.separable === null ? null : sinf.separable ? 1 : 0,
    sigma_s_inf: c.sigma * sinf.norm,
    final_pop_acc: generalisation(run.summary.final),
    final_train_acc: run.summary.final.train_acc,
    log10_t_steepest: m?.log10_t_steepest ?? null,
    log10_t_halfway: m?.log10_t_halfway ?? null,
    halfway_delay_decades: m?.halfway_delay_decades ?? null,
    area_decades: m?.area_decades ?? null,
    grok_acc_delay_epochs: run.summary.grokking.accuracy.delayEpochs,
  };
}

type Quantity = Exclude<keyof CriticalDraw, "n" | "lambda" | "d" | "draw">;

/** The quantities fitted below ½ and the forms tried for each. */
export const LAW_QUANTITIES: readonly { quantity: Quantity | "final_acc_drop"; forms: LawForm[] }[] = [
  { quantity: "sigma_s_inf", forms: ["log", "power"] },
  { quantity: "final_acc_drop", forms: ["power"] },
  { quantity: "halfway_delay_decades", forms: ["log2", "power"] },
  { quantity: "area_decades", forms: ["log2", "power"] },
];

/** The quantities collapsed over N. */
export const COLLAPSE_QUANTITIES: readonly Quantity[] = ["separable", "final_pop_acc"];

export interface LawRow {
  quantity: string;
  n: number;
  form: LawForm;
  fit: LawFit | null;
  /** why there is no fit (too few λ with finite values) */
  error: string | null;
}

export interface CollapseRow {
  quantity: string;
  fit: CollapseFit | null;
  error: string | null;
}

export interface CriticalAnalysis {
  laws: LawRow[];
  collapses: CollapseRow[];
}

function value(r: CriticalDraw, q: Quantity | "final_acc_drop"): number {
  const v = q === "final_acc_drop" ? 1 - r.final_pop_acc : r[q];
  return v === null ? Number.NaN : v;
}

/** Groups by λ of one size's rows for a quantity, keyed x = 1 − 2λ (laws) or x = λ (collapse). */
function groupsOf(rows: readonly CriticalDraw[], q: Quantity | "final_acc_drop", key: "distance" | "lambda") {
  const byLambda = new Map<number, number[]>();
  for (const r of rows) {
    const list = byLambda.get(r.lambda) ?? [];
    list.push(value(r, q));
    byLambda.set(r.lambda, list);
  }
  return [...byLambda.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([l, values]): DrawGroup => ({ x: key === "distance" ? 1 - 2 * l : l, values }));
}

const attempt = <T>(f: () => T): { fit: T | null; error: string | null } => {
  try {
    return { fit: f(), error: null };
  } catch (err) {
    return { fit: null, error: (err as Error).message };
  }
};

/** Fit every law per size (λ < ½; a power law only over λ whose mean is positive) and every collapse over sizes. */
export function analyseCritical(rows: readonly CriticalDraw[], o: BootstrapOptions): CriticalAnalysis {
  const sizes = [...new Set(rows.map((r) => r.n))].sort((a, b) => a - b);
  const laws: LawRow[] = [];
  for (const { quantity, forms } of LAW_QUANTITIES) {
    for (const n of sizes) {
      const below = rows.filter((r) => r.n === n && r.lambda < 0.5);
      const groups = groupsOf(below, quantity, "distance");
      for (const form of forms) {
        const usable = form === "power" ? groups.filter((g) => positiveMean(g.values)) : groups;
        const fit = () => {
          if (form === "power" && usable.length < 2 && groups.length >= 2) {
            throw new Error(
              `a power law needs positive means at two λ or more (got ${usable.length} of ${groups.length})`,
            );
          }
          return fitLaw(usable, form, o);
        };
        laws.push({ quantity, n, form, ...attempt(fit) });
      }
    }
  }
  const collapses = COLLAPSE_QUANTITIES.map((quantity) => {
    const curves = sizes.map((n) => ({
      n,
      groups: groupsOf(
        rows.filter((r) => r.n === n),
        quantity,
        "lambda",
      ),
    }));
    return { quantity, ...attempt(() => collapseFit(curves, { ...defaultCollapse, level: o.level, seed: o.seed })) };
  });
  return { laws, collapses };
}

function positiveMean(values: readonly number[]): boolean {
  const v = values.filter(Number.isFinite);
  return v.length > 0 && v.reduce((a, b) => a + b, 0) > 0;
}
