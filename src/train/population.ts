/**
 * The population (generalization) metrics of a data model, as functions of (S, b): exact formulas for the isotropic
 * Gaussian of SPEC §2 and for the paper's other input distributions (SPEC §1), behind one interface so that GD, flow
 * and the checkpoints do not care which data model they train on.
 */

import { log } from "../core/detMath.js";
import {
  type DiscriminativeParams,
  discriminativePopulationAccuracy,
  discriminativePopulationLogExpLoss,
} from "../core/discriminative.js";
import {
  type MixtureParams,
  mixturePopulationAccuracy,
  mixturePopulationLogExpLoss,
  type PowerLawParams,
  powerLawScale,
} from "../core/distributions.js";
import type { LossName } from "../core/losses.js";
import { logisticPopulationLossLowerBound, populationAccuracy, populationLogLoss } from "../core/population.js";
import {
  type SpikedParams,
  type StudentParams,
  spikedScale,
  studentPopulationAccuracy,
  studentPopulationLogLoss,
} from "../core/symmetricFamilies.js";
import { norm } from "../core/vector.js";

export interface PopulationModel {
  /** the std of S·x for a fresh x (σ‖S‖ for isotropic data): the `sigma_norm_s` column */
  scale(S: Float64Array): number;
  accuracy(S: Float64Array, b: number, scale: number): number;
  /** natural log of the population loss; NaN where the model has no formula for this loss */
  logLoss(S: Float64Array, b: number, scale: number): number;
  /** is the population loss ≤ e^{logEps}? */
  lossBelow(S: Float64Array, b: number, scale: number, logEps: number): boolean;
  /** cheap enough for every step; otherwise grokking crossings are resolved at checkpoints only */
  perStep: boolean;
}

/** A model whose S·x is Gaussian with std `scaleOf(S)`: SPEC §2's formulas apply with that scale. */
function gaussianProjection(loss: LossName, scaleOf: (S: Float64Array) => number): PopulationModel {
  return {
    scale: scaleOf,
    accuracy: (_S, b, scale) => populationAccuracy(b, scale),
    logLoss: (_S, b, scale) => populationLogLoss(loss, b, scale),
    // cheap bounds first so the quadrature runs only near the crossing: L ≥ max(softplus(b), E z₊), L ≤ e^{b+a²/2}
    lossBelow(_S, b, scale, logEps) {
      if (loss === "logistic") {
        if (log(logisticPopulationLossLowerBound(b, scale)) > logEps) return false;
        if (b + 0.5 * scale * scale <= logEps) return true;
      }
      return populationLogLoss(loss, b, scale) <= logEps;
    },
    perStep: true,
  };
}

/** Isotropic N(0, σ² I) inputs, all labels −1 (SPEC §1–2). */
export function isotropicPopulation(loss: LossName, sigma: number): PopulationModel {
  return gaussianProjection(loss, (S) => sigma * norm(S));
}

/** Power-law covariance spectrum (SPEC §1): S·x ~ N(0, Σ λ_k S_k²). */
export function powerLawPopulation(loss: LossName, p: PowerLawParams): PopulationModel {
  return gaussianProjection(loss, (S) => powerLawScale(S, p.alpha, p.sigma));
}

/** Spiked covariance σ²(I + β e_1 e_1ᵀ) (core/symmetricFamilies.ts): S·x ~ N(0, σ²(‖S‖² + β S_1²)). */
export function spikedPopulation(loss: LossName, p: SpikedParams): PopulationModel {
  return gaussianProjection(loss, (S) => spikedScale(S, p));
}

/** A model given by an exact accuracy and (exp loss only) log-loss function of (S, b); evaluated at checkpoints. */
function exactModel(
  loss: LossName,
  stdOf: (S: Float64Array) => number,
  accuracy: (S: Float64Array, b: number) => number,
  logExpLoss: (S: Float64Array, b: number) => number,
): PopulationModel {
  const logLoss = (S: Float64Array, b: number) => (loss === "exp" ? logExpLoss(S, b) : Number.NaN);
  return {
    scale: stdOf,
    accuracy: (S, b) => accuracy(S, b),
    logLoss: (S, b) => logLoss(S, b),
    lossBelow: (S, b, _scale, logEps) => logLoss(S, b) <= logEps,
    perStep: false,
  };
}

/** Per-coordinate two-Gaussian mixture (SPEC §1): each coordinate ±m + N(0, s²), times `scale`. */
export function mixturePopulation(loss: LossName, p: MixtureParams): PopulationModel {
  const std = p.scale * Math.sqrt(p.m * p.m + p.s * p.s);
  return exactModel(
    loss,
    (S) => std * norm(S),
    (S, b) => mixturePopulationAccuracy(S, b, p),
    (S, b) => mixturePopulationLogExpLoss(S, b, p),
  );
}

/** Discriminative labels with fraction r (SPEC §1) on isotropic inputs. */
export function discriminativePopulation(loss: LossName, p: DiscriminativeParams): PopulationModel {
  return exactModel(
    loss,
    (S) => p.sigma * norm(S),
    (S, b) => discriminativePopulationAccuracy(S, b, p),
    (S, b) => discriminativePopulationLogExpLoss(S, b, p),
  );
}

/** Multivariate Student-t inputs: S·x = σ‖S‖·T, T ~ t_ν (core/symmetricFamilies.ts); the scale column is σ‖S‖. */
export function studentPopulation(loss: LossName, p: StudentParams): PopulationModel {
  const logLoss = (b: number, scale: number) => studentPopulationLogLoss(loss, b, scale, p.nu);
  return {
    scale: (S) => p.sigma * norm(S),
    accuracy: (_S, b, scale) => studentPopulationAccuracy(b, scale, p.nu),
    logLoss: (_S, b, scale) => logLoss(b, scale),
    lossBelow: (_S, b, scale, logEps) => logLoss(b, scale) <= logEps,
    perStep: false,
  };
}

/**
 * A model without exact population metrics (Rademacher inputs): accuracy and loss are NaN (printed "—"), and a
 * held-out test set (--test-size) measures generalisation; the scale column is the exact std σ‖S‖ of S·x.
 */
export function heldOutOnlyPopulation(sigma: number): PopulationModel {
  return {
    scale: (S) => sigma * norm(S),
    accuracy: () => Number.NaN,
    logLoss: () => Number.NaN,
    lossBelow: () => false,
    perStep: false,
  };
}
