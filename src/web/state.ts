/**
 * The explorer's whole state: one serialisable object that round-trips through the URL. The run part is a RunConfig
 * validated by the one schema (src/config/run.ts, URL keys = the CLI's flag names); the 1-D tab is a Toy1dConfig
 * (src/config/toy1d.ts, keys prefixed "toy."); the view and the phase diagram have their own small schema here.
 * Browser-safe: no DOM, no Node.
 */

import { defaultRunConfig, type RunConfig, resolveRunConfig, runFields } from "../config/run.js";
import { type Field, type FieldKind, type Namer, parseObject, toUserNames, UsageError } from "../config/schema.js";
import { defaultToy1dConfig, resolveToy1dConfig, type Toy1dConfig, toy1dFields } from "../config/toy1d.js";

/** The tabs of the page. */
export const TABS = ["train", "toy1d", "phase"] as const;
export type Tab = (typeof TABS)[number];

/** View settings and the phase-diagram grid (not part of any CLI command). */
export interface ViewConfig {
  tab: Tab;
  /** grokking-time definition drawn on the plots: accuracy threshold or loss threshold ε */
  grok: "acc" | "loss";
  /** phase diagram: N of every cell, epochs of every cell, λ and σ ranges, cells per axis */
  phaseN: number;
  phaseEpochs: number;
  phaseLambdaMin: number;
  phaseLambdaMax: number;
  phaseSigmaMin: number;
  phaseSigmaMax: number;
  phaseCells: number;
  /** phase diagram: independent draws (seeds seed, seed + 1, …) per cell */
  phaseDraws: number;
}

/** A view field: a schema field whose key is one of ViewConfig's. */
export interface ViewField extends Field {
  key: keyof ViewConfig;
}

/** A phase-diagram field: URL key "phase.<name>", help "phase diagram: <help>". */
const phaseField = (key: keyof ViewConfig, name: string, kind: FieldKind, help: string): ViewField => ({
  key,
  flag: `phase.${name}`,
  kind,
  help: `phase diagram: ${help}`,
});

export const viewFields: readonly ViewField[] = [
  { key: "tab", flag: "tab", kind: { type: "enum", values: TABS }, help: "open tab" },
  { key: "grok", flag: "grok", kind: { type: "enum", values: ["acc", "loss"] }, help: "grokking-time definition" },
  phaseField("phaseN", "N", { type: "int", min: 8, max: 400 }, "N per cell"),
  phaseField("phaseEpochs", "epochs", { type: "int", min: 10, max: 200_000 }, "epochs per cell"),
  phaseField("phaseLambdaMin", "lambda-min", { type: "number", exclusiveMin: 0, exclusiveMax: 1 }, "smallest λ"),
  phaseField("phaseLambdaMax", "lambda-max", { type: "number", exclusiveMin: 0, exclusiveMax: 1 }, "largest λ"),
  phaseField("phaseSigmaMin", "sigma-min", { type: "number", exclusiveMin: 0, max: 100 }, "smallest σ"),
  phaseField("phaseSigmaMax", "sigma-max", { type: "number", exclusiveMin: 0, max: 100 }, "largest σ"),
  phaseField("phaseCells", "cells", { type: "int", min: 2, max: 16 }, "cells per axis"),
  phaseField(
    "phaseDraws",
    "draws",
    { type: "int", min: 1, max: 8 },
    "draws per cell (seeds seed, seed + 1, …); a cell shows its most frequent outcome",
  ),
];

/** Everything the page shows is a function of this object. */
export interface WebState {
  run: RunConfig;
  toy: Toy1dConfig;
  view: ViewConfig;
}

/**
 * The page's run defaults: the CLI's (laptop Fig. 1 at λ = 0.48) with 1e5 epochs (about 10 s in a browser), no
 * held-out set (the population metrics are exact, SPEC §2), and seed 2: the first seed whose draw the theory finds
 * inseparable and predicted to generalise within the epochs (firstGrokkingSeed in presets.ts; seed 0 is separable).
 */
export const webRunDefaults: RunConfig = { ...defaultRunConfig, epochs: 100_000, testSize: 0, seed: 2 };

/** The 1-D tab's defaults: the CLI's (Fig. 9 left, 1 − 2λ = 1e-3, σ = 5, to t = 1e100). */
export const webToyDefaults: Toy1dConfig = { ...defaultToy1dConfig };

export const webViewDefaults: ViewConfig = {
  tab: "train",
  grok: "acc",
  phaseN: 100,
  phaseEpochs: 20_000,
  phaseLambdaMin: 0.3,
  phaseLambdaMax: 0.7,
  phaseSigmaMin: 0.5,
  phaseSigmaMax: 16,
  phaseCells: 9,
  phaseDraws: 1,
};

/** The limits that keep a browser tab responsive (stated in the UI and enforced on every state). */
export const BROWSER_LIMITS = {
  /** N·d of the training set (and test-size·d) */
  elements: 4_000_000,
  n: 20_000,
  epochs: 10_000_000,
  testSize: 20_000,
  /** a CSV file dropped on the page (read and parsed in the page) */
  csvBytes: 50e6,
} as const;

/** The default state. */
export function defaultState(): WebState {
  return { run: { ...webRunDefaults }, toy: { ...webToyDefaults }, view: { ...webViewDefaults } };
}

/** Run fields the page always writes (the ones it has controls for); others only when they differ from the defaults. */
const ALWAYS_RUN = ["N", "lambda", "sigma", "lr", "epochs", "loss", "optimizer", "s0", "b0", "seed"];
const TOY_PREFIX = "toy.";

/** A number as the shortest decimal that reads back to the same double (JavaScript's own String). */
export function formatNumber(v: number): string {
  return String(v);
}

/** The dimension as the user's names: `lambda` when d/N prints short and reads back to d exactly, else `d`. */
export function dimensionEntry(n: number, d: number): [string, string] {
  const lambda = d / n;
  const text = formatNumber(lambda);
  return text.length <= 10 && Math.round(Number(text) * n) === d && Math.abs(Number(text) * n - d) <= 1e-9 * d
    ? ["lambda", text]
    : ["d", formatNumber(d)];
}

/**
 * λ for a field showing (N, d): the shortest decimal that gives d back as round(λN) (the way the controls turn a typed
 * λ into d), so a state whose d/N prints long (192/401 = 0.47880299…) shows as 0.48.
 */
export function lambdaText(n: number, d: number): string {
  for (let p = 1; p < 17; p++) {
    const text = String(Number((d / n).toPrecision(p)));
    if (Math.max(1, Math.round(Number(text) * n)) === d) return text;
  }
  return String(d / n);
}

/** The run part as ordered (flag, value) pairs: always the controlled fields, others when not at the page default. */
export function runEntries(run: RunConfig, base: RunConfig = webRunDefaults): [string, string][] {
  const out: [string, string][] = [];
  const values = toUserNames(runFields, run);
  const defaults = toUserNames(runFields, base);
  for (const f of runFields) {
    if (f.key === "lambda" || f.key === "d") continue;
    if (f.key === "n") {
      out.push(["N", formatNumber(run.n)], dimensionEntry(run.n, run.d));
      continue;
    }
    if (ALWAYS_RUN.includes(f.flag) || values[f.flag] !== defaults[f.flag]) {
      out.push([f.flag, String(values[f.flag])]);
    }
  }
  return out;
}

/** Serialise a state to a URL query string (no leading "?"). Every setting is written; the order is the schema's. */
export function stateToQuery(s: WebState): string {
  const p = new URLSearchParams();
  for (const [k, v] of runEntries(s.run)) p.set(k, v);
  const toy = toUserNames(toy1dFields, s.toy);
  for (const f of toy1dFields) p.set(TOY_PREFIX + f.flag, String(toy[f.flag]));
  for (const f of viewFields) p.set(f.flag, String(s.view[f.key]));
  return p.toString();
}

/** Reject states a browser tab cannot hold comfortably (UsageError, naming the limit). */
export function checkBrowserLimits(run: RunConfig): void {
  const L = BROWSER_LIMITS;
  const fail = (what: string) => {
    throw new UsageError(`${what} (a browser limit; the CLI has none)`);
  };
  if (run.n > L.n) fail(`N must be at most ${L.n} here (got ${run.n})`);
  if (run.n * run.d > L.elements) fail(`N×d must be at most ${L.elements} here (got ${run.n}×${run.d})`);
  if (run.epochs > L.epochs) fail(`epochs must be at most ${L.epochs} here (got ${run.epochs})`);
  if (run.testSize > L.testSize) fail(`test-size must be at most ${L.testSize} here (got ${run.testSize})`);
  if (run.optimizer === "conformal") fail("the conformal optimizer is CLI-only");
}

/** The result of reading a URL: the state (its valid keys applied) and every problem found ("; "-separated). */
export interface ParsedState {
  state: WebState;
  error: string | null;
}

/**
 * Parse a query string ("?a=1&b=2" or "a=1&b=2") into a state, through the schemas. Missing keys take the defaults.
 * When the URL has problems, each key is checked on its own: every invalid or unknown key is named in the error and
 * left out, and the valid ones still apply (all of them together must then pass, else the defaults are used).
 */
export function parseQuery(query: string): ParsedState {
  const entries = [...new URLSearchParams(query.startsWith("?") ? query.slice(1) : query)];
  const whole = parseEntries(entries);
  if (whole.error === null) return whole;
  const problems: string[] = [];
  const kept = entries.filter((e) => {
    const alone = parseEntries([e]).error;
    if (alone !== null) problems.push(alone);
    return alone === null;
  });
  const rest = parseEntries(kept);
  if (rest.error !== null) {
    return { state: defaultState(), error: `${[...problems, rest.error].join("; ")} (the defaults are used)` };
  }
  return { state: rest.state, error: `${problems.join("; ")} (its other settings apply)` };
}

/** parseQuery's work on (key, value) pairs: the state, or the defaults and the first problem. */
function parseEntries(params: [string, string][]): ParsedState {
  const run: Record<string, unknown> = {};
  const toy: Record<string, unknown> = {};
  const view: Record<string, unknown> = {};
  const viewFlags = new Set(viewFields.map((f) => f.flag));
  for (const [k, v] of params) {
    if (k.startsWith(TOY_PREFIX)) toy[k.slice(TOY_PREFIX.length)] = v;
    else if (viewFlags.has(k)) view[k] = v;
    else run[k] = v;
  }
  try {
    const urlNamer = (f: Field) => `"${f.flag}" in the URL`;
    const runConfig = resolveRunConfig([{ values: run, namer: urlNamer, where: "the URL" }], webRunDefaults);
    checkBrowserLimits(runConfig);
    const toyNamer = (f: Field) => `"${TOY_PREFIX}${f.flag}" in the URL`;
    const toyConfig = resolveToy1dConfig([{ values: toy, namer: toyNamer, where: "the URL (toy.*)" }]);
    const viewConfig = parseView(webViewDefaults, view, urlNamer, "the URL");
    checkPhaseRanges(viewConfig);
    return { state: { run: runConfig, toy: toyConfig, view: viewConfig }, error: null };
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    return { state: defaultState(), error: err.message };
  }
}

/** View settings given by their URL keys (`raw`), validated through viewFields, over `base`; throws UsageError. */
export function parseView(base: ViewConfig, raw: Record<string, unknown>, namer: Namer, where: string): ViewConfig {
  // parseObject gives each key present its field's type (the enum's string, the int's or number's number)
  return { ...base, ...parseObject(viewFields, raw, namer, where) } as ViewConfig;
}

function checkPhaseRanges(v: ViewConfig): void {
  if (!(v.phaseLambdaMin < v.phaseLambdaMax)) throw new UsageError("phase.lambda-min must be below phase.lambda-max");
  if (!(v.phaseSigmaMin < v.phaseSigmaMax)) throw new UsageError("phase.sigma-min must be below phase.sigma-max");
}

/** The same state with run fields replaced (validated through the schema, with the browser limits). */
export function withRun(s: WebState, values: Record<string, unknown>): WebState {
  const layer = { values, namer: (f: Field) => f.flag, where: "the controls" };
  const base = { ...s.run };
  const run = resolveRunConfig([layer], base);
  checkBrowserLimits(run);
  return { ...s, run };
}

/**
 * `grokedge train …` that reproduces the page's run exactly: every run setting whose value differs from the CLI's
 * default, plus the controlled ones always (so a later change of the CLI's defaults cannot change its meaning).
 */
export function cliCommand(run: RunConfig): string {
  const args = runEntries(run, defaultRunConfig).flatMap(([k, v]) => [`--${k}`, v]);
  return ["grokedge", "train", ...args].join(" ");
}

/** `grokedge toy1d …` for the 1-D tab (every setting). */
export function toyCliCommand(toy: Toy1dConfig): string {
  const values = toUserNames(toy1dFields, toy);
  const args = toy1dFields.flatMap((f) => [`--${f.flag}`, String(values[f.flag])]);
  return ["grokedge", "toy1d", ...args].join(" ");
}

/** The files of a run on the user's own data (names only: the page never sees paths, nor sends the data anywhere). */
export interface OwnDataNames {
  data: string;
  labels: string | null;
  labelledBias: "on" | "off";
}

/**
 * `grokedge train --data FILE …` that reproduces the page's run on a dropped file, run where the files are: the run
 * settings as cliCommand's, less N, d and the test size (the file fixes them).
 */
export function ownDataCliCommand(run: RunConfig, names: OwnDataNames): string {
  const fixed = new Set(["N", "lambda", "d", "test-size"]);
  const files = ["--data", names.data];
  if (names.labels !== null) files.push("--labels", names.labels);
  if (names.labels !== null && names.labelledBias === "off") files.push("--labelled-bias", "off");
  const args = runEntries(run, defaultRunConfig).filter(([k]) => !fixed.has(k));
  return ["grokedge", "train", ...files, ...args.flatMap(([k, v]) => [`--${k}`, v])].join(" ");
}
