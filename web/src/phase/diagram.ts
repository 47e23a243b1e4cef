/**
 * The phase diagram as SVG: the (λ, σ) grid of cells (each a focusable button), the λ = ½ line and Wendel's finite-N
 * P(separable) above it. The cells are coloured by the tab as results arrive.
 */

import { OUTCOME_COLOURS } from "../../../src/core/palette.js";
import { wendelProbability } from "../../../src/theory/wendel.js";
import { gridDimensions, gridSigmas, type Outcome } from "../../../src/web/phase.js";
import type { ViewConfig } from "../../../src/web/state.js";
import { fmt } from "../dom.js";

export const OUTCOME_COLOUR: Record<Outcome, string> = OUTCOME_COLOURS;

const SVG_NS = "http://www.w3.org/2000/svg";
function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** The drawing's geometry (px of a 640-wide view box). */
interface Geometry {
  v: ViewConfig;
  /** width, height; margins; a cell's width and height; cells per axis */
  W: number;
  H: number;
  m: { l: number; r: number; t: number; b: number };
  cw: number;
  ch: number;
  n: number;
  /** the Wendel strip's top and height */
  top: number;
  sh: number;
  /** x of a λ */
  lam: (x: number) => number;
}

function geometry(v: ViewConfig): Geometry {
  const n = v.phaseCells;
  const W = 640;
  const m = { l: 64, r: 16, t: 120, b: 48 };
  const cw = (W - m.l - m.r) / n;
  const ch = Math.min(cw, 40);
  const H = m.t + ch * n + m.b;
  const lam = (x: number) =>
    m.l + ((x - v.phaseLambdaMin) / (v.phaseLambdaMax - v.phaseLambdaMin)) * (W - m.l - m.r - cw) + cw / 2;
  return { v, W, H, m, cw, ch, n, top: 28, sh: 70, lam };
}

/** The diagram and its cells' rectangles (row-major in σ, then λ); `open` is called with a cell clicked or entered. */
export function drawDiagram(
  v: ViewConfig,
  open: (index: number) => void,
): { svg: SVGSVGElement; rects: SVGRectElement[] } {
  const g = geometry(v);
  const el = s("svg", {
    xmlns: SVG_NS,
    viewBox: `0 0 ${g.W} ${g.H}`,
    width: "100%",
    role: "group",
    "aria-label": "phase diagram",
    "font-family": "sans-serif",
    "font-size": 11,
  });
  el.append(s("rect", { width: g.W, height: g.H, fill: "white" }));
  el.append(
    s(
      "text",
      { x: g.W / 2, y: 14, "text-anchor": "middle", "font-size": 13, "font-weight": "bold" },
      `Outcome of GD after ${v.phaseEpochs} epochs, N = ${v.phaseN}`,
    ),
  );
  wendelStrip(el, g);
  const rects = cellGrid(el, g, open);
  axes(el, g);
  if (v.phaseLambdaMin < 0.5 && v.phaseLambdaMax > 0.5) halfLine(el, g);
  return { svg: el, rects };
}

/** Wendel strip: P(separable) against λ at this N. */
function wendelStrip(el: SVGSVGElement, { v, W, m, top, sh, lam }: Geometry): void {
  el.append(s("rect", { x: m.l, y: top, width: W - m.l - m.r, height: sh, fill: "none", stroke: "#aaa" }));
  const pts: string[] = [];
  const last = Math.ceil(v.phaseLambdaMax * v.phaseN);
  for (let d = Math.max(1, Math.floor(v.phaseLambdaMin * v.phaseN)); d <= last; d++) {
    const x = Math.min(Math.max(lam(d / v.phaseN), m.l), W - m.r);
    pts.push(`${x.toFixed(1)},${(top + sh - wendelProbability(v.phaseN, d).probability * sh).toFixed(1)}`);
  }
  el.append(s("polyline", { points: pts.join(" "), fill: "none", stroke: "#333", "stroke-width": 1.5 }));
  el.append(s("text", { x: m.l + 4, y: top + 12 }, `Wendel P(separable), N = ${v.phaseN}`));
  el.append(
    s("text", { x: m.l - 4, y: top + 8, "text-anchor": "end" }, "1"),
    s("text", { x: m.l - 4, y: top + sh, "text-anchor": "end" }, "0"),
  );
}

/** The cells, each row labelled with its σ. */
function cellGrid(el: SVGSVGElement, { v, m, cw, ch, n }: Geometry, open: (index: number) => void): SVGRectElement[] {
  const rects: SVGRectElement[] = [];
  const ds = gridDimensions(v);
  gridSigmas(v).forEach((sigma, j) => {
    const y = m.t + (n - 1 - j) * ch;
    el.append(s("text", { x: m.l - 4, y: y + ch / 2 + 4, "text-anchor": "end" }, fmt(sigma, 3)));
    ds.forEach((_d, i) => {
      const rect = s("rect", {
        x: m.l + i * cw + 1,
        y: y + 1,
        width: cw - 2,
        height: ch - 2,
        tabindex: 0,
        role: "button",
        class: "cell",
      });
      rect.append(s("title", {}));
      rects[j * n + i] = rect;
      rect.addEventListener("click", () => open(j * n + i));
      rect.addEventListener("keydown", (e) => {
        if ((e as KeyboardEvent).key === "Enter" || (e as KeyboardEvent).key === " ") {
          e.preventDefault();
          open(j * n + i);
        }
      });
      el.append(rect);
    });
  });
  return rects;
}

/** The λ labels under the columns and the axis titles. */
function axes(el: SVGSVGElement, { v, W, H, m, cw, ch, n }: Geometry): void {
  gridDimensions(v).forEach((d, i) => {
    const x = m.l + i * cw + cw / 2;
    el.append(s("text", { x, y: m.t + n * ch + 14, "text-anchor": "middle" }, fmt(d / v.phaseN, 3)));
  });
  el.append(s("text", { x: W / 2, y: H - 8, "text-anchor": "middle" }, "λ = d/N"));
  el.append(s("text", { transform: `translate(14 ${m.t + (n * ch) / 2}) rotate(-90)`, "text-anchor": "middle" }, "σ"));
}

/** The λ = ½ line through the strip and the grid. */
function halfLine(el: SVGSVGElement, { m, ch, n, top, sh, lam }: Geometry): void {
  const x = lam(0.5);
  el.append(
    s("line", {
      x1: x,
      x2: x,
      y1: top,
      y2: m.t + n * ch,
      stroke: "#000",
      "stroke-dasharray": "5 3",
      "stroke-width": 1.5,
      "pointer-events": "none",
    }),
  );
  el.append(s("text", { x: x + 3, y: top + sh + 14, "pointer-events": "none" }, "λ = ½"));
}
