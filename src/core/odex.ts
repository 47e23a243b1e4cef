/**
 * The one set-up of odex (Hairer's GBS extrapolation) that every integration here uses: dense output on, per-step
 * relative and absolute tolerances, and an accepted-step cap.
 */

import odex from "odex";

/** Tolerances of one odex integration: per-step rtol and atol (on y as integrated), and the accepted-step cap. */
export interface OdexTolerances {
  rtol: number;
  atol: number;
  maxSteps: number;
}

/** An odex solver for a system of `size` equations, with dense output and the given tolerances. */
export function odexSolver(size: number, t: OdexTolerances): odex.Solver {
  const solver = new odex.Solver(size);
  solver.denseOutput = true;
  solver.relativeTolerance = t.rtol;
  solver.absoluteTolerance = t.atol;
  solver.maxSteps = t.maxSteps;
  return solver;
}
