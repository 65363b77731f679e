// Text from input files made safe to print on a terminal.

/**
 * Control bytes (escape sequences above all) shown as \xNN. With
 * `keepLineBreaks`, line breaks and tabs stay as they are (messages span lines).
 */
export function escapeControlBytes(text: string, { keepLineBreaks = false } = {}): string {
  const controls = keepLineBreaks ? /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g : /[\u0000-\u001f\u007f-\u009f]/g;
  return text.replace(controls, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
