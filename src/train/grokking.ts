/**
 * Grokking time (SPEC §5): the delay between the first time the training metric and the generalization metric cross
 * a threshold. Two definitions are tracked at every step: accuracy ≥ threshold and loss ≤ ε.
 */

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

/** Records first crossings as epochs are fed in increasing order. */
export class CrossingTracker {
  trainEpoch: number | null = null;
  genEpoch: number | null = null;

  /** Feed one epoch; `trainHit`/`genHit` say whether each metric is past its threshold now. */
  observe(epoch: number, trainHit: boolean, genHit: boolean): void {
    if (this.trainEpoch === null && trainHit) this.trainEpoch = epoch;
    if (this.genEpoch === null && genHit) this.genEpoch = epoch;
  }

  get done(): boolean {
    return this.trainEpoch !== null && this.genEpoch !== null;
  }

  result(): Crossing {
    const delay = this.done ? (this.genEpoch as number) - (this.trainEpoch as number) : null;
    return { trainEpoch: this.trainEpoch, genEpoch: this.genEpoch, delayEpochs: delay };
  }
}
