/** The training tab's page: the side panel (buttons, status, data drop, presets, controls, limits) and the main view. */

import { PRESETS } from "../../../src/web/presets.js";
import { BROWSER_LIMITS } from "../../../src/web/state.js";
import { h } from "../dom.js";
import { explainer, lineKey } from "../explainer.js";

/** What the buttons do. */
export interface RunActions {
  play(): void;
  pause(): void;
  step(): void;
  restart(): void;
  newDraw(): void;
}

/** The tab's elements that are drawn into after it is built. */
export interface TrainLayout {
  element: HTMLElement;
  status: HTMLElement;
  theoryBox: HTMLElement;
  inspector: HTMLElement;
  /** the checkpoint slider */
  slider: HTMLInputElement;
  /** the five plot cells: loss, accuracy, σ‖S‖ and b, the plane, the histogram */
  cells: HTMLElement[];
}

/** Build the tab around its `controls` and `drop` (the data drop) elements. */
export function trainLayout(actions: RunActions, controls: HTMLElement, drop: HTMLElement): TrainLayout {
  const status = h("p", { class: "status", id: "run-status", "aria-live": "polite" });
  const theoryBox = h("div", { class: "theory", id: "theory" });
  const inspector = h("div", { class: "inspector", id: "inspector" });
  const slider = h("input", {
    type: "range",
    id: "inspect",
    min: "0",
    max: "0",
    value: "0",
    "aria-label": "inspect checkpoint",
  });
  const side = h("aside", { class: "side" }, buttons(actions), status, drop, presets(), controls, limits());
  const grid = h("div", { class: "charts" });
  const cells = Array.from({ length: 5 }, (_, k) => h("div", { class: "chart", id: `chart-${k}` }));
  grid.append(...cells);
  const main = h(
    "section",
    { class: "main" },
    explainer(),
    theoryBox,
    grid,
    lineKey(),
    h("div", { class: "inspect-row" }, h("label", { for: "inspect" }, "Inspect checkpoint"), slider),
    inspector,
  );
  const element = h("div", { class: "tab-train" }, side, main);
  return { element, status, theoryBox, inspector, slider, cells };
}

function buttons(a: RunActions): HTMLElement {
  const btn = (id: string, label: string, onclick: () => void, title: string) =>
    h("button", { id, type: "button", onclick, title }, label);
  return h(
    "div",
    { class: "buttons" },
    btn("play", "▶ Play", () => a.play(), "run to the set epoch (space)"),
    btn("pause", "❚❚ Pause", () => a.pause(), "pause"),
    btn("step", "Step", () => a.step(), "advance to the next checkpoint"),
    btn("reset", "Reset", () => a.restart(), "same draw, same initialisation, epoch 0"),
    btn("newdraw", "New draw", () => a.newDraw(), "next seed: new data and S₀"),
  );
}

function presets(): HTMLElement {
  return h(
    "fieldset",
    { class: "presets", id: "presets" },
    h("legend", {}, "Presets (each a link)"),
    h(
      "ul",
      {},
      ...PRESETS.map((p) =>
        h("li", {}, h("a", { href: `?${p.query}`, id: `preset-${p.id}`, title: p.shows }, p.label)),
      ),
    ),
  );
}

function limits(): HTMLElement {
  return h(
    "p",
    { class: "limits" },
    `Browser limits: N ≤ ${BROWSER_LIMITS.n}, N·d ≤ ${BROWSER_LIMITS.elements.toExponential(0)}, epochs ≤ ${BROWSER_LIMITS.epochs.toExponential(0)}; the draw's theory is solved for N·d ≤ 4e5. The CLI has no such limits.`,
  );
}
