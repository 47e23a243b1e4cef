/** The figures of the paper that `grokedge figure` can draw, loaded on demand (each pulls in its own solvers). */

import type { FigureRecipe } from "./recipe.js";

const LOADERS: Record<string, () => Promise<FigureRecipe>> = {
  "1": async () => (await import("./fig01/index.js")).fig1,
  "2": async () => (await import("./fig02/index.js")).fig2,
  "3": async () => (await import("./fig03/index.js")).fig3,
  "4": async () => (await import("./fig04/index.js")).fig4,
  "5": async () => (await import("./fig05.js")).fig5,
  "6": async () => (await import("./fig06/index.js")).fig6,
  "7": async () => (await import("./fig07.js")).fig7,
  "8": async () => (await import("./fig08/index.js")).fig8,
  "9": async () => (await import("./fig09/index.js")).fig9,
  "10": async () => (await import("./fig10.js")).fig10,
  "11": async () => (await import("./fig11.js")).fig11,
  "12": async () => (await import("./fig12.js")).fig12,
  "13": async () => (await import("./fig13.js")).fig13,
  "14": async () => (await import("./fig14.js")).fig14,
  "15": async () => (await import("./fig15.js")).fig15,
  "16": async () => (await import("./fig16.js")).fig16,
};

/** Figure ids in the paper's order. */
export const FIGURE_IDS: readonly string[] = Object.keys(LOADERS).sort((a, b) => Number(a) - Number(b));

/** The recipe of figure `id` (one of FIGURE_IDS). */
export function loadRecipe(id: string): Promise<FigureRecipe> {
  return LOADERS[id]();
}
