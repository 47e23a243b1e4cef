/**
 * Two plots uPlot does not fit: the trajectory in the (σ‖S‖, b) plane over a map of the population accuracy
 * (Fig. 2 right), and the histogram of the projections S·x_i/‖S‖ (Fig. 2 left). Plain canvas, linear axes.
 */

import { ROLE_COLOURS } from "../../src/core/palette.js";
import { populationAccuracy } from "../../src/core/population.js";

const M = { l: 52, r: 12, t: 26, b: 38 };

/** A canvas sized for the device pixel ratio, with a linear frame mapping data to pixels. */
export class Frame {
  readonly canvas: HTMLCanvasElement;
  readonly ctx: CanvasRenderingContext2D;
  x0 = 0;
  x1 = 1;
  y0 = 0;
  y1 = 1;
  /** a copy of a background drawn once (see drawPlane), with the ranges and size it was drawn for */
  background: { key: string; canvas: HTMLCanvasElement } | null = null;

  constructor(
    parent: HTMLElement,
    public width: number,
    public height: number,
    label: string,
  ) {
    this.canvas = document.createElement("canvas");
    this.canvas.setAttribute("role", "img");
    this.canvas.setAttribute("aria-label", label);
    parent.append(this.canvas);
    this.ctx = this.canvas.getContext("2d")!;
    this.resize(width);
  }

  resize(width: number): void {
    this.width = width;
    const r = devicePixelRatio;
    this.canvas.width = Math.round(width * r);
    this.canvas.height = Math.round(this.height * r);
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.ctx.setTransform(r, 0, 0, r, 0, 0);
  }

  px(x: number): number {
    return M.l + ((x - this.x0) / (this.x1 - this.x0)) * (this.width - M.l - M.r);
  }

  py(y: number): number {
    return this.height - M.b - ((y - this.y0) / (this.y1 - this.y0)) * (this.height - M.t - M.b);
  }

  /** Clear, then draw the title, axes with ~5 ticks each, and the axis labels. */
  axes(title: string, xLabel: string, yLabel: string): void {
    const { ctx } = this;
    ctx.clearRect(0, 0, this.width, this.height);
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, this.width, this.height);
    ctx.fillStyle = "#222";
    ctx.font = "bold 13px sans-serif";
    ctx.textAlign = "center";
    ctx.fillText(title, this.width / 2, 16);
    ctx.font = "11px sans-serif";
    ctx.strokeStyle = "#999";
    ctx.strokeRect(M.l, M.t, this.width - M.l - M.r, this.height - M.t - M.b);
    for (const v of niceTicks(this.x0, this.x1)) ctx.fillText(String(v), this.px(v), this.height - M.b + 14);
    ctx.fillText(xLabel, (M.l + this.width - M.r) / 2, this.height - 6);
    ctx.textAlign = "right";
    for (const v of niceTicks(this.y0, this.y1)) ctx.fillText(String(v), M.l - 4, this.py(v) + 4);
    ctx.save();
    ctx.translate(12, (M.t + this.height - M.b) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = "center";
    ctx.fillText(yLabel, 0, 0);
    ctx.restore();
  }

  /** Restrict drawing to the plot area. */
  clip(): void {
    this.ctx.beginPath();
    this.ctx.rect(M.l, M.t, this.width - M.l - M.r, this.height - M.t - M.b);
    this.ctx.clip();
  }

  polyline(points: [number, number][], color: string, dash = false, width = 1.5): void {
    const { ctx } = this;
    ctx.save();
    this.clip();
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.setLineDash(dash ? [6, 4] : []);
    ctx.beginPath();
    points.forEach(([x, y], i) => {
      if (i === 0) ctx.moveTo(this.px(x), this.py(y));
      else ctx.lineTo(this.px(x), this.py(y));
    });
    ctx.stroke();
    ctx.restore();
  }

  dot(x: number, y: number, color: string, r = 4): void {
    this.ctx.fillStyle = color;
    this.ctx.beginPath();
    this.ctx.arc(this.px(x), this.py(y), r, 0, 2 * Math.PI);
    this.ctx.fill();
  }
}

/** About five round tick values in [lo, hi]. */
export function niceTicks(lo: number, hi: number): number[] {
  const span = hi - lo || 1;
  const raw = span / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw) ?? 10 * p;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

/** Colour of a population accuracy in [½, 1]: white at chance, deep blue at 1 (below ½: warm). */
function accuracyColour(a: number): [number, number, number] {
  const u = Math.max(0, Math.min(1, (a - 0.5) * 2));
  return [Math.round(255 - 205 * u), Math.round(255 - 150 * u), Math.round(255 - 40 * u)];
}

/** What the phase plane draws. */
export interface PlaneData {
  trajectory: [number, number][];
  asymptote: [number, number][];
  /** the inspected state */
  marker: [number, number] | null;
  /** separable draws: the limiting ray b = slope·σ‖S‖ */
  raySlope: number | null;
}

/** The smallest of 1, 2, 5 × 10^k at or above v > 0 (plot ranges that change only now and then). */
export function niceCeil(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  return ([1, 2, 5, 10].find((m) => m * p >= v * (1 - 1e-12)) ?? 10) * p;
}

/**
 * The plane's background: axes, the map of A_gen = ½ erfc(b/(√2 σ‖S‖)) (a function of b/(σ‖S‖) only) and its level
 * rays 0.6 … 0.99, drawn on the frame for its current ranges.
 */
function drawAccuracyMap(f: Frame): void {
  f.axes("(σ‖S‖, b) over the population accuracy", "σ‖S‖ (logit units)", "b (logit units)");
  const { ctx } = f;
  const w = f.width - M.l - M.r;
  const hgt = f.height - M.t - M.b;
  // one colour per 4 × 4 px block, written as pixels of a small image and scaled up (no per-block fill calls)
  const step = 4;
  const cols = Math.ceil(w / step);
  const rows = Math.ceil(hgt / step);
  const img = new ImageData(cols, rows);
  for (let j = 0; j < rows; j++) {
    const y = f.y1 - ((j + 0.5) / rows) * (f.y1 - f.y0);
    for (let i = 0; i < cols; i++) {
      const x = f.x0 + ((i + 0.5) / cols) * (f.x1 - f.x0);
      const [r, g, b] = accuracyColour(populationAccuracy(y, x));
      const k = 4 * (j * cols + i);
      img.data[k] = r;
      img.data[k + 1] = g;
      img.data[k + 2] = b;
      img.data[k + 3] = 255;
    }
  }
  const small = document.createElement("canvas");
  small.width = cols;
  small.height = rows;
  small.getContext("2d")!.putImageData(img, 0, 0);
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, M.l, M.t, w, hgt);
  ctx.restore();
  for (const a of [0.6, 0.7, 0.8, 0.9, 0.99]) {
    // A_gen = a on the ray b = q·σ‖S‖ with populationAccuracy(q, 1) = a, found by bisection
    let lo = -20;
    let hi = 0;
    for (let k = 0; k < 60; k++) {
      const mid = (lo + hi) / 2;
      if (populationAccuracy(mid, 1) > a) lo = mid;
      else hi = mid;
    }
    f.polyline(
      [
        [0, 0],
        [f.x1, lo * f.x1],
      ],
      "rgba(0,0,80,0.35)",
      false,
      1,
    );
    // label just inside the frame where the ray leaves it (right edge or bottom)
    const lx = Math.min(f.x1, f.y0 / lo) * 0.96;
    ctx.fillStyle = "rgba(0,0,80,0.75)";
    ctx.textAlign = "right";
    ctx.fillText(`${a}`, f.px(lx) - 2, Math.min(f.py(lo * lx) - 3, f.py(f.y0) - 4));
  }
}

/** The colour scale of the map, a strip on a white box at the bottom left of the plot area (A_gen from ½ to 1). */
function drawAccuracyLegend(f: Frame): void {
  const { ctx } = f;
  const x = M.l + 50;
  const y = f.height - M.b - 16;
  ctx.fillStyle = "rgba(255,255,255,0.9)";
  ctx.fillRect(x - 46, y - 4, 166, 16);
  for (let i = 0; i < 100; i++) {
    const [r, g, b] = accuracyColour(0.5 + i / 200);
    ctx.fillStyle = `rgb(${r},${g},${b})`;
    ctx.fillRect(x + i, y, 1, 8);
  }
  ctx.strokeStyle = "#666";
  ctx.lineWidth = 1;
  ctx.strokeRect(x, y, 100, 8);
  ctx.fillStyle = "#222";
  ctx.font = "10px sans-serif";
  ctx.textAlign = "left";
  ctx.fillText("A_gen ½", x - 40, y + 8);
  ctx.textAlign = "right";
  ctx.fillText("1", x + 108, y + 8);
}

/**
 * The (σ‖S‖, b) plane over the map of the population accuracy. The ranges grow in 1-2-5 steps, so the background
 * (axes, map, rays: the costly part) is drawn once per range and size and then copied from a cached canvas; each
 * call draws only the trajectory, the asymptote and the marker on it. Non-finite points are left out.
 */
export function drawPlane(f: Frame, d: PlaneData): void {
  const finite = (p: [number, number]) => Number.isFinite(p[0]) && Number.isFinite(p[1]);
  const trajectory = d.trajectory.filter(finite);
  const asymptote = d.asymptote.filter(finite);
  const pts = [...trajectory, ...asymptote];
  f.x0 = 0;
  f.x1 = niceCeil(Math.max(1, ...pts.map((p) => p[0])) * 1.1);
  f.y0 = -niceCeil(-Math.min(-1, ...pts.map((p) => p[1])) * 1.1);
  f.y1 = niceCeil(Math.max(0.5, ...pts.map((p) => p[1])) + 0.2);
  const key = `${f.canvas.width}x${f.canvas.height}:${f.x1}:${f.y0}:${f.y1}`;
  if (f.background?.key !== key) {
    drawAccuracyMap(f);
    drawAccuracyLegend(f);
    const copy = f.background?.canvas ?? document.createElement("canvas");
    copy.width = f.canvas.width;
    copy.height = f.canvas.height;
    copy.getContext("2d")!.drawImage(f.canvas, 0, 0);
    f.background = { key, canvas: copy };
  } else {
    f.ctx.save();
    f.ctx.setTransform(1, 0, 0, 1, 0, 0);
    f.ctx.drawImage(f.background.canvas, 0, 0);
    f.ctx.restore();
  }
  if (d.raySlope !== null)
    f.polyline(
      [
        [0, 0],
        [f.x1, d.raySlope * f.x1],
      ],
      "#b00",
      true,
      1.5,
    );
  if (trajectory.length) f.polyline(trajectory, "#111", false, 2);
  if (asymptote.length) f.polyline(asymptote, "#111", true, 1.5);
  if (d.marker && finite(d.marker)) f.dot(d.marker[0], d.marker[1], ROLE_COLOURS.population, 5);
}

/** Histogram of S·x_i/‖S‖ with the decision threshold −b/‖S‖ (points left of it are classified −1, correctly). */
export function drawHistogram(f: Frame, values: Float64Array, threshold: number | null, caption: string): void {
  const lo = values.length ? Math.min(...values) : -1;
  const hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo) * 0.05 || 1;
  const bins = Math.max(10, Math.min(60, Math.round(Math.sqrt(values.length) * 2)));
  const counts = new Array(bins).fill(0);
  const th = threshold !== null && Number.isFinite(threshold) ? threshold : null;
  const x0 = Math.min(lo - pad, th === null ? lo : th - pad);
  const x1 = Math.max(hi + pad, th === null ? hi : th + pad);
  for (const v of values) counts[Math.min(bins - 1, Math.floor(((v - x0) / (x1 - x0)) * bins))]++;
  f.x0 = x0;
  f.x1 = x1;
  f.y0 = 0;
  f.y1 = Math.max(1, ...counts) * 1.1;
  f.axes(`training projections S·xᵢ/‖S‖ ${caption}`, "S·xᵢ/‖S‖ (units of x, std σ)", "points");
  const { ctx } = f;
  ctx.fillStyle = ROLE_COLOURS.correctSide;
  counts.forEach((c, k) => {
    const a = f.px(x0 + ((x1 - x0) * k) / bins);
    const b = f.px(x0 + ((x1 - x0) * (k + 1)) / bins);
    ctx.fillRect(a, f.py(c), Math.max(1, b - a - 1), f.py(0) - f.py(c));
  });
  f.polyline(
    [
      [0, f.y0],
      [0, f.y1],
    ],
    "#666",
    true,
    1,
  );
  if (th !== null) {
    f.polyline(
      [
        [th, f.y0],
        [th, f.y1],
      ],
      ROLE_COLOURS.wrongSide,
      false,
      1.5,
    );
    ctx.fillStyle = ROLE_COLOURS.wrongSide;
    ctx.textAlign = "right";
    ctx.fillText("−b/‖S‖ (decision threshold)", f.px(th) - 3, f.py(f.y1) + 14);
  }
}
