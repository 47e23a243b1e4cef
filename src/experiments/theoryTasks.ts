/**
 * Per-draw theory computations as independent tasks, run on a piscina pool (theoryWorker.ts) or in this thread:
 * - "sinf": S_∞ = argmin Σ exp(S·x_i) of a draw (SPEC §3.5; paper Figs. 1 right top, 6, 7), with its separability;
 * - "svm": the through-origin hard-margin SVM margin M = 1/‖S*‖ (SPEC §3.4; paper Fig. 7);
 * - "draw": the theory of a training draw (theory/drawTheory.ts: separable? margin → predicted final accuracy, SPEC §3.4;
 *   Fig. 1 right mid);
 * - "sinfChain": "sinf" on the nested draws of one N × d draw, its first d' columns for each d' of `ds` (warm starts
 *   and inherited separability along the chain: theory/decideDraw.ts decideNested).
 * Every task names its draw by the run streams of train/run.ts (seed, runIndex), so any draw can be regenerated alone
 * (`grokedge train --seed S --run-index R` trains on the same data). Results carry only scalars, not S (they cross
 * threads, and 15000 draws of d ≈ 1200 floats would not fit in memory for nothing).
 */

import { Piscina } from "piscina";
import type { RunConfig } from "../config/run.js";
import {
  decideNested,
  decideSeparabilityFast,
  drawTheory,
  firstColumns,
  type NestedStep,
} from "../theory/decideDraw.js";
import type { DrawTheory } from "../theory/drawTheory.js";
import { svmThroughOrigin } from "../theory/svm.js";
import { trainingData } from "../train/run.js";
import { type LenientOutcome, type LenientTest, lenientSeparability } from "./lenientSeparability.js";

/**
 * One draw of N points in R^d with scale σ (SPEC §1), from the stream (seed, runIndex, train): Gaussian unless a
 * distribution (with its parameters, as in RunConfig) is named.
 */
export interface DrawSpec {
  n: number;
  d: number;
  sigma: number;
  seed: number;
  runIndex: number;
  distribution?: RunConfig["distribution"];
  alpha?: number;
  nu?: number;
  /** spiked inputs only */
  spike?: number;
  mixMean?: number;
  mixStd?: number;
}

/**
 * A task; `ds` (ascending, the last = d) only for "sinfChain", and `lenient` (optional there): also run the emulated
 * lenient test of the paper (lenientSeparability.ts) at every d of the chain.
 */
export type TheoryTask = DrawSpec & {
  kind: "sinf" | "svm" | "draw" | "sinfChain";
  ds?: readonly number[];
  lenient?: LenientTest;
};

export interface SinfOutcome {
  kind: "sinf";
  /** null: neither Newton's certificate nor the LP settled it */
  separable: boolean | null;
  /** "newton" or "lp" (the LP decides only when Newton is inconclusive) */
  method: string;
  /** Newton reached its gradient tolerance: norm/projections below are those of S_∞ */
  converged: boolean;
  /** ‖S_∞‖ (units 1/σ), NaN unless inseparable and converged */
  norm: number;
  /** fraction of i with S_∞·x_i > 0, and the mean of S_∞·x_i/‖S_∞‖ over them (units σ); NaN unless as above */
  positiveFraction: number;
  positiveMean: number;
  /** ‖∇F‖/max‖x_i‖ at the end (F = log Σ exp(S·x_i)) and the Newton steps taken */
  gradNorm: number;
  iterations: number;
  seconds: number;
}

export interface SvmOutcome {
  kind: "svm";
  /** null: the active set hit its cap or broke down ("undecided: …" from svm.ts) */
  separable: boolean | null;
  /** margin M = 1/‖S*‖ (units of x), NaN unless separable */
  margin: number;
  kktResidual: number;
  supportVectors: number;
  seconds: number;
}

/** The theory of the training draw (theory/drawTheory.ts), as `grokedge train --theory` writes it. */
export type DrawOutcome = DrawTheory & { kind: "draw"; seconds: number };

/** One "sinf" outcome per d of the chain (each with its own seconds, and the lenient test's when asked), in `ds` order. */
export interface SinfChainOutcome {
  kind: "sinfChain";
  steps: (SinfOutcome & { d: number; lenient?: LenientOutcome })[];
  seconds: number;
}

export type TheoryOutcome = SinfOutcome | SvmOutcome | DrawOutcome | SinfChainOutcome;

/** Compute one task in this thread (what a pool worker runs). */
export async function computeTheoryTask(task: TheoryTask): Promise<TheoryOutcome> {
  const start = performance.now();
  const data = trainingData(task);
  const out = await compute(task, data, task.sigma);
  return { ...out, seconds: (performance.now() - start) / 1000 } as TheoryOutcome;
}

async function compute(task: TheoryTask, data: ReturnType<typeof trainingData>, sigma: number) {
  const { kind } = task;
  if (kind === "sinfChain") {
    const ds = task.ds ?? [data.d];
    const steps = await decideNested(data.X, data.n, data.d, ds);
    const lenient = (d: number) => {
      if (!task.lenient) return {};
      return { lenient: lenientSeparability(firstColumns(data.X, data.n, data.d, d), data.n, d, task.lenient) };
    };
    return { kind, steps: steps.map((s) => ({ ...sinfOutcome(s), d: s.d, seconds: s.seconds, ...lenient(s.d) })) };
  }
  if (kind === "sinf") return sinfOutcome(await decideSeparabilityFast(data));
  if (kind === "svm") return svmOutcome(svmThroughOrigin(data.X, data.n, data.d));
  return { kind, ...(await drawTheory(data, sigma)) };
}

function sinfOutcome(r: Pick<NestedStep, "separable" | "method" | "sinf">): Omit<SinfOutcome, "seconds"> {
  const s = r.sinf;
  // only a converged Newton solve is S_∞; an LP "inseparable" after a Newton stall has no usable S
  if (s === null) return { ...NO_SOLVE, separable: r.separable, method: r.method };
  const ok = r.separable === false && s.converged;
  return {
    kind: "sinf",
    separable: r.separable,
    method: r.method,
    converged: s.converged,
    norm: ok ? s.norm : Number.NaN,
    positiveFraction: ok ? s.positiveFraction : Number.NaN,
    positiveMean: ok ? s.positiveMean : Number.NaN,
    gradNorm: s.gradNorm,
    iterations: s.iterations,
  };
}

/** The outcome of a d whose separability was inherited along a nested chain (no solve). */
const NO_SOLVE = {
  kind: "sinf",
  converged: false,
  norm: Number.NaN,
  positiveFraction: Number.NaN,
  positiveMean: Number.NaN,
  gradNorm: Number.NaN,
  iterations: 0,
} as const;

function svmOutcome(r: ReturnType<typeof svmThroughOrigin>): Omit<SvmOutcome, "seconds"> {
  if (r.separable) {
    return {
      kind: "svm",
      separable: true,
      margin: r.margin,
      kktResidual: r.kktResidual,
      supportVectors: r.supportVectors,
    };
  }
  // svm.ts prefixes every non-certificate failure with "undecided"; anything else is an exact inseparability proof
  const undecided = r.reason.startsWith("undecided");
  return { kind: "svm", separable: undecided ? null : false, margin: Number.NaN, kktResidual: 0, supportVectors: 0 };
}

/**
 * Something that computes theory tasks and returns their outcomes in input order, calling onDone(k) after k finished:
 * a local thread pool (localTheoryRunner) or a cluster queue (cluster/queueTheory.ts).
 */
export type TheoryRunner = (tasks: readonly TheoryTask[], onDone?: (done: number) => void) => Promise<TheoryOutcome[]>;

/** The runner of runTheoryTasks on `workers` local threads. */
export function localTheoryRunner(workers: number): TheoryRunner {
  return (tasks, onDone) => runTheoryTasks(tasks, { workers, onDone });
}

/** Run every task, on `workers` threads (1: this thread); results in input order; onDone(k) after k finished. */
export async function runTheoryTasks(
  tasks: readonly TheoryTask[],
  o: { workers: number; onDone?: (done: number) => void },
): Promise<TheoryOutcome[]> {
  let done = 0;
  const tick = <T>(r: T): T => {
    o.onDone?.(++done);
    return r;
  };
  if (o.workers <= 1) {
    const out: TheoryOutcome[] = [];
    for (const t of tasks) out.push(tick(await computeTheoryTask(t)));
    return out;
  }
  // compiled JS only: from the TypeScript sources (vitest) use workers = 1, as with pool.ts
  const pool = new Piscina({ filename: new URL("./theoryWorker.js", import.meta.url).href, maxThreads: o.workers });
  try {
    return await Promise.all(tasks.map(async (t) => tick((await pool.run(t)) as TheoryOutcome)));
  } finally {
    await pool.destroy();
  }
}
