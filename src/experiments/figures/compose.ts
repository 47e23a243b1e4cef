/** Put figure panels side by side in one Vega-Lite spec, keeping a shared title and the panels' own data. */

import type { TopLevelSpec } from "vega-lite";
import { panelRowSpec } from "../../plot/figureLayout.js";

/** A panel view: a unit, layer, facet or concat spec with its own inline data (no $schema). */
export type PanelView = Record<string, unknown>;

/** Strip what may only sit at the top level of a spec, so that it can be nested. */
export function asPanel(spec: TopLevelSpec | PanelView): PanelView {
  const { $schema: _s, config: _c, ...rest } = spec as Record<string, unknown>;
  return rest;
}

/** One figure: title and subtitle lines over `columns`, each a view or a vertical stack of views. */
export function composeFigure(
  title: string | string[],
  subtitle: string[],
  columns: (PanelView | PanelView[])[],
  config: Record<string, unknown> = {},
): TopLevelSpec {
  const column = (c: PanelView | PanelView[]) => (Array.isArray(c) ? { vconcat: c, spacing: 16 } : c);
  return panelRowSpec({
    title: { text: title, subtitle, anchor: "start", fontSize: 15, subtitleFontSize: 11 },
    panels: columns.map(column),
    spacing: 28,
    // each panel keeps its own colours and legend (a shared colour scale would merge unrelated series)
    independent: ["color"],
    config: {
      legend: { orient: "top", labelFontSize: 12, labelLimit: 0, symbolStrokeWidth: 3, symbolOpacity: 1 },
      axis: { titleFontSize: 12 },
      ...config,
    },
  });
}
