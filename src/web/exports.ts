/** The explorer's exports, as strings: the current curves as CSV and a chart as SVG. Pure. */

import { CHECKPOINT_COLUMNS, type Checkpoint } from "../train/metrics.js";

/** Rows as CSV with a header; numbers at full precision (String), null as empty. */
export function checkpointsToCsv(rows: readonly Checkpoint[]): string {
  const lines = [CHECKPOINT_COLUMNS.join(",")];
  for (const r of rows) lines.push(CHECKPOINT_COLUMNS.map((c) => (r[c] === null ? "" : String(r[c]))).join(","));
  return `${lines.join("\n")}\n`;
}

/** One line of an SVG chart: points (x, y) with nulls skipped, a colour and an optional dash. */
export interface SvgSeries {
  label: string;
  color: string;
  dash?: boolean;
  points: [number, number | null][];
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * How an axis maps its values: "linear"; "log": positive values on a log axis; "log10": the values are already log10
 * of the quantity (drawn linearly, labelled as powers of ten).
 */
export type AxisKind = "linear" | "log" | "log10";

/** ~5 round ticks in [lo, hi]. */
function linearTicks(lo: number, hi: number): number[] {
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 4 || 1));
  const m = (hi - lo) / step > 20 ? 5 : (hi - lo) / step > 8 ? 2 : 1;
  const out: number[] = [];
  for (let v = Math.ceil(lo / (step * m)) * step * m; v <= hi + 1e-12; v += step * m)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** Ticks of an axis in its drawn coordinate (log10 for "log" and "log10"), with their labels. */
function axisTicks(lo: number, hi: number, kind: AxisKind): { at: number; label: string }[] {
  if (kind === "linear") return linearTicks(lo, hi).map((v) => ({ at: v, label: String(v) }));
  const decades: number[] = [];
  const every = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / 8));
  for (let k = Math.ceil(lo); k <= Math.floor(hi); k += every) decades.push(k);
  if (decades.length >= 2) return decades.map((k) => ({ at: k, label: k === 0 ? "1" : `1e${k}` }));
  // less than a decade in view: round values of the quantity itself
  return linearTicks(10 ** lo, 10 ** hi)
    .filter((v) => v > 0)
    .map((v) => ({ at: Math.log10(v), label: String(v) }));
}

/** An axis title that says when the axis is logarithmic. */
export const axisTitle = (label: string, kind: AxisKind) => (kind === "linear" ? label : `${label} (log scale)`);

/**
 * A self-contained SVG line chart with title, axes, ticks, axis labels (saying "log scale" where it is) and a legend
 * naming every series with its colour and line style. Values of a "log" axis that are ≤ 0 are skipped.
 */
export function seriesToSvg(
  title: string,
  xLabel: string,
  yLabel: string,
  series: SvgSeries[],
  axes: { x: AxisKind; y: AxisKind },
): string {
  const W = 640;
  const H = 400;
  const m = { l: 64, r: 16, t: 32, b: 48 };
  const to = (v: number, kind: AxisKind) => (kind === "log" ? (v > 0 ? Math.log10(v) : Number.NaN) : v);
  const drawn = series.map((s) =>
    s.points.map(([x, y]) => [to(x, axes.x), y === null ? Number.NaN : to(y, axes.y)] as [number, number]),
  );
  const pts = drawn.flat().filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  let x0 = xs.length ? Math.min(...xs) : 0;
  let x1 = xs.length ? Math.max(...xs) : 1;
  let y0 = ys.length ? Math.min(...ys) : 0;
  let y1 = ys.length ? Math.max(...ys) : 1;
  if (x0 === x1) [x0, x1] = [x0 - 1, x1 + 1];
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const fx = (x: number) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const fy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#888"/>`,
  ];
  for (const t of axisTicks(x0, x1, axes.x)) {
    out.push(`<text x="${fx(t.at).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${t.label}</text>`);
  }
  for (const t of axisTicks(y0, y1, axes.y)) {
    out.push(`<text x="${m.l - 6}" y="${(fy(t.at) + 4).toFixed(1)}" text-anchor="end">${t.label}</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle">${esc(axisTitle(xLabel, axes.x))}</text>`);
  out.push(
    `<text transform="translate(14 ${H / 2}) rotate(-90)" text-anchor="middle">${esc(axisTitle(yLabel, axes.y))}</text>`,
  );
  series.forEach((s, k) => {
    const segs: string[][] = [[]];
    for (const [x, y] of drawn[k]) {
      if (!(Number.isFinite(x) && Number.isFinite(y))) {
        if (segs[segs.length - 1].length) segs.push([]);
        continue;
      }
      segs[segs.length - 1].push(`${fx(x).toFixed(2)},${fy(y).toFixed(2)}`);
    }
    const dash = s.dash ? ' stroke-dasharray="6 4"' : "";
    for (const seg of segs.filter((g) => g.length > 1)) {
      out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="1.5"${dash} points="${seg.join(" ")}"/>`);
    }
    const ly = m.t + 14 + 16 * k;
    out.push(
      `<line x1="${W - m.r - 150}" y1="${ly - 4}" x2="${W - m.r - 130}" y2="${ly - 4}" stroke="${s.color}"${dash}/>`,
    );
    out.push(`<text x="${W - m.r - 124}" y="${ly}">${esc(s.label)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
