/** Typed Vega-Lite position channels that several figures share. */

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
