// The words for an outcome: one line per item that says what the prediction rests on. Every
// surface (text, JSON, the web page, CDS Hooks cards) takes its wording from here.
import type { CaseResult, ItemResult, Outcome } from '../evaluate/evaluate.js';

export const OUTCOME_WORD: Record<Outcome, string> = { upheld: 'UPHELD', overturned: 'OVERTURNED', 'not-covered': 'NOT COVERED' };

export function itemSummary(item: ItemResult, date: string): string {
  if (item.resolution.status === 'unknown') return `not assessed: ${item.resolution.note}`;
  if (item.outcome === 'not-covered' && item.outOfForce.length > 0) {
    return `no rule in force on ${date} covers this item; the pack judges it only under ${item.outOfForce.map((o) => `${o.topic} (${o.editions.join('; ')})`).join(', ')}, which would be a stale edition: no prediction`;
  }
  if (item.outcome === 'not-covered') return 'no MTUS rule in this pack covers this item; no prediction';
  if (item.outcome === 'overturned') return 'every applicable criterion is met: likely to be found medically necessary';
  const fixable = item.findings.filter((f) => f.fixable).length;
  const hard = item.findings.length - fixable;
  const parts = [];
  if (hard) parts.push(`${hard} criterion${hard > 1 ? 'a' : ''} the guideline does not support`);
  if (fixable) parts.push(`${fixable} the provider can fix before submitting`);
  const tail = hard ? ' (documentation alone will not change the outcome)' : ' (all fixable: send what is listed below)';
  return `denial likely upheld: ${parts.join('; ')}${tail}`;
}

export type ItemReport = ItemResult & { summary: string };
export type CaseReport = Omit<CaseResult, 'items'> & { items: ItemReport[] };

// A case result with each item's summary, as `check --json` and the JSON API give it.
export function caseReport(r: CaseResult): CaseReport {
  return {
    ...r,
    items: r.items.map((i) => {
      const { requestId, text, kind, outcome, ...rest } = i;
      return { requestId, text, kind, outcome, summary: itemSummary(i, r.asOf.date), ...rest };
    }),
  };
}
