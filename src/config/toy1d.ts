/** The configuration of the 1-D toy model (SPEC §4), for `grokedge toy1d` (and later the explorer's 1-D tab). */

import {
  type ConfigOf,
  defaultsOf,
  type FieldDecl,
  fieldTable,
  int,
  num,
  parseObject,
  positive,
  type RawLayer,
  UsageError,
} from "./schema.js";

/** The 1-D model's settings: one key per field below, in its order. */
export type Toy1dConfig = ConfigOf<typeof toy1dFields>;

/**
 * Fields in `--help` order, with their defaults: Fig. 9 (left), 1 − 2λ = 1e-3 at σ = 5 to t = 1e100 (η = 1: the
 * paper does not state it).
 */
export const toy1dFields = fieldTable({
  lambda: { flag: "lambda", kind: num({ min: 0, max: 1 }), help: "λ; the second point is σ(1 − 2λ)", default: 0.4995 },
  sigma: { flag: "sigma", kind: num({ exclusiveMin: 0, max: 1e6 }), help: "data scale σ", default: 5 },
  lr: { flag: "lr", kind: num({ exclusiveMin: 0, max: 1e6 }), help: "learning rate η (t in epochs)", default: 1 },
  // bounds keep e^{±b}, e^{σS} and σ²η inside float64 (beyond them the closed forms overflow)
  s0: { flag: "s0", kind: num({ min: -100, max: 100 }), help: "initial weight S_0", default: 0 },
  b0: { flag: "b0", kind: num({ min: -500, max: 500 }), help: "initial bias b_0", default: 0 },
  tMin: { flag: "t-min", kind: positive, help: "first sampled time", default: 0.01 },
  tMax: { flag: "t-max", kind: positive, help: "last sampled time (up to ~1e300)", default: 1e100 },
  perDecade: { flag: "per-decade", kind: int(1, 1000), help: "samples per decade of t", default: 10 },
  epsilon: {
    flag: "epsilon",
    kind: num({ exclusiveMin: 0, exclusiveMax: 1 }),
    help: "loss threshold ε of the grokking time",
    default: 1e-50,
  },
  accThreshold: {
    flag: "acc-threshold",
    kind: num({ exclusiveMin: 0, exclusiveMax: 1 }),
    help: "population-accuracy threshold (Fig. 3 right)",
    default: 0.95,
  },
  atol: { flag: "atol", kind: positive, help: "ODE absolute tolerance (on logs)", default: 1e-12 },
} as const satisfies Record<string, FieldDecl>);

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
