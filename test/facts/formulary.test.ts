// The MTUS Drug Formulary as facts: the list version in force, the status history of a drug, and the
// Special Fill and Perioperative Fill windows counted as the regulations count them.
import { describe, expect, it } from 'vitest';
import { type FormularyInput, formularyFacts, indexDrugList, checkDrugList } from '../../src/facts/formulary.js';
import type { DrugListFile } from '../../src/schema/drug-list.js';

const file: DrugListFile = {
  versions: [
    { id: 'v1', effective: '2018-01-01', note: 'first', source: 's', basis: 'C' },
    { id: 'v7', effective: '2020-11-01', note: 'depressive disorders', source: 's', basis: 'U-med' },
  ],
  entries: [
    {
      drugs: ['norco'],
      statuses: [{ from: 'v1', status: 'non-exempt', specialFillDays: 4, perioperativeFillDays: 4, basis: 'U-med', note: 'n' }],
    },
    { drugs: ['lorazepam'], statuses: [{ from: 'v1', status: 'non-exempt', basis: 'U-med', note: 'n' }] },
    { drugs: ['naproxen'], statuses: [{ from: 'v1', status: 'exempt', basis: 'U-med', note: 'n' }] },
    {
      drugs: ['amitriptyline'],
      statuses: [
        { from: 'v1', status: 'non-exempt', basis: 'U-low', note: 'n' },
        { from: 'v7', status: 'exempt', basis: 'U-med', note: 'n' },
      ],
    },
  ],
};
const list = indexDrugList(file);
const base = (over: Partial<FormularyInput>): FormularyInput => ({
  date: '2024-03-10',
  productId: 'norco',
  compound: false,
  form: 'oral',
  surgeries: [],
  ...over,
});

describe('MTUS Drug Formulary facts', () => {
  it('does not apply before 1 January 2018', () => {
    expect(formularyFacts(list, base({ date: '2017-12-31' }))).toEqual({});
  });

  it('takes the status from the list version in force on the date', () => {
    expect(formularyFacts(list, base({ productId: 'amitriptyline', date: '2020-10-31' })).formularyStatus).toBe('non-exempt');
    const later = formularyFacts(list, base({ productId: 'amitriptyline', date: '2020-11-01' }));
    expect(later.formularyStatus).toBe('exempt');
    expect(later.listVersion).toBe('MTUS Drug List v7 (effective 2020-11-01)');
    expect(later.formularyPolicy).toBe('exempt');
  });

  it('counts the Special Fill window from the day after the injury: day 7 is in, day 8 is out', () => {
    const day7 = formularyFacts(list, base({ injuryDate: '2024-03-03', daysSupply: 4 }));
    expect(day7.daysAfterInjury).toBe(7);
    expect(day7.specialFillWindow).toBe(true);
    expect(day7.formularyPolicy).toBe('special-fill');
    expect(day7.prospectiveReview).toBe(false);
    const day8 = formularyFacts(list, base({ injuryDate: '2024-03-02', daysSupply: 4 }));
    expect(day8.specialFillWindow).toBe(false);
    expect(day8.fillPolicy).toBe('none');
    expect(day8.prospectiveReview).toBe(true);
  });

  it('closes the Special Fill window at a visit that is not the initial one', () => {
    const f = formularyFacts(list, base({ injuryDate: '2024-03-08', daysSupply: 4, initialVisit: false }));
    expect(f.specialFillWindow).toBe(false);
    expect(f.formularyNote).toMatch(/not at the initial visit/);
  });

  it('counts the Perioperative Fill window 4 days either side of the surgery, the surgery day being day 0', () => {
    const at = (date: string) =>
      formularyFacts(
        list,
        base({ date, daysSupply: 3, surgeries: [{ id: 's', date: '2024-03-10', status: 'performed', procedure: 'ACDF' }] }),
      );
    expect(at('2024-03-06').perioperativeWindow).toBe(true);
    expect(at('2024-03-06').surgeryDay).toBe(-4);
    expect(at('2024-03-05').perioperativeWindow).toBe(false);
    expect(at('2024-03-14').formularyPolicy).toBe('perioperative-fill');
    expect(at('2024-03-15').formularyPolicy).toBe('prospective-review');
  });

  it('uses the surgery the item names, and ignores a surgery with only a month', () => {
    const surgeries = [
      { id: 'a', date: '2024-03-09', status: 'performed', procedure: 'one' },
      { id: 'b', date: '2024-01-01', status: 'performed', procedure: 'two' },
      { id: 'c', date: '2024-03', status: 'planned', procedure: 'three' },
    ];
    expect(formularyFacts(list, base({ surgeries, linkedSurgery: 'b' })).surgeryDay).toBe(69);
    expect(formularyFacts(list, base({ surgeries })).surgeryDay).toBe(1);
    expect(formularyFacts(list, base({ surgeries, linkedSurgery: 'c' })).surgeryDay).toBeUndefined();
  });

  it('lets only the listed days through: a longer supply needs review, an unstated one is not known', () => {
    expect(formularyFacts(list, base({ injuryDate: '2024-03-09', daysSupply: 10 })).withinFillSupply).toBe(false);
    const unknown = formularyFacts(list, base({ injuryDate: '2024-03-09' }));
    expect(unknown.withinFillSupply).toBeUndefined();
    expect(unknown.prospectiveReview).toBeUndefined();
  });

  it('gives a drug without a fill no window, and an exempt drug no review unless brand or physician-dispensed', () => {
    expect(formularyFacts(list, base({ productId: 'lorazepam', injuryDate: '2024-03-09' })).fillPolicy).toBe('none');
    expect(formularyFacts(list, base({ productId: 'naproxen' })).prospectiveReview).toBe(false);
    expect(formularyFacts(list, base({ productId: 'naproxen', brandRequired: true })).prospectiveReview).toBe(true);
    const dispensed = (over: Partial<FormularyInput>) =>
      formularyFacts(
        list,
        base({ productId: 'naproxen', dispensedBy: 'physician', injuryDate: '2024-03-08', initialVisit: true, ...over }),
      );
    expect(dispensed({ daysSupply: 7 }).prospectiveReview).toBe(false);
    expect(dispensed({ daysSupply: 30 }).prospectiveReview).toBe(true);
  });

  it('sends every compound to review, and reports a drug it does not record', () => {
    expect(formularyFacts(list, base({ productId: 'naproxen', compound: true })).formularyStatus).toBe('compounded');
    const unknown = formularyFacts(list, base({ productId: 'zzz' }));
    expect(unknown.formularyStatus).toBe('not-recorded');
    expect(unknown.formularyNote).toMatch(/does not record/);
  });

  it('reports unknown products and versions in the data file', () => {
    const bad: DrugListFile = {
      ...file,
      entries: [{ drugs: ['nope'], statuses: [{ from: 'v9', status: 'exempt', basis: 'U-low', note: 'n' }] }],
    };
    expect(checkDrugList(bad, new Set(['norco'])).map((i) => i.path)).toEqual(['entries[0].drugs[0]', 'entries[0].statuses[0].from']);
  });
});
