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

/** Decade ticks for a log axis, or ~5 round ticks for a linear one. */
function ticks(lo: number, hi: number, log: boolean): number[] {
  if (log) {
    const out: number[] = [];
    for (let k = Math.ceil(Math.log10(lo)); k <= Math.floor(Math.log10(hi)); k++) out.push(10 ** k);
    return out;
  }
  const step = 10 ** Math.floor(Math.log10((hi - lo) / 4 || 1));
  const m = (hi - lo) / step > 20 ? 5 : (hi - lo) / step > 8 ? 2 : 1;
  const out: number[] = [];
  for (let v = Math.ceil(lo / (step * m)) * step * m; v <= hi + 1e-12; v += step * m)
    out.push(Number(v.toPrecision(12)));
  return out;
}

/** A self-contained SVG line chart (log or linear x, linear y) with axes, ticks, labels and a legend. */
export function seriesToSvg(title: string, xLabel: string, yLabel: string, series: SvgSeries[], logX: boolean): string {
  const W = 640;
  const H = 400;
  const m = { l: 64, r: 16, t: 32, b: 48 };
  const pts = series.flatMap((s) =>
    s.points.filter((p): p is [number, number] => p[1] !== null && (!logX || p[0] > 0)),
  );
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const x0 = xs.length ? Math.min(...xs) : 1;
  const x1 = xs.length ? Math.max(...xs) : 10;
  let y0 = ys.length ? Math.min(...ys) : 0;
  let y1 = ys.length ? Math.max(...ys) : 1;
  if (y0 === y1) [y0, y1] = [y0 - 1, y1 + 1];
  const fx = (x: number) =>
    m.l +
    ((logX ? Math.log10(x) - Math.log10(x0) : x - x0) / ((logX ? Math.log10(x1 / x0) : x1 - x0) || 1)) *
      (W - m.l - m.r);
  const fy = (y: number) => H - m.b - ((y - y0) / (y1 - y0)) * (H - m.t - m.b);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" font-size="14">${esc(title)}</text>`,
    `<rect x="${m.l}" y="${m.t}" width="${W - m.l - m.r}" height="${H - m.t - m.b}" fill="none" stroke="#888"/>`,
  ];
  for (const v of ticks(x0, x1, logX)) {
    const label = logX ? `1e${Math.round(Math.log10(v))}` : String(v);
    out.push(`<text x="${fx(v).toFixed(1)}" y="${H - m.b + 16}" text-anchor="middle">${label}</text>`);
  }
  for (const v of ticks(y0, y1, false)) {
    out.push(`<text x="${m.l - 6}" y="${(fy(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  }
  out.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${H / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`);
  series.forEach((s, k) => {
    const segs: string[][] = [[]];
    for (const [x, y] of s.points) {
      if (y === null || (logX && x <= 0)) {
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
