// The words for an outcome: one line per item that says what the prediction rests on. Every
// surface (text, JSON, the web page, CDS Hooks cards) takes its wording from here.
import type { CaseResult, ItemResult, Outcome } from '../evaluate/evaluate.js';
import type { Checked } from '../evaluate/explain.js';
import type { InputIssue } from '../load/errors.js';

export const OUTCOME_WORD: Record<Outcome, string> = { upheld: 'UPHELD', overturned: 'OVERTURNED', 'not-covered': 'NOT COVERED' };

// What a criterion left not assessable lacks: "not stated: a, b", and each fact whose missing value
// derivation can explain, with the reason ("request.morphineEquivalentDaily: the reference gives no
// morphine conversion factor for buprenorphine ...").
function notAssessableText(c: Checked): string {
  const explained = new Set((c.why ?? []).flatMap((w) => w.facts));
  const unstated = (c.missing ?? []).filter((f) => !explained.has(f));
  return [
    ...(unstated.length > 0 ? [`not stated: ${unstated.join(', ')}`] : []),
    ...(c.why ?? []).map((w) => `${w.facts.join(', ')}: ${w.reason}`),
  ].join('; ');
}

// One criterion left not assessable as every report lists it: its title, then what it lacks.
export const notAssessableLine = (c: Checked): string => `${c.title} (${notAssessableText(c)})`;

// The criteria of an item that are neither met nor unmet, for want of a fact.
export const notAssessable = (item: ItemResult): Checked[] => item.checked.filter((c) => c.status === 'not-assessable');

export function itemSummary(item: ItemResult, date: string): string {
  if (item.resolution.status === 'unknown') return `NO PREDICTION: the name is not one this tool knows (${item.resolution.note})`;
  if (item.outcome === 'not-covered' && item.outOfForce.length > 0) {
    return `NO PREDICTION: no rule in force on ${date} covers this item; the criteria encoded for it belong to guidelines no longer in force then (${item.outOfForce.map((o) => `${o.topic}: ${o.editions.join('; ')}`).join(', ')}), and judging by them would mislead`;
  }
  if (item.outcome === 'not-covered')
    return 'NO PREDICTION: no encoded MTUS criterion covers this item; check it against the guideline by hand';
  if (item.outcome === 'overturned') {
    // advisories rest on lower-grade evidence or are cautions; a reviewer may still apply them
    const open = item.advisories.filter((a) => a.reason !== 'formulary-prospective-review').length;
    return open === 0
      ? 'every applicable criterion is met: likely to be found medically necessary'
      : `no decisive criterion is unmet: likely to be found medically necessary, but ${open} advisory criteri${open > 1 ? 'a' : 'on'} (lower-grade evidence) ${open > 1 ? 'are' : 'is'} not met or not documented; a reviewer applying ${open > 1 ? 'them' : 'it'} could deny`;
  }
  const fixable = item.findings.filter((f) => f.fixable).length;
  const hard = item.findings.length - fixable;
  const parts = [];
  if (hard) parts.push(`${hard} criterion${hard > 1 ? 'a' : ''} the guideline does not support`);
  if (fixable) parts.push(`${fixable} the provider can fix before submitting`);
  const tail = hard ? ' (documentation alone will not change the outcome)' : ' (all fixable: send what is listed below)';
  return `denial likely upheld: ${parts.join('; ')}${tail}`;
}

// How a dose reads: a combination's strength ingredient by ingredient, the units taken at each dose
// and the doses a day where the frequency states more than one or a range (whose upper bound is
// kept: a dose limit is about the most the order allows), and which strength its morphine-equivalent
// dose is worked out from; undefined for an item with no dose reading.
export function doseWords(item: ItemResult): string | undefined {
  const d = item.dose;
  if (!d) return undefined;
  const by = d.order === 'name' ? ', as the name lists the ingredients' : d.order === 'product' ? ", in the product's usual order" : '';
  const each = d.ingredients.map((i) =>
    i.strength
      ? `${i.id} ${i.strength} (${i.from === 'name' ? 'named beside it' : `its place in ${d.strength}${by}`})`
      : `${i.id} (${d.strength ? 'not stated apart' : 'strength not stated'})`,
  );
  const parts = d.ingredients.length > 1 ? [`ingredients: ${each.join(', ')}`] : [];
  parts.push(`strength judged: ${d.strength ?? 'not stated'}`);
  const u = d.perDose;
  const units = u ? `${u.count}${u.unit ? ` ${u.unit}` : ''}` : undefined;
  // one unit a dose is what a frequency without a count means: said only when it is more, or a range
  if (u && (u.count !== 1 || u.low !== undefined))
    parts.push(
      `taken at each dose: ${units}${u.low !== undefined ? `, the upper bound of ${u.low}-${u.count} (a dose limit is about the most the order allows)` : ''}`,
    );
  if (d.dosesPerDay?.ranged) parts.push(`doses a day: ${d.dosesPerDay.value}, the upper bound of the range written`);
  const o = d.opioid;
  const med = item.derived['request.morphineEquivalentDaily'];
  // a dose not worked out says why where that is known (no factor, more than one opioid, no frequency)
  const amount = typeof med === 'number' ? `: ${med} mg a day` : d.why ? `: not worked out, ${d.why}` : '';
  const times = u && u.count !== 1 ? ` × ${units} a dose` : '';
  if (o?.from === 'not stated') parts.push(`morphine-equivalent dose: not worked out, the ${o.id} strength is not stated`);
  else if (o) {
    const first = o.from === 'first number' ? ' (the first number of the strength)' : '';
    parts.push(`morphine-equivalent dose from ${o.id} ${o.strength}${first}${times}${amount}`);
  } else if (d.why) parts.push(`morphine-equivalent dose: not worked out, ${d.why}`);
  return parts.join('; ');
}

// The first thing to say about a case: the date it is judged on, when the case did not give one.
export function asOfNotice(r: CaseResult): string | undefined {
  if (r.asOf.source === 'requestDate') return undefined;
  if (r.asOf.source === 'today') return `No request date given: judged as of today, ${r.asOf.date}, under the guidelines in force today.`;
  return `No request date given: judged as of ${r.asOf.date} (the ${r.asOf.source}).`;
}

// `notAssessable`: each criterion not assessable, in the words text prints after "? not assessable: "
export type ItemReport = ItemResult & { summary: string; notAssessable: string[] };
export type CaseReport = Omit<CaseResult, 'items'> & { items: ItemReport[]; asOfNotice?: string; warnings?: InputIssue[] };

// A case result with each item's summary and not-assessable lines, as `check --json` and the JSON
// API give it; `asOfNotice` (the line `check` prints first when the case gives no request date) and
// `warnings` (unusual values) only when there are some. The web page renders these words as they
// come, so it never words them itself. Other programs read this output: fields are only ever added.
export function caseReport(r: CaseResult, warnings: InputIssue[] = []): CaseReport {
  const notice = asOfNotice(r);
  return {
    ...r,
    ...(notice ? { asOfNotice: notice } : {}),
    ...(warnings.length ? { warnings } : {}),
    items: r.items.map((i) => {
      const { requestId, text, kind, outcome, ...rest } = i;
      return {
        requestId,
        text,
        kind,
        outcome,
        summary: itemSummary(i, r.asOf.date),
        ...rest,
        notAssessable: notAssessable(i).map(notAssessableLine),
      };
    }),
  };
}
