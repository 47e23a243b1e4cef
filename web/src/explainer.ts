/** The training tab's "what am I looking at" panel and the key to every line style of its charts. */

import { ROLE_COLOURS } from "../../src/core/palette.js";
import { h } from "./dom.js";

const PAPER = "https://arxiv.org/abs/2410.04489";

/** A short explanation of the model, the λ = ½ edge, the dashed curves and separability, linked to the paper. */
export function explainer(): HTMLElement {
  return h(
    "details",
    // open where there is room; on a phone the charts come first and the panel opens on a tap
    { class: "explain", id: "explain", open: matchMedia("(min-width: 761px)").matches },
    h("summary", {}, "What you are looking at"),
    h(
      "p",
      {},
      h("b", {}, "The model. "),
      "Logistic regression f(x) = S·x + b on N points xᵢ drawn from N(0, σ²I) in d dimensions, every label −1, " +
        "trained by full-batch gradient descent. A fresh point is classified correctly when S·x + b < 0, so the " +
        "population accuracy is exact: A_gen = ½ erfc(b / (√2 σ‖S‖)). It needs b far below σ‖S‖ — the bias has " +
        "to do the work, not S.",
    ),
    h(
      "p",
      {},
      h("b", {}, "Why λ = d/N = ½. "),
      "N random points in d dimensions can be put on one side of a hyperplane through the origin with probability " +
        "→ 1 when λ > ½ and → 0 when λ < ½ (Wendel). If they can (the draw is separable), S grows along the " +
        "max-margin direction and the population accuracy stops below 1: memorisation. If they cannot (inseparable), " +
        "S settles at a finite S_∞ and b falls like −log t, so the population accuracy reaches 1 — but only after b " +
        "has moved, long after the training set is fitted: grokking. Just below ½, ‖S_∞‖ is large and the delay long.",
    ),
    h(
      "p",
      {},
      h("b", {}, "The dashed curves "),
      "are the theory's long-time asymptotes, starting from the run's state: for a separable draw b and ‖S‖ grow " +
        "like log t along the max-margin ray; for an inseparable one σ‖S‖ tends to σ‖S_∞‖ and b keeps falling.",
    ),
    h(
      "p",
      {},
      h("b", {}, "“This draw: separable / inseparable” "),
      "is decided for the very points being trained on: Newton's method on Σ exp(S·xᵢ) finds S_∞ (inseparable) or a " +
        "separating S, and the SVM gives the margin M of a separable draw.",
    ),
    h(
      "p",
      {},
      "Paper: A. Beck, N. Levi, Y. Bar-Sinai, ",
      h("a", { href: PAPER, rel: "noopener" }, "Grokking at the edge of linear separability"),
      " (ICML 2025).",
    ),
  );
}

/** An inline sample of a line style. */
function sample(color: string, dash: string, width = 2): SVGSVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("width", "26");
  svg.setAttribute("height", "10");
  svg.setAttribute("aria-hidden", "true");
  const line = document.createElementNS(ns, "line");
  for (const [k, v] of Object.entries({ x1: 1, y1: 5, x2: 25, y2: 5, stroke: color, "stroke-width": width })) {
    line.setAttribute(k, String(v));
  }
  if (dash) line.setAttribute("stroke-dasharray", dash);
  svg.append(line);
  return svg;
}

/** The key to the line styles of the training tab's charts (colours are in each chart's own legend). */
export function lineKey(): HTMLElement {
  const item = (s: SVGSVGElement, text: string) => h("li", {}, s, ` ${text}`);
  return h(
    "ul",
    { class: "line-key", id: "line-key", "aria-label": "line styles" },
    item(sample("#333", ""), "measured on this run"),
    item(sample("#333", "6 4"), "predicted by the theory (asymptote from the current state)"),
    h(
      "li",
      {},
      sample(ROLE_COLOURS.training, "4 3", 1),
      sample(ROLE_COLOURS.population, "4 3", 1),
      " vertical: first epoch the training set / the population crosses the threshold",
    ),
    item(sample("#888", "4 3", 1), "thresholds (accuracy, loss ε)"),
    item(sample("#b00", "6 4", 1.5), "plane: the max-margin ray b = −σ‖S‖/(σM) of a separable draw"),
    item(sample(ROLE_COLOURS.population, "", 5), "plane, histogram: the inspected checkpoint"),
  );
}
