/**
 * Self-checks: the paper's qualitative claims for a figure, judged on the figure's own data. A claim about a mean over
 * draws is judged against its standard error: PASS when the data support it by more than 2 SE, FAIL when they
 * contradict it by more than 2 SE, UNSURE in between (the figure alone cannot decide it).
 */

import { mean, standardError } from "./stats.js";

export type Verdict = "PASS" | "FAIL" | "UNSURE";

export interface Check {
  claim: string;
  verdict: Verdict;
  detail: string;
}

const fmt = (x: number) => x.toFixed(3);

/** A claim decided exactly (no sampling error): PASS or FAIL. */
export function exactClaim(claim: string, ok: boolean, detail: string): Check {
  return { claim, verdict: ok ? "PASS" : "FAIL", detail };
}

/** "mean of xs op threshold", judged at two standard errors of the mean (xs: one value per seed or draw). */
export function meanClaim(
  claim: string,
  xs: readonly number[],
  op: "<" | ">",
  threshold: number,
  unit = "seeds",
): Check {
  const m = mean(xs);
  const se = standardError(xs);
  return seClaim(claim, m, se, op, threshold, `${fmt(m)} ± ${fmt(se)}, mean ± SE over ${xs.length} ${unit}`);
}

/** "estimate op threshold" for an estimate with standard error `se`, judged at 2 SE. */
export function seClaim(claim: string, estimate: number, se: number, op: "<" | ">", threshold: number, detail: string) {
  const margin = op === ">" ? estimate - threshold : threshold - estimate;
  const verdict: Verdict = margin > 2 * se ? "PASS" : margin < -2 * se ? "FAIL" : "UNSURE";
  return { claim, verdict, detail } satisfies Check;
}
