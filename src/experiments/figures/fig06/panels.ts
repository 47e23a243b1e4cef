/** Fig. 6's two panels (SPEC §6): the positive fraction, and the inseparable fraction against Wendel's theorem. */

import { DASHES, GREYS, NEUTRAL_COLOURS, ROLE_COLOURS } from "../../../core/palette.js";
import { logAxis } from "../../../plot/decadeAxes.js";
import type { PanelView } from "../compose.js";
import type { SinfSweep } from "../fig01/sinfDraws.js";
import { PAPER_SHIFT, type PerDRecord, type WendelRecord } from "./records.js";

const WIDTH = 300;
const HEIGHT = 200;

/** The log x axis over 1 − 2λ, fitted to the sweep's d (no empty decades). */
function xAxis(s: SinfSweep) {
  const xs = s.ds.map((d) => 1 - (2 * d) / s.n).filter((x) => x > 0);
  return logAxis("one_minus_2lambda", "1 − 2λ", [Math.min(...xs) / 1.15, Math.max(...xs) * 1.15]);
}

export function positiveView(perD: readonly PerDRecord[], s: SinfSweep): PanelView {
  const X = xAxis(s);
  const values = perD.filter((r) => r.positive_fraction !== null);
  return {
    width: WIDTH,
    height: HEIGHT,
    title: { text: "fraction of S_∞·x_i/‖S_∞‖ > 0", subtitle: "mean over inseparable draws ± 1 SE" },
    data: { values },
    layer: [
      { mark: "rule", encoding: { x: X, y: { field: "pf_lo", type: "quantitative" }, y2: { field: "pf_hi" } } },
      {
        mark: { type: "line", point: true },
        encoding: {
          x: X,
          y: {
            field: "positive_fraction",
            type: "quantitative",
            title: "fraction of positive projections",
            scale: { zero: false },
          },
        },
      },
    ],
  };
}

/** The lower end of the inseparable-fraction axis: 0.05 below the lowest point, error bar or Wendel value. */
function fractionAxisLow(perD: readonly PerDRecord[]): number {
  // Number(null) is 0, as Math.min would read a null
  const lows = [
    ...perD.map((r) => Number(r.if_lo)),
    ...perD.map((r) => (r.lenient_lo === undefined ? 1 : Number(r.lenient_lo))),
  ];
  return Math.max(0, Math.min(...lows, ...perD.map((r) => Number(r.wendel_inseparable))) - 0.05);
}

export function wendelView(perD: readonly PerDRecord[], wendel: readonly WendelRecord[], s: SinfSweep): PanelView {
  const X = xAxis(s);
  const lenient = perD.some((r) => r.lenient_inseparable_fraction !== undefined);
  const y = {
    type: "quantitative",
    title: "fraction of inseparable draws",
    scale: { domain: [fractionAxisLow(perD), 1], nice: false },
  };
  const curve = (field: keyof WendelRecord, dash: readonly number[], color: string) => ({
    data: { values: wendel },
    mark: { type: "line", color, strokeDash: dash },
    encoding: { x: X, y: { ...y, field } },
  });
  const points = (field: keyof PerDRecord, loF: keyof PerDRecord, hiF: keyof PerDRecord, color: string) => ({
    data: { values: perD.filter((r) => r[field] !== undefined && r[field] !== null) },
    layer: [
      { mark: { type: "rule", color }, encoding: { x: X, y: { ...y, field: loF }, y2: { field: hiF } } },
      { mark: { type: "point", filled: true, color }, encoding: { x: X, y: { ...y, field } } },
    ],
  });
  return {
    width: WIDTH,
    height: HEIGHT,
    title: {
      text: "inseparable draws vs Wendel's theorem",
      subtitle: [
        `N = ${s.n}; points: exact (Newton/LP), ±1 binomial SE`,
        `dashed: 1 − P_Wendel(d); dotted: at d − ${PAPER_SHIFT} (the paper's)`,
        ...(lenient ? ["red: emulated lenient test (Adam, ‖S‖ threshold)"] : []),
      ],
    },
    layer: [
      curve("wendel_inseparable", DASHES.training, GREYS.ink),
      curve("wendel_shifted", [1, 2], NEUTRAL_COLOURS.frame),
      points("inseparable_fraction", "if_lo", "if_hi", ROLE_COLOURS.training),
      ...(lenient ? [points("lenient_inseparable_fraction", "lenient_lo", "lenient_hi", ROLE_COLOURS.population)] : []),
    ],
  };
}
