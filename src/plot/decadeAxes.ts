/**
 * Position channels on fixed domains, and the axis style for quantities carried as log10 (the 1-D model's t reaches
 * 1e91, its losses 1e-90: SPEC §4 keeps them in log space, so they are drawn on linear axes of log10 values with decade
 * ticks labelled 10ⁿ).
 */

function superscript(k: number): string {
  return [...String(k)].map((ch) => (ch === "-" ? "⁻" : "⁰¹²³⁴⁵⁶⁷⁸⁹"[Number(ch)])).join("");
}

/**
 * Axis (or legend) properties for a field that holds log10 of a quantity: ticks at multiples of `step` in [lo, hi],
 * labelled 10ⁿ. The labels are precomputed and looked up by index, since Vega's formats cannot write superscripts.
 */
export function decadeTicks(lo: number, hi: number, step = 1): { values: number[]; labelExpr: string } {
  const values: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k <= Math.floor(hi / step + 1e-9); k++) values.push(k * step);
  const labels = JSON.stringify(values.map((v) => `10${superscript(v)}`));
  const first = values[0] ?? 0;
  return { values, labelExpr: `${labels}[round((datum.value - (${first})) / ${step})]` };
}

/** "10⁷", "3·10⁶": a value m·10^k (m an integer) as written on a decade axis. */
export function decadeLabel(value: number): string {
  const k = Math.floor(Math.log10(value) + 1e-9);
  const m = Math.round(value / 10 ** k);
  const power = `10${superscript(k)}`;
  return m === 1 ? power : `${m}·${power}`;
}

/** A fixed scale domain: no nice rounding, zero not forced in. */
export interface FixedScale {
  domain: readonly number[];
  nice: false;
  zero: false;
}

export function fixedScale(domain: readonly number[]): FixedScale {
  return { domain, nice: false, zero: false };
}

/** A quantitative position channel on `field` over a fixed domain, with optional axis properties. */
export interface FixedChannel {
  field: string;
  type: "quantitative";
  scale: FixedScale;
  axis?: Record<string, unknown>;
}

export function fixedChannel(field: string, domain: readonly number[], axis?: Record<string, unknown>): FixedChannel {
  return { field, type: "quantitative", scale: fixedScale(domain), ...(axis ? { axis } : {}) };
}

/** A position channel on a field of log10 values over [lo, hi], ticked every `step` decades and labelled 10ⁿ. */
export function decadeChannel(
  field: string,
  [lo, hi]: readonly [number, number],
  title: string | null,
  step = 1,
): FixedChannel {
  return fixedChannel(field, [lo, hi], { title, ...decadeTicks(lo, hi, step) });
}

/** A quantitative channel on a log scale over a fixed domain (no nice rounding: the data's own span). */
export interface LogAxisChannel {
  field: string;
  type: "quantitative";
  scale: { type: "log"; domain: [number, number]; nice: false };
  title: string;
}

/** A log-scale axis of `field` over `domain` (data units, both > 0), titled `title`. */
export function logAxis(field: string, title: string, domain: [number, number]): LogAxisChannel {
  return { field, type: "quantitative", scale: { type: "log", domain, nice: false }, title };
}
