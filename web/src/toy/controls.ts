/** The 1-D tab's controls: the Toy1dConfig fields, each applied through its schema (src/config/toy1d.ts). */

import { toUserNames, UsageError } from "../../../src/config/schema.js";
import { resolveToy1dConfig, toy1dFields } from "../../../src/config/toy1d.js";
import type { WebState } from "../../../src/web/state.js";
import type { ControlSpec } from "../controls.js";
import type { TabContext } from "../tabContext.js";

export function toyControls(ctx: TabContext): ControlSpec<WebState>[] {
  const apply = (flag: string, v: string): string | null => {
    try {
      const current = {
        values: toUserNames(toy1dFields, ctx.state().toy),
        namer: (f: { flag: string }) => f.flag,
        where: "state",
      };
      const toy = resolveToy1dConfig([current, { values: { [flag]: v }, namer: (f) => f.flag, where: "the controls" }]);
      ctx.update({ ...ctx.state(), toy });
      return null;
    } catch (err) {
      if (err instanceof UsageError) return err.message;
      throw err;
    }
  };
  const spec = (flag: string, label: string, title?: string): ControlSpec<WebState> => {
    const field = toy1dFields.find((f) => f.flag === flag)!;
    return {
      id: `toy-${flag}`,
      label,
      title: title ?? field.help,
      type: "number",
      get: (s) => String(toUserNames(toy1dFields, s.toy)[flag]),
      set: (v) => apply(flag, v),
    };
  };
  return [
    spec("lambda", "λ"),
    spec("sigma", "σ"),
    spec("lr", "η"),
    spec("s0", "S₀"),
    spec("b0", "b₀"),
    spec("epsilon", "loss threshold ε"),
    spec("acc-threshold", "acc. threshold"),
    spec("t-max", "t max"),
    spec("per-decade", "samples/decade"),
  ];
}
