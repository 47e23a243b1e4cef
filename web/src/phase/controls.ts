/** The phase-diagram tab's controls: the grid's view settings, each validated through viewFields (src/web/state.ts). */

import { UsageError } from "../../../src/config/schema.js";
import { parseView, viewFields, type WebState } from "../../../src/web/state.js";
import type { ControlSpec } from "../controls.js";
import type { TabContext } from "../tabContext.js";

export function phaseControls(ctx: TabContext): ControlSpec<WebState>[] {
  const spec = (flag: string, label: string): ControlSpec<WebState> => {
    const field = viewFields.find((f) => f.flag === flag)!;
    return {
      id: `ctl-${flag.replace(".", "-")}`,
      label,
      title: field.help,
      type: "number",
      get: (s) => String(s.view[field.key]),
      set: (v) => {
        try {
          const view = parseView(ctx.state().view, { [flag]: v }, (f) => f.flag, "the controls");
          if (!(view.phaseLambdaMin < view.phaseLambdaMax && view.phaseSigmaMin < view.phaseSigmaMax)) {
            return "each range needs min < max";
          }
          ctx.update({ ...ctx.state(), view });
          return null;
        } catch (err) {
          if (err instanceof UsageError) return err.message;
          throw err;
        }
      },
    };
  };
  return [
    spec("phase.N", "N per cell"),
    spec("phase.epochs", "epochs per cell"),
    spec("phase.cells", "cells per axis"),
    spec("phase.draws", "draws per cell"),
    spec("phase.lambda-min", "λ min"),
    spec("phase.lambda-max", "λ max"),
    spec("phase.sigma-min", "σ min"),
    spec("phase.sigma-max", "σ max"),
  ];
}
