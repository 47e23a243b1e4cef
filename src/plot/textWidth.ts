/**
 * Text width as headless Vega sizes it. Without a canvas Vega has no font metrics and estimates a line at 0.8 em per
 * character (vega-scenegraph estimateWidth), wider than DejaVu Sans draws it; the layout reserves the estimate, so a
 * long title or subtitle line widens its panel, or the whole canvas, past what is drawn. Wrap long lines to the width
 * they may take.
 */

/** Vega's estimate of a line's width, px, at `fontSize` px. */
export function estimatedWidth(text: string, fontSize: number): number {
  return Math.floor(0.8 * text.length * fontSize);
}

/** `text` broken at spaces into lines whose estimated width fits `px` (a longer word stays whole); continuations indented. */
export function wrapToWidth(text: string, px: number, fontSize: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    const next = line ? `${line} ${word}` : word;
    if (line && estimatedWidth(next, fontSize) > px) {
      lines.push(line);
      line = `  ${word}`;
    } else line = next;
  }
  return line ? [...lines, line] : lines;
}
