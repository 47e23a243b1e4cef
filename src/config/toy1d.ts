/** The configuration of the 1-D toy model (SPEC §4), for `grokedge toy1d` (and later the explorer's 1-D tab). */

import { type Field, parseObject, type RawLayer, UsageError } from "./schema.js";

export interface Toy1dConfig {
  lambda: number;
  sigma: number;
  lr: number;
  s0: number;
  b0: number;
  tMin: number;
  tMax: number;
  perDecade: number;
  epsilon: number;
  accThreshold: number;
  atol: number;
}

export const toy1dFields: readonly Field[] = [
  { key: "lambda", flag: "lambda", kind: { type: "number", min: 0, max: 1 }, help: "λ; the second point is σ(1 − 2λ)" },
  { key: "sigma", flag: "sigma", kind: { type: "number", exclusiveMin: 0, max: 1e6 }, help: "data scale σ" },
  { key: "lr", flag: "lr", kind: { type: "number", exclusiveMin: 0, max: 1e6 }, help: "learning rate η (t in epochs)" },
  // bounds keep e^{±b}, e^{σS} and σ²η inside float64 (beyond them the closed forms overflow)
  { key: "s0", flag: "s0", kind: { type: "number", min: -100, max: 100 }, help: "initial weight S_0" },
  { key: "b0", flag: "b0", kind: { type: "number", min: -500, max: 500 }, help: "initial bias b_0" },
  { key: "tMin", flag: "t-min", kind: { type: "number", exclusiveMin: 0 }, help: "first sampled time" },
  { key: "tMax", flag: "t-max", kind: { type: "number", exclusiveMin: 0 }, help: "last sampled time (up to ~1e300)" },
  { key: "perDecade", flag: "per-decade", kind: { type: "int", min: 1, max: 1000 }, help: "samples per decade of t" },
  {
    key: "epsilon",
    flag: "epsilon",
    kind: { type: "number", exclusiveMin: 0, exclusiveMax: 1 },
    help: "loss threshold ε of the grokking time",
  },
  {
    key: "accThreshold",
    flag: "acc-threshold",
    kind: { type: "number", exclusiveMin: 0, exclusiveMax: 1 },
    help: "population-accuracy threshold (Fig. 3 right)",
  },
  { key: "atol", flag: "atol", kind: { type: "number", exclusiveMin: 0 }, help: "ODE absolute tolerance (on logs)" },
];

/** Fig. 9 (left) by default: 1 − 2λ = 1e-3 at σ = 5 to t = 1e100 (η = 1: the paper does not state it). */
export const defaultToy1dConfig: Toy1dConfig = {
  lambda: 0.4995,
  sigma: 5,
  lr: 1,
  s0: 0,
  b0: 0,
  tMin: 1e-2,
  tMax: 1e100,
  perDecade: 10,
  epsilon: 1e-50,
  accThreshold: 0.95,
  atol: 1e-12,
};

/** Validate layers over the defaults; t-min < t-max. */
export function resolveToy1dConfig(layers: readonly RawLayer[]): Toy1dConfig {
  const merged: Record<string, number | string> = { ...defaultToy1dConfig };
  for (const layer of layers) Object.assign(merged, parseObject(toy1dFields, layer.values, layer.namer, layer.where));
  const c = merged as unknown as Toy1dConfig;
  if (!(c.tMin < c.tMax)) {
    throw new UsageError(`--t-min must be below --t-max (got ${c.tMin} and ${c.tMax})`);
  }
  return c;
}
