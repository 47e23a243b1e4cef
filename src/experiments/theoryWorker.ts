/** Piscina worker: computes one per-draw theory task (theoryTasks.ts) and returns its scalar outcome. */

import { computeTheoryTask, type TheoryOutcome, type TheoryTask } from "./theoryTasks.js";

/** The pool's entry point: one task in, its scalar outcome out (structured-cloned back to the caller). */
export default function theoryTask(task: TheoryTask): Promise<TheoryOutcome> {
  return computeTheoryTask(task);
}
