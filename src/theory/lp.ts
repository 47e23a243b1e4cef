/**
 * Minimal typed access to the HiGHS LP solver (npm `highs`, HiGHS compiled to WebAssembly, single-threaded).
 * The WASM runtime is loaded once per process; every solve uses a fresh native model that is disposed afterwards,
 * because HiGHS-WASM memory is not reclaimed by garbage collection.
 */

import type { Highs } from "highs";

/** A dense-free LP: optimise cost·x subject to rowLower ≤ A x ≤ rowUpper, colLower ≤ x ≤ colUpper (±Infinity = free). */
export interface LpSpec {
  maximize: boolean;
  colCost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  /** A in compressed sparse row form: row i owns entries starts[i] .. starts[i+1]−1. */
  rows: { starts: Int32Array; indices: Int32Array; values: Float64Array };
}

/** Outcome of one solve; rowDual follows HiGHS's sign convention (see solveLp). */
export interface LpResult {
  status: "optimal" | "infeasible" | "other";
  /** HiGHS's own name for the model status, e.g. "timeLimit". */
  statusName: string;
  objective: number;
  colValue: Float64Array;
  rowDual: Float64Array;
  /** Wall-clock seconds spent in the solver run (excluding model construction). */
  seconds: number;
}

/** Solver settings exposed to callers; everything else stays at HiGHS defaults. */
export interface LpOptions {
  /** Seconds before HiGHS gives up (status "other", statusName "timeLimit"). */
  timeLimit?: number;
  /** Presolve off by default: on dense margin LPs it removes nothing and roughly doubled the solve time. */
  presolve?: "off" | "choose" | "on";
  solver?: "choose" | "simplex" | "ipm";
}

let highsPromise: Promise<Highs> | undefined;

/** The loaded HiGHS runtime, instantiated on first use and shared (compiling the WASM takes ~0.3 s). */
export function loadHighs(): Promise<Highs> {
  // The package's types.d.ts is a CommonJS declaration, so under NodeNext TypeScript types the ESM namespace's
  // `default` as the whole module; at run time the "import" condition loads build/highs.mjs whose default is the
  // loader itself. This cast is the only place that papers over the mismatch.
  highsPromise ??= import("highs").then((mod) => (mod.default as unknown as () => Promise<Highs>)());
  highsPromise.catch(() => {
    highsPromise = undefined; // let a later call retry instead of caching the failure
  });
  return highsPromise;
}

/**
 * Solve `spec` with HiGHS. Row duals are reported as HiGHS gives them: for a maximisation, a row at its lower bound
 * has rowDual ≤ 0 (HiGHS states duals in the minimisation sense).
 */
export async function solveLp(spec: LpSpec, options: LpOptions = {}): Promise<LpResult> {
  const highs = await loadHighs();
  const numCols = spec.colCost.length;
  const numRows = spec.rowLower.length;
  const { objectiveSense, modelStatus } = highs.constants;
  const data = {
    numCols,
    numRows,
    sense: spec.maximize ? objectiveSense.maximize : objectiveSense.minimize,
    colCost: spec.colCost,
    colLower: spec.colLower,
    colUpper: spec.colUpper,
    rowLower: spec.rowLower,
    rowUpper: spec.rowUpper,
    matrix: { format: "csr" as const, numRows, numCols, ...spec.rows },
  };
  return highs.withModel(data, (model): LpResult => {
    model.options.set({ output_flag: false, presolve: options.presolve ?? "off", solver: options.solver ?? "choose" });
    if (options.timeLimit !== undefined) model.options.set("time_limit", options.timeLimit);
    const t0 = performance.now();
    const code = model.run().modelStatus;
    const seconds = (performance.now() - t0) / 1000;
    const statusName = Object.entries(modelStatus).find(([, v]) => v === code)?.[0] ?? `code ${code}`;
    const status: LpResult["status"] =
      code === modelStatus.optimal ? "optimal" : code === modelStatus.infeasible ? "infeasible" : "other";
    const solution = model.getSolution();
    const objective = status === "optimal" ? model.getObjectiveValue() : Number.NaN;
    return { status, statusName, objective, colValue: solution.colValue, rowDual: solution.rowDual, seconds };
  });
}
