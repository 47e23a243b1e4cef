/** The configuration of the 1-D toy model (SPEC §4), for `grokedge toy1d` (and later the explorer's 1-D tab). */

import { type ConfigOf, defaultsOf, type Field, parseObject, type RawLayer, UsageError } from "./schema.js";

/** The 1-D model's settings: one key per field below, in its order. */
export type Toy1dConfig = ConfigOf<typeof toy1dFields>;

/**
 * Fields in `--help` order, with their defaults: Fig. 9 (left), 1 − 2λ = 1e-3 at σ = 5 to t = 1e100 (η = 1: the
 * paper does not state it).
 */
export const toy1dFields = [
  {
    key: "lambda",
    flag: "lambda",
    default: 0.4995,
    kind: { type: "number", min: 0, max: 1 },
    help: "λ; the second point is σ(1 − 2λ)",
  },
  {
    key: "sigma",
    flag: "sigma",
    default: 5,
    kind: { type: "number", exclusiveMin: 0, max: 1e6 },
    help: "data scale σ",
  },
  {
    key: "lr",
    flag: "lr",
    default: 1,
    kind: { type: "number", exclusiveMin: 0, max: 1e6 },
    help: "learning rate η (t in epochs)",
  },
  // bounds keep e^{±b}, e^{σS} and σ²η inside float64 (beyond them the closed forms overflow)
  { key: "s0", flag: "s0", default: 0, kind: { type: "number", min: -100, max: 100 }, help: "initial weight S_0" },
  { key: "b0", flag: "b0", default: 0, kind: { type: "number", min: -500, max: 500 }, help: "initial bias b_0" },
  { key: "tMin", flag: "t-min", default: 1e-2, kind: { type: "number", exclusiveMin: 0 }, help: "first sampled time" },
  {
    key: "tMax",
    flag: "t-max",
    default: 1e100,
    kind: { type: "number", exclusiveMin: 0 },
    help: "last sampled time (up to ~1e300)",
  },
  {
    key: "perDecade",
    flag: "per-decade",
    default: 10,
    kind: { type: "int", min: 1, max: 1000 },
    help: "samples per decade of t",
  },
  {
    key: "epsilon",
    flag: "epsilon",
    default: 1e-50,
    kind: { type: "number", exclusiveMin: 0, exclusiveMax: 1 },
    help: "loss threshold ε of the grokking time",
  },
  {
    key: "accThreshold",
    flag: "acc-threshold",
    default: 0.95,
    kind: { type: "number", exclusiveMin: 0, exclusiveMax: 1 },
    help: "population-accuracy threshold (Fig. 3 right)",
  },
  {
    key: "atol",
    flag: "atol",
    default: 1e-12,
    kind: { type: "number", exclusiveMin: 0 },
    help: "ODE absolute tolerance (on logs)",
  },
] as const satisfies readonly Field[];

export const defaultToy1dConfig: Toy1dConfig = defaultsOf(toy1dFields);

/** Validate layers over the defaults; t-min < t-max. */
export function resolveToy1dConfig(layers: readonly RawLayer[]): Toy1dConfig {
  const merged: Record<string, number | string> = { ...defaultToy1dConfig };
  for (const layer of layers) Object.assign(merged, parseObject(toy1dFields, layer.values, layer.namer, layer.where));
  const c = merged as Toy1dConfig;
  if (!(c.tMin < c.tMax)) {
    throw new UsageError(`--t-min must be below --t-max (got ${c.tMin} and ${c.tMax})`);
  }
  return c;
}
