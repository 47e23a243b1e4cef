/**
 * The figure of `grokedge critical`: raw curves (σ‖S_∞‖ against 1 − 2λ on log axes; the final population accuracy
 * against λ), the finite-size-scaling collapse of the final accuracy against u = (1 − 2λ)·N^(1/ν), and the fitted
 * exponents with their intervals as subtitles.
 */

import type { TopLevelSpec } from "vega-lite";
import { topLevelSpec } from "./figureLayout.js";

/** A mean over the draws of one (N, λ). */
export interface CriticalPoint {
  n: number;
  lambda: number;
  y: number;
}

export interface CriticalPanelsInput {
  sInf: readonly CriticalPoint[];
  accuracy: readonly CriticalPoint[];
  /** the collapsed accuracy: (N, u, y) at the fitted ν, or empty */
  collapsed: readonly { n: number; u: number; y: number }[];
  nuText: string;
  title: string;
  /** one line per fitted law */
  lawLines: readonly string[];
}

const colour = { field: "N", type: "nominal" as const, title: "N", sort: null };

function lines(values: object[], x: object, y: object, title: string, subtitle: string[] = []) {
  return {
    title: { text: title, subtitle, anchor: "start", fontSize: 12 },
    width: 260,
    height: 220,
    data: { values },
    mark: { type: "line", point: true, clip: true },
    encoding: { x, y, color: colour },
  };
}

/** The three panels side by side, the laws listed below the title. */
export function criticalPanelsSpec(o: CriticalPanelsInput): TopLevelSpec {
  const sInf = o.sInf
    .filter((p) => p.lambda < 0.5 && Number.isFinite(p.y))
    .map((p) => ({ N: String(p.n), x: 1 - 2 * p.lambda, y: p.y }));
  const acc = o.accuracy.map((p) => ({ N: String(p.n), x: p.lambda, y: p.y }));
  const col = o.collapsed.map((p) => ({ N: String(p.n), x: p.u, y: p.y }));
  const q = (field: string, title: string, log = false) => ({
    field,
    type: "quantitative" as const,
    title,
    scale: log ? { type: "log" as const } : { zero: false },
  });
  return topLevelSpec({
    title: { text: o.title, subtitle: [...o.lawLines], anchor: "start" },
    hconcat: [
      lines(sInf, q("x", "1 − 2λ", true), q("y", "σ‖S_∞‖ (mean over inseparable draws)", true), "divergence of ‖S_∞‖"),
      lines(acc, q("x", "λ"), q("y", "final population accuracy"), "final accuracy (raw)"),
      lines(col, q("x", "u = (1 − 2λ)·N^(1/ν)"), q("y", "final population accuracy"), "collapsed", [o.nuText]),
    ],
  });
}
