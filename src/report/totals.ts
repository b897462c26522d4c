// Totals by outcome at the end of a batch, the same in every format.
import type { CaseResult, Outcome } from '../evaluate/evaluate.js';

export type Totals = { cases: number; items: number; byOutcome: Record<Outcome, number> };

export const emptyTotals = (): Totals => ({ cases: 0, items: 0, byOutcome: { upheld: 0, overturned: 0, 'not-covered': 0 } });

export function addTotals(t: Totals, r: CaseResult): Totals {
  t.cases += 1;
  for (const item of r.items) {
    t.items += 1;
    t.byOutcome[item.outcome] += 1;
  }
  return t;
}

export const OUTCOME_LABEL: Record<Outcome, string> = { upheld: 'upheld', overturned: 'overturned', 'not-covered': 'no prediction' };
export const OUTCOME_ORDER: Outcome[] = ['upheld', 'overturned', 'not-covered'];

export function totalsText(t: Totals): string {
  const parts = OUTCOME_ORDER.map((o) => `${OUTCOME_LABEL[o]} ${t.byOutcome[o]}`);
  return `totals: ${t.cases} case${t.cases === 1 ? '' : 's'}, ${t.items} item${t.items === 1 ? '' : 's'}: ${parts.join(', ')}`;
}
