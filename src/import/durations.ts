// How long symptoms have lasted: stated in the summary ("low back pain for about 3 months", "neck
// pain since 2015", "pain began on 10/02/2016") or, when it says nothing, counted from the injury to
// the latest note describing them. The wording lives in patterns/summary.yaml (`symptoms`).
import type { SummaryPatterns } from './summary-patterns.js';
import { parseDate, toPartialDate } from './text.js';

const DAY_MS = 86_400_000;

const WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
const WEEKS_PER = { day: 1 / 7, week: 1, month: 52 / 12, year: 52 } as const;

// Weeks between two dates as notes count them: to the half week in the first month ("about 2.5
// weeks"), in whole weeks after it, a part week counting from its fifth day; under a week is one.
export function weeksBetween(from: string, to: string): number | undefined {
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);
  if (!Number.isFinite(days) || days < 0) return undefined;
  const whole = Math.floor(days / 7);
  const rest = days % 7;
  if (days < 28 && rest >= 3 && rest <= 4) return Math.max(1, whole + 0.5);
  return Math.max(1, rest >= 5 ? whole + 1 : whole);
}

const countOf = (n: string) => (/^\d+(?:\.\d+)?$/.test(n) ? Number(n) : /^an?$/i.test(n) ? 1 : WORDS.indexOf(n.toLowerCase()));

export type StatedDuration = { weeks: number } | { onset: string } | { sinceInjury: true };

// A duration a sentence states for the symptoms it describes, when it states one.
export function statedDuration(text: string, sp: SummaryPatterns): StatedDuration | undefined {
  const lasting = sp.symptoms.lasting.exec(text);
  if (lasting?.groups) {
    const n = countOf(lasting.groups.n ?? lasting.groups.n2 ?? (lasting.groups.unit3 ? 'one' : ''));
    const unit = (lasting.groups.unit ?? lasting.groups.unit2 ?? lasting.groups.unit3)
      .toLowerCase()
      .replace(/s$/, '') as keyof typeof WEEKS_PER;
    if (n > 0 && unit in WEEKS_PER) return { weeks: Math.round(n * WEEKS_PER[unit] * 10) / 10 };
  }
  const since = sp.symptoms.since.exec(text);
  if (since?.groups?.date) {
    const onset = parseDate(since.groups.date) ?? toPartialDate(since.groups.date);
    if (onset) return { onset };
  }
  if (since?.groups?.injury) return { sinceInjury: true };
  return undefined;
}
