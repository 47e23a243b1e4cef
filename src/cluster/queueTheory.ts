/**
 * A figure's per-draw theory tasks (S_∞ solves, SVM margins) through the queue: a TheoryRunner that enqueues the
 * tasks whose outcome the store does not hold yet, and stores each outcome as it comes back (before its job leaves
 * Redis, queueSubmit.ts), so that a submitter killed after an hour loses nothing: the same command run again collects
 * what is queued or finished and computes only the rest.
 */

import type { TheoryOutcome, TheoryRunner, TheoryTask } from "../experiments/theoryTasks.js";
import type { ResultsStore } from "../store/resultsStore.js";
import { theoryJobId } from "./queue.js";
import { type QueuedTask, runOnQueue, type SubmitOptions } from "./queueSubmit.js";

export type QueueTheoryOptions = Omit<SubmitOptions, "onResult" | "onFailed"> & { version: string };

/** Tasks not finished (timeout) or failed: the message names how many and the first few, and how to resume. */
export class TheoryTasksIncomplete extends Error {}

/** A TheoryRunner on the queue of `o.target` whose outcomes are kept in `store` under their job ids. */
export function queueTheoryRunner(store: ResultsStore, o: QueueTheoryOptions): TheoryRunner {
  return async (tasks, onDone) => {
    const ids = tasks.map(theoryJobId);
    const have = store.taskResults(ids) as Map<string, TheoryOutcome>;
    const stored = have.size;
    const todo: QueuedTask[] = [];
    const seen = new Set<string>();
    for (const [i, task] of tasks.entries()) {
      if (have.has(ids[i]) || seen.has(ids[i])) continue;
      seen.add(ids[i]);
      todo.push({ id: ids[i], name: `${task.kind} d=${task.d} r=${task.runIndex}`, payload: { kind: "theory", task } });
    }
    onDone?.(stored);
    if (stored > 0) o.log?.(`${stored} of ${tasks.length} outcome(s) already in the store; ${todo.length} to compute`);
    if (todo.length === 0) return ids.map((id) => have.get(id) as TheoryOutcome);
    const failed: string[] = [];
    const report = await runOnQueue(todo, {
      ...o,
      onResult: (t, result) => {
        const task = (t.payload as { task: TheoryTask }).task;
        if (!("kind" in result) || result.kind !== task.kind)
          throw new Error(`job ${t.id} returned no ${task.kind} outcome`);
        store.saveTaskResult(t.id, task, result, o.version);
        have.set(t.id, result);
        onDone?.(have.size);
      },
      onFailed: (t, error, attempts) => failed.push(`${t.id} (${attempts} attempt(s)): ${error}`),
    });
    const missing = report.missing.map((t) => t.id);
    if (failed.length > 0 || missing.length > 0) throw new TheoryTasksIncomplete(incompleteText(failed, missing, o));
    return ids.map((id) => have.get(id) as TheoryOutcome);
  };
}

function incompleteText(failed: readonly string[], missing: readonly string[], o: QueueTheoryOptions): string {
  const parts: string[] = [];
  if (missing.length > 0) {
    parts.push(
      `${missing.length} task(s) not finished within ${o.timeoutSeconds} s (still queued at ${o.target.url}), e.g. ${missing.slice(0, 3).join(", ")}`,
    );
  }
  if (failed.length > 0) parts.push(`${failed.length} task(s) failed, e.g. ${failed[0]}`);
  return `${parts.join("; ")}: finished outcomes are stored; run the same command again to collect the rest`;
}
