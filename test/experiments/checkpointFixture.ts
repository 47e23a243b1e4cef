/** A synthetic checkpoint for tests of self-checks: the given epoch and accuracies, every other column fixed. */
import type { Checkpoint } from "../../src/train/gd.js";

export function checkpointAt(epoch: number, pop_acc: number, train_acc = 1): Checkpoint {
  return {
    epoch,
    t: epoch / 100,
    log10_t: Math.log10(epoch / 100),
    train_loss: 0.1,
    log10_train_loss: -1,
    train_acc,
    pop_loss: 0.5,
    log10_pop_loss: Math.log10(0.5),
    pop_acc,
    test_loss: null,
    test_acc: null,
    norm_s: 1,
    sigma_norm_s: 5,
    b: -1,
    b_over_sigma_norm_s: -0.2,
  };
}
