import { pow } from "../core/detMath.js";

/** Log-spaced checkpoint epochs: 0, then round(10^{k/perDecade}) for k = 0, 1, …, deduplicated, plus the last epoch. */
export function checkpointEpochs(epochs: number, perDecade: number): number[] {
  const out = [0];
  for (let k = 0; ; k++) {
    const e = Math.round(pow(10, k / perDecade));
    if (e >= epochs) break;
    if (e > out[out.length - 1]) out.push(e);
  }
  if (epochs > 0) out.push(epochs);
  return out;
}
