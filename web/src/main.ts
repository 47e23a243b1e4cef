/**
 * The explorer's entry: one state object (src/web/state.ts) mirrored in the URL, three tabs, the toolbar (copy as
 * CLI command, copy link, CSV, PNG, SVG), and three Web Workers (training, theory/1-D model, phase diagram).
 */

import { checkpointsToCsv, seriesToSvg } from "../../src/web/exports.js";
import { parseQuery, stateToQuery, TABS, type Tab, toyCliCommand, type WebState } from "../../src/web/state.js";
import { chartImage, chartSvgSeries, type LineChart } from "./charts.js";
import { download, h } from "./dom.js";
import { PhaseTab } from "./phase/tab.js";
import { ToyTab } from "./toy/tab.js";
import { TrainTab } from "./train/tab.js";
import { workerLink } from "./workerLink.js";
import "./style.css";

const parsed = parseQuery(location.search);
let state: WebState = parsed.state;

const spawn = () => new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
// the theory worker serves two clients: the draw's theory (training tab) and the 1-D model
const workers = { train: workerLink(spawn()), theory: workerLink(spawn()), phase: workerLink(spawn()) };

const TAB_LABEL: Record<Tab, string> = { train: "Training", toy1d: "1-D model", phase: "Phase diagram" };

/** Replace the state: URL first, then whatever depends on the changed part. */
function update(next: WebState): void {
  const prev = state;
  state = next;
  history.replaceState(null, "", `?${stateToQuery(state)}`);
  train.refresh(state);
  toy.refresh(state);
  phase.refresh(state);
  if (JSON.stringify(prev.run) !== JSON.stringify(next.run)) train.restart(train.running);
  else if (prev.view.grok !== next.view.grok) train.rerender();
  if (JSON.stringify(prev.toy) !== JSON.stringify(next.toy) && next.view.tab === "toy1d") toy.compute();
  if (prev.view.tab !== next.view.tab) showTab(next.view.tab);
  renderCli();
}

const ctx = { state: () => state, update, dataChanged: () => renderCli() };
const train = new TrainTab(ctx, { train: workers.train, theory: workers.theory });
const toy = new ToyTab(ctx, workers.theory);
const phase = new PhaseTab(ctx, workers.phase);

// ─── layout ──────────────────────────────────────────────────────────────────────────────────────────────────────
const tabButtons = TABS.map((t) =>
  h("button", {
    type: "button",
    role: "tab",
    id: `tab-${t}`,
    "aria-controls": `panel-${t}`,
    onclick: () => update({ ...state, view: { ...state.view, tab: t } }),
    text: TAB_LABEL[t],
  }),
);
const panels: Record<Tab, HTMLElement> = {
  train: h("div", { role: "tabpanel", id: "panel-train", "aria-labelledby": "tab-train" }, train.element),
  toy1d: h("div", { role: "tabpanel", id: "panel-toy1d", "aria-labelledby": "tab-toy1d" }, toy.element),
  phase: h("div", { role: "tabpanel", id: "panel-phase", "aria-labelledby": "tab-phase" }, phase.element),
};
const cli = h("code", { id: "cli-command" });
const toast = h("span", { class: "toast", role: "status", "aria-live": "polite" });
const copy = async (text: string, what: string) => {
  try {
    await navigator.clipboard.writeText(text);
    toast.textContent = `${what} copied`;
  } catch {
    toast.textContent = `select and copy the ${what} below`;
  }
};
const toolbar = h(
  "div",
  { class: "toolbar" },
  h(
    "button",
    { type: "button", id: "copy-cli", onclick: () => copy(cli.textContent ?? "", "command") },
    "Copy as CLI command",
  ),
  h("button", { type: "button", id: "copy-link", onclick: () => copy(location.href, "link") }, "Copy link"),
  h("button", { type: "button", id: "export-csv", onclick: () => exportCsv() }, "CSV"),
  h("button", { type: "button", id: "export-png", onclick: () => exportPng() }, "PNG"),
  h("button", { type: "button", id: "export-svg", onclick: () => exportSvg() }, "SVG"),
  toast,
);
const header = h(
  "header",
  {},
  h("h1", {}, "grokedge explorer"),
  h(
    "p",
    { class: "sub" },
    "Logistic regression groks at the edge of linear separability (Beck, Levi, Bar-Sinai, ICML 2025)",
  ),
  h("nav", { role: "tablist", "aria-label": "views" }, ...tabButtons),
  toolbar,
  h("div", { class: "cli" }, cli),
);
const banner = h(
  "p",
  { class: "error banner", role: "alert", id: "url-error" },
  parsed.error ? `Not taken from the URL: ${parsed.error}.` : "",
);
document.getElementById("app")!.append(header, banner, ...Object.values(panels));

function showTab(t: Tab): void {
  for (const k of TABS) {
    panels[k].hidden = k !== t;
    const b = document.getElementById(`tab-${k}`)!;
    b.setAttribute("aria-selected", String(k === t));
    b.tabIndex = k === t ? 0 : -1;
  }
  if (t === "toy1d") toy.compute();
  if (t === "phase") phase.show();
  else phase.hide();
  requestAnimationFrame(() => (t === "train" ? train.resize() : t === "toy1d" ? toy.resize() : undefined));
  renderCli();
}

function renderCli(): void {
  cli.textContent = state.view.tab === "toy1d" ? toyCliCommand(state.toy) : train.cliCommand();
}

// arrow keys move between tabs (WAI-ARIA tabs pattern); space toggles play on the training tab
document.querySelector("nav")!.addEventListener("keydown", (e) => {
  const k = (e as KeyboardEvent).key;
  if (k !== "ArrowRight" && k !== "ArrowLeft") return;
  const i = TABS.indexOf(state.view.tab);
  const next = TABS[(i + (k === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
  update({ ...state, view: { ...state.view, tab: next } });
  document.getElementById(`tab-${next}`)!.focus();
});

// ─── exports ─────────────────────────────────────────────────────────────────────────────────────────────────────
function exportCsv(): void {
  if (state.view.tab === "toy1d") download("grokedge-toy1d.csv", toy.csv(), "text/csv");
  else if (state.view.tab === "phase") download("grokedge-phase.csv", phase.csv(), "text/csv");
  else download("grokedge-run.csv", checkpointsToCsv(train.rows()), "text/csv");
}

/** The tab's panels as images: each chart with its title and legend; the canvas plots draw their own. */
function tabCanvases(): HTMLCanvasElement[] {
  if (state.view.tab === "train") return [...train.charts.map(chartImage), ...train.canvases()];
  return state.view.tab === "toy1d" ? toy.charts.map(chartImage) : [];
}

function exportPng(): void {
  if (state.view.tab === "phase") {
    const img = new Image();
    img.onload = () => {
      const c = document.createElement("canvas");
      c.width = 1280;
      c.height = Math.round((1280 * img.height) / img.width);
      c.getContext("2d")!.drawImage(img, 0, 0, c.width, c.height);
      c.toBlob((blob) => blob && download("grokedge-phase.png", blob));
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(phase.svg())}`;
    return;
  }
  const cs = tabCanvases().filter((c) => c.width > 0);
  const cols = Math.min(2, cs.length);
  const w = Math.max(...cs.map((c) => c.width));
  const hgt = Math.max(...cs.map((c) => c.height));
  const out = document.createElement("canvas");
  out.width = w * cols;
  out.height = hgt * Math.ceil(cs.length / cols);
  const g = out.getContext("2d")!;
  g.fillStyle = "#fff";
  g.fillRect(0, 0, out.width, out.height);
  cs.forEach((c, i) => {
    g.drawImage(c, (i % cols) * w, Math.floor(i / cols) * hgt);
  });
  out.toBlob((blob) => blob && download(`grokedge-${state.view.tab}.png`, blob));
}

/**
 * The tab's charts as one SVG, each 640 × 400 and drawn as vectors; the training tab's two canvas plots (plane and
 * histogram, which draw their own titles, axes and keys) follow as embedded PNG images, so the file stands alone.
 */
function exportSvg(): void {
  const charts: LineChart[] = state.view.tab === "train" ? train.charts : state.view.tab === "toy1d" ? toy.charts : [];
  if (!charts.length) {
    download(`grokedge-${state.view.tab}.svg`, phase.svg(), "image/svg+xml");
    return;
  }
  const parts = charts.map((c, i) =>
    seriesToSvg(c.title, c.xLabel, c.yLabel, chartSvgSeries(c), c.axes).replace("<svg ", `<svg y="${i * 400}" `),
  );
  let height = 400 * parts.length;
  for (const canvas of state.view.tab === "train" ? train.canvases() : []) {
    if (canvas.width === 0) continue;
    const h = Math.round((640 * canvas.height) / canvas.width);
    parts.push(`<image x="0" y="${height}" width="640" height="${h}" href="${canvas.toDataURL("image/png")}"/>\n`);
    height += h;
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="${height}">\n${parts.join("")}</svg>\n`;
  download(`grokedge-${state.view.tab}.svg`, svg, "image/svg+xml");
}

// ─── start ───────────────────────────────────────────────────────────────────────────────────────────────────────
history.replaceState(null, "", `?${stateToQuery(state)}`);
showTab(state.view.tab);
train.mount();
toy.mount();
train.restart();
renderCli();
let resizeTimer = 0;
addEventListener("resize", () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    train.resize();
    toy.resize();
  }, 150);
});
document.addEventListener("keydown", (e) => {
  const target = e.target as HTMLElement;
  if (e.key !== " " || state.view.tab !== "train" || ["INPUT", "SELECT", "BUTTON", "TEXTAREA"].includes(target.tagName))
    return;
  e.preventDefault();
  if (train.running) train.pause();
  else train.play();
});

/** Read-only hooks for the browser tests and the curious: the plotted data and the rows behind them. */
Object.assign(window, {
  grokedge: {
    state: () => state,
    rows: () => train.rows(),
    plotted: (chart: number) => train.charts[chart]?.data,
    renderTimes: () => train.renderTimes(),
    toy: () => toy.view(),
    phase: () => phase.cellResults(),
  },
});
