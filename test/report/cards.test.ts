// The CDS Hooks cards list, per item, the criteria not assessable in the words the text report
// prints them (markdown-escaped), the facts not stated and why a computed fact has no value.
import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { loadCaseFile } from '../../src/load/cases.js';
import { cardsFor, type OrderNotes } from '../../src/report/cards.js';
import { itemText } from '../../src/report/text.js';
import { caseSchema } from '../../src/schema/case.js';
import { evaluator, SEED_FILES } from '../helpers.js';

const NO_NOTES: OrderNotes = { readFromText: new Map(), unmappedByItem: new Map(), unmapped: [] };
const HEADING = '**Not assessable from what was sent**';

// what the text report lists as not assessable for an item, without its "? not assessable: " mark
const textNotAssessable = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('    ? not assessable: '))
    .map((l) => l.slice('    ? not assessable: '.length));

// the not-assessable list of one item's detail, its markdown escapes undone
function cardNotAssessable(detail: string): string[] {
  const lines = detail.split('\n');
  const start = lines.indexOf(HEADING);
  if (start < 0) return [];
  const end = lines.indexOf('', start + 2);
  return lines.slice(start + 2, end < 0 ? undefined : end).map((l) => l.replace(/^- /, '').replace(/\\(.)/g, '$1'));
}

describe('CDS Hooks cards: criteria not assessable', () => {
  it('list each one as the text report prints it, on the warning card of an item predicted upheld', async () => {
    const loaded = loadCaseFile(SEED_FILES[2]);
    if (!loaded.case) throw new Error('seed-002 does not load');
    const r = await evaluateCase(evaluator(), loaded.case);
    const cards = cardsFor(r, NO_NOTES);
    let listed = 0;
    r.items.forEach((item, i) => {
      expect(item.outcome).toBe('upheld');
      const expected = textNotAssessable(itemText(item, i + 1, r.asOf.date));
      expect(cardNotAssessable(cards[i].detail ?? '')).toEqual(expected);
      listed += expected.length;
    });
    expect(listed).toBeGreaterThanOrEqual(3);
    expect(cards.at(-1)?.detail).toContain(
      '- Cyclobenzaprine is not added to another muscle relaxant (not stated: history.otherCurrentMuscleRelaxants)',
    );
  });

  it('say why a computed fact has no value, on the card of an item predicted overturned', async () => {
    const c = caseSchema.parse({
      id: 'why',
      requestDate: '2015-05-01',
      history: { medications: [{ name: 'Butrans', since: '2014-01', current: true }] },
      requests: [
        {
          id: 'oxy',
          text: 'Oxycodone 10 mg #60',
          kind: 'medication',
          name: 'oxycodone',
          strength: '10 mg',
          quantity: 60,
          frequency: 'as needed',
        },
      ],
    });
    const r = await evaluateCase(evaluator(), c);
    expect(r.items[0].outcome).toBe('overturned');
    const [info] = cardsFor(r, NO_NOTES);
    const expected = textNotAssessable(itemText(r.items[0], 1, r.asOf.date));
    expect(expected).toEqual([
      'The requested opioid stays within 120 mg oral morphine equivalents (request.morphineEquivalentDaily, history.regimenMorphineEquivalentDaily: the frequency "as needed" states no number of doses a day)',
    ]);
    expect(cardNotAssessable(info.detail ?? '')).toEqual(expected);
  });
});
