// Values that are possible but unusual enough to be a typing error: the case is still evaluated and
// the warning is printed with its result (impossible values are schema errors instead).
import { type Case, caseSchema, strengthMilligrams } from '../schema/case.js';
import { formatPath, type InputIssue, labelAt } from './errors.js';

// a single dose above 5 g, more than 1,000 units, more than 12 doses a day, 100 sessions at once,
// an injury 60 years before the request: each is seen in no real request
export const PLAUSIBLE = { doseMg: 5_000, quantity: 1_000, timesPerDay: 12, sessions: 100, injuryYears: 60 };

const TIMES_A_DAY = /(\d+(?:\.\d+)?)\s*(?:x|times)\s*(?:a|per|\/)\s*day\b/i;

function issue(path: (string | number)[], message: string): InputIssue {
  const label = labelAt(caseSchema, path);
  return { path: formatPath(path), message, ...(label ? { label } : {}) };
}

function strengthWarning(path: (string | number)[], strength: string | null | undefined): InputIssue[] {
  const most = Math.max(0, ...strengthMilligrams(strength ?? ''));
  return most > PLAUSIBLE.doseMg
    ? [issue(path, `"${strength}" is more than ${PLAUSIBLE.doseMg / 1000} g in one dose, which is unusual; check the unit`)]
    : [];
}

function frequencyWarning(path: (string | number)[], frequency: string | null | undefined): InputIssue[] {
  const n = Number(TIMES_A_DAY.exec(frequency ?? '')?.[1] ?? 0);
  return n > PLAUSIBLE.timesPerDay
    ? [issue(path, `"${frequency}" is more than ${PLAUSIBLE.timesPerDay} times a day, which is unusual`)]
    : [];
}

export function caseWarnings(c: Case): InputIssue[] {
  const out: InputIssue[] = [];
  c.requests.forEach((r, i) => {
    out.push(...strengthWarning(['requests', i, 'strength'], r.strength));
    out.push(...frequencyWarning(['requests', i, 'frequency'], r.frequency));
    if ((r.quantity ?? 0) > PLAUSIBLE.quantity)
      out.push(issue(['requests', i, 'quantity'], `${r.quantity} is more than ${PLAUSIBLE.quantity}, which is unusual for one request`));
    if ((r.sessions ?? 0) > PLAUSIBLE.sessions)
      out.push(
        issue(['requests', i, 'sessions'], `${r.sessions} sessions is more than ${PLAUSIBLE.sessions}, which is unusual for one request`),
      );
  });
  (c.history?.medications ?? []).forEach((m, i) => {
    out.push(...strengthWarning(['history', 'medications', i, 'strength'], m.strength));
    out.push(...frequencyWarning(['history', 'medications', i, 'frequency'], m.frequency));
  });
  const injury = c.injury?.date;
  if (injury && c.requestDate && Number(c.requestDate.slice(0, 4)) - Number(injury.slice(0, 4)) > PLAUSIBLE.injuryYears)
    out.push(
      issue(
        ['injury', 'date'],
        `${injury} is more than ${PLAUSIBLE.injuryYears} years before the request date ${c.requestDate}; check the year`,
      ),
    );
  return out;
}

// Reviews a valid case: its warnings, and the case with what cannot be used set aside. An injury
// dated after the request (seen in a real letter whose request date was inferred) would make every
// duration since the injury negative, so a "short course since the injury" would count as met: the
// injury date is read as not stated instead (criteria that need it are not assessable), with a warning.
export function reviewCase(c: Case): { case: Case; warnings: InputIssue[] } {
  const warnings = caseWarnings(c);
  if (c.injury?.date && c.requestDate && c.injury.date > c.requestDate) {
    warnings.push(
      issue(
        ['injury', 'date'],
        `${c.injury.date} is after the request date ${c.requestDate}, which cannot be; the date of injury is set aside (read as not stated)`,
      ),
    );
    const { date: _unused, ...injury } = c.injury;
    return { case: { ...c, injury }, warnings };
  }
  return { case: c, warnings };
}
