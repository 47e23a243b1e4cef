/**
 * Shared pieces of the 1-D toy-model figures (Figs. 3, 8, 9; SPEC §4): the model at 1 − 2λ = x, log-spaced grids,
 * the sampling of the delay figures and small statistics. Their axes (quantities carried as log10, SPEC §4) are
 * plot/decadeAxes.ts, their frame and style plot/figureLayout.ts.
 */

import type { Toy1dParams } from "../../theory/toy1d.js";
import type { FigureSize } from "./recipe.js";

/**
 * η of every 1-D figure: unstated in the paper, but revealed by its axes (SPEC §6): 0.01, as in Fig. 1 — every time
 * in Figs. 3, 8 and 9 is exactly 100× what η = 1 gives (Fig. 9's t*_tr = 1/(ηε) ≈ 1e52 at ε = 1e-50). t scales as
 * 1/η exactly (both rates carry η), so another η shifts every log10 t by −log10 η and leaves the shapes alone.
 */
export const TOY1D_ETA = 0.01;

/** The revealed η in a figure's provenance (FigureParameters.revealed), with its evidence. */
export const TOY1D_ETA_REVEALED = {
  eta: TOY1D_ETA,
  evidence:
    "every time in the paper's Figs. 3, 8, 9 is 100× the η = 1 value (Fig. 9: t*_tr = 1/(ηε) ≈ 1e52 at ε = 1e-50)",
};

/** λ with 1 − 2λ = x (x ≤ 0 is separable, SPEC §4). */
export function lambdaOfX(x: number): number {
  return (1 - x) / 2;
}

/** The 1-D model at 1 − 2λ = x, started from S_0 = b_0 = 0 unless given (SPEC §1 defaults; the 1-D origin). */
export function toy1dModel(x: number, sigma: number, start: { S0?: number; b0?: number } = {}): Toy1dParams {
  return { lambda: lambdaOfX(x), sigma, lr: TOY1D_ETA, S0: start.S0 ?? 0, b0: start.b0 ?? 0 };
}

/** n evenly spaced values from lo to hi inclusive (n ≥ 2), rounded to 12 digits so that decades stay exact. */
export function linspace(lo: number, hi: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => Number((lo + ((hi - lo) * k) / (n - 1)).toPrecision(12)));
}

/** Least-squares slope and intercept of ys against xs. */
export function linearFit(xs: readonly number[], ys: readonly number[]): { slope: number; intercept: number } {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  xs.forEach((x, i) => {
    sxy += (x - mx) * (ys[i] - my);
    sxx += (x - mx) ** 2;
  });
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}

/** Six significant digits: far below what a panel resolves, and they keep the inline data and the CSV small. */
export function round6(x: number): number {
  return Number(x.toPrecision(6));
}

/** "1e-3"-style label of a power of ten (or the number itself when it is not one). */
export function powerLabel(x: number): string {
  const k = Math.log10(x);
  return Math.abs(k - Math.round(k)) < 1e-9 ? `1e${Math.round(k)}` : String(round6(x));
}

/** A delay panel's σ, loss threshold ε and range of 1 − 2λ (also as log10). */
export interface DelayPanel {
  sigma: number;
  epsilon: number;
  oneMinus2Lambda: readonly [number, number];
  log10X: readonly [number, number];
}

const DELAY_X: readonly [number, number] = [1e-4, 1e-1];

/** Fig. 8 right's σ, ε and range of 1 − 2λ, as the paper states them; Fig. 9 right reuses them. */
export const DELAY_PANEL: DelayPanel = {
  sigma: 20,
  epsilon: 1e-50,
  oneMinus2Lambda: DELAY_X,
  log10X: [Math.log10(DELAY_X[0]), Math.log10(DELAY_X[1])],
};

/** "[1e-4, 1e-1]": the delay panels' range of 1 − 2λ as the notes write it. */
export const DELAY_RANGE_TEXT = `[${DELAY_PANEL.oneMinus2Lambda.map(powerLabel).join(", ")}]`;

/** Sampling of a delay figure: time samples per decade on the left, log10(1 − 2λ) of the points on the right. */
export interface DelaySize {
  perDecade: number;
  log10Xs: number[];
}

/** Per size: 4 / 13 / 31 points over DELAY_PANEL's range; `laptopPerDecade` time samples per decade at laptop size. */
export function delaySizes(laptopPerDecade: number): Record<FigureSize, DelaySize> {
  const [lo, hi] = DELAY_PANEL.log10X;
  return {
    smoke: { perDecade: 1, log10Xs: linspace(lo, hi, 4) },
    laptop: { perDecade: laptopPerDecade, log10Xs: linspace(lo, hi, 13) },
    paper: { perDecade: 20, log10Xs: linspace(lo, hi, 31) },
  };
}
