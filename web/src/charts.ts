/**
 * Live line charts on uPlot: numeric x (log epochs, or log10 t as a linear axis), several series (solid or dashed),
 * vertical and horizontal markers drawn by a hook, a shared cursor so that hovering one chart shows that time on all.
 */

import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { type AxisKind, axisTitle, type SvgSeries } from "../../src/web/exports.js";

/** A series of a chart: label, colour, optional dash. */
export interface SeriesSpec {
  label: string;
  color: string;
  dash?: boolean;
}

/** A vertical (x) or horizontal (y) marker line with a label. */
export interface Marker {
  axis: "x" | "y";
  value: number;
  color: string;
  label: string;
}

export interface LineChart {
  plot: uPlot;
  specs: SeriesSpec[];
  title: string;
  xLabel: string;
  yLabel: string;
  logX: boolean;
  /** how each axis maps its values (for the exports) */
  axes: { x: AxisKind; y: AxisKind };
  markers: Marker[];
  data: uPlot.AlignedData;
  set(data: uPlot.AlignedData, markers?: Marker[]): void;
  resize(width: number): void;
}

/** Tick labels 1e-3 … for log10-valued axes. */
export const powerTicks = (_u: uPlot, splits: number[]) =>
  splits.map((v) => (Number.isInteger(v) ? (v === 0 ? "1" : `1e${v}`) : ""));

/** Tick labels for a log-distributed axis: decades only. */
const decadeTicks = (_u: uPlot, splits: number[]) =>
  splits.map((v) => {
    const k = Math.log10(v);
    return Math.abs(k - Math.round(k)) < 1e-9 ? (v >= 1 && v < 1e4 ? String(v) : `1e${Math.round(k)}`) : "";
  });

/** Decades only on log axes (uPlot's default also draws 2…9 × 10^k, a dense grid). */
const decadeSplits = (_u: uPlot, _axis: number, min: number, max: number) => {
  const out: number[] = [];
  const lo = Math.ceil(Math.log10(min) - 1e-9);
  const hi = Math.floor(Math.log10(max) + 1e-9);
  const every = Math.max(1, Math.ceil((hi - lo + 1) / 8));
  for (let k = lo; k <= hi; k += every) out.push(10 ** k);
  return out;
};

function drawMarkers(u: uPlot, markers: Marker[]): void {
  const { ctx } = u;
  const { left, top, width, height } = u.bbox;
  ctx.save();
  ctx.lineWidth = devicePixelRatio;
  ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
  ctx.font = `${11 * devicePixelRatio}px sans-serif`;
  let nx = 0;
  let ny = 0;
  for (const m of markers) {
    if (!Number.isFinite(m.value)) continue;
    const p = u.valToPos(m.value, m.axis === "x" ? "x" : "y", true);
    if (!(p >= (m.axis === "x" ? left : top) - 1 && p <= (m.axis === "x" ? left + width : top + height) + 1)) continue;
    ctx.strokeStyle = m.color;
    ctx.fillStyle = m.color;
    ctx.beginPath();
    if (m.axis === "x") {
      ctx.moveTo(p, top);
      ctx.lineTo(p, top + height);
      ctx.stroke();
      ctx.fillText(m.label, p + 3 * devicePixelRatio, top + 12 * (1 + (nx++ % 3)) * devicePixelRatio);
    } else {
      ctx.moveTo(left, p);
      ctx.lineTo(left + width, p);
      ctx.stroke();
      // alternate right and left ends so that close lines keep readable labels
      const right = ny++ % 2 === 0;
      ctx.textAlign = right ? "right" : "left";
      ctx.fillText(
        m.label,
        right ? left + width - 4 * devicePixelRatio : left + 40 * devicePixelRatio,
        p - 3 * devicePixelRatio,
      );
      ctx.textAlign = "left";
    }
  }
  ctx.restore();
}

/** Options of lineChart. */
export interface ChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  series: SeriesSpec[];
  /** x on a log axis (epochs); false: linear (e.g. log10 t already) */
  logX: boolean;
  /** y values are log10 of the quantity: label ticks as powers of ten */
  log10Y?: boolean;
  yRange?: [number, number];
  width: number;
  height?: number;
  syncKey?: string;
  onCursor?: (idx: number | null) => void;
}

/** Width of a chart in its cell (px). */
export const cellWidth = (cell: HTMLElement) => Math.max(200, Math.floor(cell.clientWidth || 400) - 4);

/** Create a chart in `parent`. */
export function lineChart(parent: HTMLElement, o: ChartOptions): LineChart {
  const chart = {} as LineChart;
  const opts: uPlot.Options = {
    title: o.title,
    width: o.width,
    height: o.height ?? 240,
    scales: {
      x: { time: false, distr: o.logX ? 3 : 1 },
      y: o.yRange ? { range: o.yRange } : {},
    },
    series: [
      { label: o.xLabel, value: (_u, v) => (v === null ? "—" : String(Number(v.toPrecision(4)))) },
      ...o.series.map((s) => ({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        dash: s.dash ? [6, 4] : undefined,
        spanGaps: false,
        points: { show: false },
        // a log10-valued series shows the quantity itself, as the inspector and the tick labels do
        value: (_u: uPlot, v: number | null) =>
          v === null ? "—" : Number((o.log10Y ? 10 ** v : v).toPrecision(5)).toString(),
      })),
    ],
    axes: [
      {
        label: axisTitle(o.xLabel, o.logX ? "log" : "linear"),
        values: o.logX ? decadeTicks : undefined,
        splits: o.logX ? decadeSplits : undefined,
        size: 40,
      },
      {
        label: axisTitle(o.yLabel, o.log10Y ? "log10" : "linear"),
        values: o.log10Y ? powerTicks : undefined,
        size: 56,
      },
    ],
    cursor: {
      sync: o.syncKey ? { key: o.syncKey } : undefined,
      drag: { x: false, y: false },
    },
    legend: { live: true },
    hooks: {
      draw: [(u) => drawMarkers(u, chart.markers)],
      setCursor: [(u) => o.onCursor?.(u.cursor.idx ?? null)],
    },
  };
  const empty: uPlot.AlignedData = [[], ...o.series.map(() => [])];
  Object.assign(chart, {
    plot: new uPlot(opts, empty, parent),
    specs: o.series,
    title: o.title,
    xLabel: o.xLabel,
    yLabel: o.yLabel,
    logX: o.logX,
    axes: { x: o.logX ? "log" : "linear", y: o.log10Y ? "log10" : "linear" },
    markers: [],
    data: empty,
    set(data: uPlot.AlignedData, markers: Marker[] = []) {
      chart.markers = markers;
      chart.data = data;
      chart.plot.setData(data);
    },
    resize(width: number) {
      chart.plot.setSize({ width, height: o.height ?? 240 });
    },
  });
  return chart;
}

/** A chart's series for the SVG export. */
export function chartSvgSeries(c: LineChart): SvgSeries[] {
  const xs = c.data[0] as number[];
  return c.specs.map((s, k) => ({
    label: s.label,
    color: s.color,
    dash: s.dash,
    points: xs.map((x, i) => [x, (c.data[k + 1] as (number | null)[])[i] ?? null] as [number, number | null]),
  }));
}

/** Merge several (x, y) curves onto one sorted x grid (uPlot's aligned data), null where a curve has no point. */
export function align(curves: { x: number[]; y: (number | null)[] }[]): uPlot.AlignedData {
  const xs = [...new Set(curves.flatMap((c) => c.x))].sort((a, b) => a - b);
  const index = new Map(xs.map((x, i) => [x, i]));
  const ys = curves.map((c) => {
    const out: (number | null)[] = new Array(xs.length).fill(null);
    c.x.forEach((x, i) => {
      out[index.get(x)!] = c.y[i];
    });
    return out;
  });
  return [xs, ...ys] as uPlot.AlignedData;
}

/**
 * The chart as one image: its title above the plot (uPlot draws the title and the legend in the DOM, not on its
 * canvas) and a legend of every series with its colour and line style below, at the canvas's pixel ratio.
 */
export function chartImage(c: LineChart): HTMLCanvasElement {
  const src = c.plot.ctx.canvas;
  const r = src.width / Math.max(1, c.plot.width);
  const titleH = Math.round(24 * r);
  const rowH = Math.round(20 * r);
  const out = document.createElement("canvas");
  const g = out.getContext("2d")!;
  const font = `${12 * r}px sans-serif`;
  g.font = font;
  const widths = c.specs.map((s) => (34 + 14) * r + g.measureText(s.label).width);
  const places: [number, number][] = [];
  let x = 8 * r;
  let row = 0;
  for (const w of widths) {
    if (x + w > src.width && x > 8 * r) {
      row++;
      x = 8 * r;
    }
    places.push([x, row]);
    x += w;
  }
  out.width = src.width;
  out.height = titleH + src.height + (row + 1) * rowH + Math.round(4 * r);
  g.fillStyle = "#fff";
  g.fillRect(0, 0, out.width, out.height);
  g.fillStyle = "#222";
  g.font = `bold ${14 * r}px sans-serif`;
  g.textAlign = "center";
  g.fillText(c.title, out.width / 2, 17 * r);
  g.drawImage(src, 0, titleH);
  g.font = font;
  g.textAlign = "left";
  c.specs.forEach((s, k) => {
    const [lx, lr] = places[k];
    const y = titleH + src.height + lr * rowH + 12 * r;
    g.strokeStyle = s.color;
    g.lineWidth = 2 * r;
    g.setLineDash(s.dash ? [6 * r, 4 * r] : []);
    g.beginPath();
    g.moveTo(lx, y - 4 * r);
    g.lineTo(lx + 28 * r, y - 4 * r);
    g.stroke();
    g.fillStyle = "#222";
    g.fillText(s.label, lx + 34 * r, y);
  });
  return out;
}
