// Text from a case (names, ids, file names) is echoed to terminals, spreadsheets and browsers. A
// control character in it could rewrite the screen (ANSI escapes), hide or reorder what is shown
// (right-to-left override, NUL) or run as a formula: each surface gets it back as visible text.

// C0 controls but newline and tab, DEL, C1 controls, bidirectional controls, line/paragraph separators
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

const visible = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

// Each unsafe character becomes the six characters \uXXXX: readable on a terminal, and, inside a
// JSON string, the same character when parsed (so JSON output stays valid and means the same).
export const terminalSafe = (s: string): string => s.replace(UNSAFE, visible);

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const htmlEscape = (s: string): string => terminalSafe(s).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]);

// One CSV field (RFC 4180): quoted when it holds a comma, quote or line break; a leading = + - @
// would make a spreadsheet run the cell as a formula, so it is prefixed with an apostrophe.
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = terminalSafe(String(value));
  if (typeof value === 'string' && /^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
