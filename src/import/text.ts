// Text taken from PDF letters is damaged: blank lines from page breaks, stray spaces, mojibake.
// Cleaning keeps the line structure that the section and item parsers rely on.

const MOJIBAKE: Array<[RegExp, string]> = [
  [/Â®|®/g, ''],
  [/Â©|©|â„¢|™/g, ''],
  [/â€™|â€˜/g, "'"],
  [/â€œ|â€\u009d|â€/g, '"'],
  [/â€“|â€”/g, '-'],
  [/Â(?=\s)|Â$/g, ''],
  [/\u00a0/g, ' '],
  [/[\u2018\u2019]/g, "'"],
  [/[\u201c\u201d]/g, '"'],
  [/[\u2013\u2014]/g, '-'],
];

export function cleanLetterText(raw: string): string {
  let text = raw.replace(/\r\n?/g, '\n');
  for (const [re, to] of MOJIBAKE) text = text.replace(re, to);
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t]+/g, ' ').trim())
    .filter((l) => l.length > 0)
    .join('\n');
}

// One paragraph of prose from wrapped lines.
export function joinLines(lines: string[]): string {
  return lines
    .join(' ')
    .replace(/\s+/g, ' ')
    .replace(/ ([,.;:])/g, '$1')
    .trim();
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

// 04/02/2007, 10-13-16, 2014-09-20 -> ISO; undefined when not a real date.
export function toIsoDate(text: string): string | undefined {
  let y: number, m: number, d: number;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else {
    match = /^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})$/.exec(text);
    if (!match) return undefined;
    [m, d, y] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (y < 100) y += y > 50 ? 1900 : 2000;
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  return Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso ? undefined : iso;
}

// "June 2012", "06/2012", "2012" -> YYYY-MM or YYYY
export function toPartialDate(text: string): string | undefined {
  const t = text.trim().toLowerCase();
  const full = toIsoDate(t);
  if (full) return full;
  let m = /^([a-z]+)\.? (\d{4})$/.exec(t);
  if (m) {
    const month = MONTHS.findIndex((name) => name.startsWith(m![1].slice(0, 3)));
    return month >= 0 ? `${m[2]}-${String(month + 1).padStart(2, '0')}` : undefined;
  }
  m = /^(\d{1,2})[/-](\d{4})$/.exec(t);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 12) return `${m[2]}-${m[1].padStart(2, '0')}`;
  m = /^(\d{4})$/.exec(t);
  return m ? m[1] : undefined;
}

export const DATE_PATTERN = String.raw`\d{1,2}[/-]\d{1,2}[/-]\d{2,4}|\d{4}-\d{2}-\d{2}`;

// Any date as letters write it, numeric or with the month's name ("October 19, 2016") -> ISO.
export function parseDate(text: string): string | undefined {
  const t = text.trim().replace(/\s+/g, ' ');
  const numeric = toIsoDate(t);
  if (numeric) return numeric;
  const m = /^([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})$/.exec(t);
  if (!m) return undefined;
  const month = MONTHS.findIndex((name) => name.startsWith(m[1].toLowerCase().slice(0, 3)));
  return month < 0 ? undefined : toIsoDate(`${m[3]}-${month + 1}-${m[2]}`);
}
