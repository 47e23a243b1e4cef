/**
 * One colour and line-style convention for every figure and the explorer's plots (here in core, below plot and web,
 * so that the page shares it without the plot layer). Colours by role: training blue, population red, a finite
 * test set orange, theory and guides near-black; a side of the decision boundary: correct side blue, wrong side red.
 * Where colour already tells the series apart (one per λ, σ or column), the series take SERIES_COLOURS in order, which
 * leaves out the role colours, and the line style tells the role: training dashed, population solid, a theory
 * prediction long-dashed, a guide (asymptote, limit, iso-line) dotted.
 */

/** Colours by role (CSS hex). */
export const ROLE_COLOURS = {
  training: "#1f77b4",
  population: "#d62728",
  test: "#ff7f0e",
  /** a loss as the paper's float32 PyTorch / finite test set measured it (SPEC §6), beside the exact one */
  paperMeasured: "#7b4173",
  theory: "#222222",
  /** S·x_i < 0: correctly classified under the all −1 labels */
  correctSide: "#4c78a8",
  /** S·x_i > 0: the wrong side */
  wrongSide: "#d62728",
} as const;

/** Colours of series told apart by colour (per λ, per σ, per column), in order; no role colour among them. */
export const SERIES_COLOURS = [
  "#2ca02c",
  "#9467bd",
  "#17becf",
  "#8c564b",
  "#e377c2",
  "#bcbd22",
  "#393b79",
  "#7f7f7f",
] as const;

/** The two parameters of f(x) = S·x + b where the page plots them against time: b and σ‖S‖. */
export const PARAMETER_COLOURS = { b: SERIES_COLOURS[0], sigmaNormS: SERIES_COLOURS[1] } as const;

/** Level lines over a grey heat map: a mid blue reads on both its black and its light end; their labels darker. */
export const LEVEL_LINE_COLOURS = { line: "#4292c6", text: "#08306b" } as const;

/** The phase diagram's outcomes of a run (web/phase.ts Outcome). */
export const OUTCOME_COLOURS = {
  generalises: "#4c78a8",
  groks: "#f58518",
  memorises: "#e45756",
  unfitted: "#bab0ac",
} as const;

/** The report's verdict colours and the background of its code and quoted-paper panels. */
export const REPORT_COLOURS = {
  PASS: "#1a7f37",
  FAIL: "#cf222e",
  UNSURE: "#9a6700",
  panel: "#f6f8fa",
} as const;

/** The first n series colours (cycling past eight). */
export function seriesColours(n: number): string[] {
  return Array.from({ length: n }, (_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length]);
}

/** Neutral greys in the short forms the figures draw: ink for a theory series in a colour scale, a guide rule. */
export const GREYS = { ink: "#222", guide: "#999" } as const;

/** Stroke dash patterns (Vega strokeDash, px on / px off; [] is solid). */
export const DASHES: Readonly<Record<"solid" | "training" | "prediction" | "guide" | "threshold", number[]>> = {
  solid: [],
  /** the training curve where colour encodes the series */
  training: [5, 3],
  /** a theory prediction drawn over a measured curve */
  prediction: [6, 4],
  /** guides: asymptotes, limits, iso-accuracy lines */
  guide: [1, 3],
  /** a finer guide at a threshold of the x axis (the edge λ = ½) */
  threshold: [2, 2],
};

/** Neutral inks: black, greys and white, for guides, frames, labels and fills that carry no role. */
export const NEUTRAL_COLOURS = {
  black: "#000",
  /** subtitles */
  subtitle: "#444",
  darkGrey: "#555",
  grey: "#777",
  /** panel frames and axis guides */
  frame: "#888",
  lightGrey: "#999",
  /** shaded regions (a feasible set) */
  fill: "#bbb",
  white: "#fff",
} as const;
