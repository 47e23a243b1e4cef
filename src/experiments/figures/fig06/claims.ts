/** Fig. 6's claims (SPEC §3.2, §6) and how the emulated lenient test compares with Wendel's theorem. */

import { wendelProbability } from "../../../theory/wendel.js";
import type { Check } from "../../checks.js";
import type { SinfPoint, SinfSweep } from "../fig01/sinfDraws.js";
import { binomialSe, PAPER_SHIFT } from "./records.js";

/**
 * The observed fraction of inseparable draws matches Wendel at every d: |z| = |k/n − p|/√(p(1−p)/n) ≤ 3 at each of
 * the d (3 rather than 2 SE because several d are judged at once; the binomial is exact, so this is a plain z-test).
 */
export function wendelCheck(points: readonly SinfPoint[]): Check {
  const zs = points.map((p) => {
    const n = p.inseparable + p.separable;
    const q = p.wendelInseparable;
    const se = binomialSe(q, n);
    const diff = p.inseparable / n - q;
    return { d: p.d, z: se > 0 ? diff / se : diff === 0 ? 0 : Number.POSITIVE_INFINITY, obs: p.inseparable, n, q };
  });
  const worst = Math.max(...zs.map((z) => Math.abs(z.z)));
  return {
    claim: "the fraction of inseparable draws follows Wendel's theorem (|z| ≤ 3 at every d, binomial SE)",
    verdict: worst <= 3 ? "PASS" : worst > 4 ? "FAIL" : "UNSURE",
    detail: zs.map((z) => `d=${z.d}: ${z.obs}/${z.n} vs ${z.q.toFixed(4)} (z = ${z.z.toFixed(2)})`).join("; "),
  };
}

/** The positive fraction falls from the smallest to the largest λ of the sweep (2 SE of the difference). */
export function positiveTrendCheck(points: readonly SinfPoint[]): Check {
  const a = points[0];
  const b = points[points.length - 1];
  const diff = a.positiveFraction.mean - b.positiveFraction.mean;
  const se = Math.hypot(a.positiveFraction.se, b.positiveFraction.se);
  const verdict = diff > 2 * se ? "PASS" : diff < -2 * se ? "FAIL" : "UNSURE";
  return {
    claim: "as λ → ½⁻ fewer points project positively on S_∞ (fraction at the smallest λ exceeds that at the largest)",
    verdict,
    detail: `d=${a.d}: ${a.positiveFraction.mean.toFixed(4)} ± ${a.positiveFraction.se.toFixed(4)}; d=${b.d}: ${b.positiveFraction.mean.toFixed(4)} ± ${b.positiveFraction.se.toFixed(4)}; difference ${diff.toFixed(4)} ± ${se.toFixed(4)}`,
  };
}

/** How the emulated lenient test's fraction compares with Wendel at d and at d − 14 (z in binomial SEs). */
export function lenientNotes(points: readonly SinfPoint[], s: SinfSweep): string[] {
  if (!s.lenient) return [];
  const z = (k: number, n: number, q: number) => (k / n - q) / Math.max(binomialSe(q, n), 0.5 / n);
  const per = points.map((p) => {
    const k = p.lenient?.inseparable ?? 0;
    const shifted = 1 - wendelProbability(s.n, p.d - PAPER_SHIFT).probability;
    return `d=${p.d}: ${k}/${p.draws}, z = ${z(k, p.draws, p.wendelInseparable).toFixed(1)} vs Wendel(d), ${z(k, p.draws, shifted).toFixed(1)} vs Wendel(d − ${PAPER_SHIFT})`;
  });
  return [
    `red: the emulated lenient test (Adam η = ${s.lenient.lr}, ${s.lenient.steps} steps, separable iff ‖S‖ > ${s.lenient.threshold}); called inseparable ${per.join("; ")}`,
  ];
}
