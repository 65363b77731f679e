// Text from input files made safe to print on a terminal.

/**
 * Control bytes (escape sequences above all) shown as \xNN. With
 * `keepLineBreaks`, line breaks and tabs stay as they are (messages span lines).
 */
export function escapeControlBytes(text: string, { keepLineBreaks = false } = {}): string {
  const controls = keepLineBreaks ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g;
  return text.replace(controls, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Rows under a header, each column padded to its widest cell, two spaces apart (tune's and blend's tables). */
export function textTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
