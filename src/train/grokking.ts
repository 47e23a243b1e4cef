/**
 * Grokking time (SPEC §5): the delay between the first time the training metric and the generalization metric cross
 * a threshold. Two definitions are tracked at every step: accuracy ≥ threshold and loss ≤ ε.
 */

import { FirstCrossing } from "../core/logTime.js";

/** First epochs (and times t = η·epoch) at which a metric crossed; null when it never did. */
export interface Crossing {
  trainEpoch: number | null;
  genEpoch: number | null;
  /** genEpoch − trainEpoch, in epochs; null unless both crossed */
  delayEpochs: number | null;
}

export interface GrokkingTimes {
  accuracy: Crossing & { threshold: number; definition: string };
  loss: Crossing & { threshold: number; definition: string };
}

export function accuracyDefinition(threshold: number): string {
  return `first epoch with population accuracy ≥ ${threshold} minus first epoch with training accuracy ≥ ${threshold}`;
}

export function lossDefinition(threshold: number): string {
  return `first epoch with population loss ≤ ${threshold} minus first epoch with training loss ≤ ${threshold}`;
}

/**
 * The pair of first crossings (training, generalization) as epochs are fed in increasing order: two of the one
 * first-crossing tracker (core/logTime.ts `FirstCrossing`), fed without dense output since epochs are discrete.
 */
export class CrossingTracker {
  private readonly train = new FirstCrossing<boolean>((hit) => hit);
  private readonly gen = new FirstCrossing<boolean>((hit) => hit);

  /** Feed one epoch; `trainHit`/`genHit` say whether each metric is past its threshold now. */
  observe(epoch: number, trainHit: boolean, genHit: boolean): void {
    this.train.observe(epoch, trainHit, null);
    this.gen.observe(epoch, genHit, null);
  }

  get done(): boolean {
    return this.train.w !== null && this.gen.w !== null;
  }

  result(): Crossing {
    const [trainEpoch, genEpoch] = [this.train.w, this.gen.w];
    const delay = trainEpoch !== null && genEpoch !== null ? genEpoch - trainEpoch : null;
    return { trainEpoch, genEpoch, delayEpochs: delay };
  }
}
