/** Reference marks shared by panels: a vertical guide rule at a threshold of the x axis (e.g. the edge λ = ½). */

import { DASHES, GREYS } from "../core/palette.js";

/** A vertical rule at `field` = `value`, drawn on the panel's x encoding `x` (whose field is `field`), finely dashed. */
export function verticalGuide(field: string, value: number, x: object): object {
  return {
    data: { values: [{ [field]: value }] },
    mark: { type: "rule", color: GREYS.guide, strokeDash: DASHES.threshold },
    encoding: { x },
  };
}
