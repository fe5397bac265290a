// A bar or line chart's category axis that stays legible with long names (华东大区销售一部重点行业客户…): every name is
// shown; when they do not fit side by side they wrap onto at most three lines as wide as a bar's slot (the head of a
// name is often shared, so wrapping keeps the part that tells them apart), and when the slots are too narrow even for
// that they are turned 30° and cut with an ellipsis. The whole name is in the tooltip of the label and of the bar.

const MAX_LINES = 3;
const ROTATED_WIDTH = 120;

/** Pixels a character takes at ECharts' 12px default: a Chinese one about 12, others about 7. */
function charWidth(ch: string): number {
  return /[\u2e80-\uffff]/.test(ch) ? 12 : 7;
}

export function labelWidth(text: string): number {
  return [...text].reduce((n, ch) => n + charWidth(ch), 0);
}

/** `text` in lines of at most `width` pixels; past `maxLines` the last line ends in an ellipsis. */
export function wrapLabel(text: string, width: number, maxLines: number): string {
  const lines: string[] = [];
  let line = '';
  for (const ch of text) {
    if (line && labelWidth(line + ch) > width) {
      // Break at the last space when there is one (销售一部 · 2026-09-17 keeps its date whole).
      const space = line.lastIndexOf(' ');
      lines.push(space > 0 ? line.slice(0, space) : line);
      line = space > 0 ? line.slice(space + 1) : '';
    }
    line += ch;
  }
  lines.push(line);
  if (lines.length <= maxLines) return lines.join('\n');
  const last = [...lines[maxLines - 1]!];
  while (last.length > 1 && labelWidth(last.join('') + '…') > width) last.pop();
  return [...lines.slice(0, maxLines - 1), `${last.join('')}…`].join('\n');
}

/** The category axis's label options for `names` over a plot about `width` pixels wide; `mode` says which (for tests). */
export function categoryAxisLabel(names: string[], width: number) {
  // A margin between neighbours, so that wrapped lines never touch.
  const slot = Math.max(1, width / Math.max(1, names.length)) - 16;
  const widest = Math.max(0, ...names.map(labelWidth));
  if (widest <= slot) return { mode: 'plain', interval: 0, rotate: 0 };
  if (slot >= 48) return { mode: 'wrap', interval: 0, rotate: 0, lineHeight: 14, formatter: (name: string) => wrapLabel(name, slot, MAX_LINES) };
  return { mode: 'rotate', interval: 0, rotate: 30, formatter: (name: string) => wrapLabel(name, ROTATED_WIDTH, 1) };
}
