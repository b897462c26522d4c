// The line every report prints for a combination: each ingredient's strength, the strength judged,
// and the morphine-equivalent dose, or why it is not worked out; and for a medication taken more
// than one unit a dose, or by a range, the units and doses a day the facts are worked from. The
// JSON case report carries the not-assessable lines in the words the text report prints them.
import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { loadCaseFile } from '../../src/load/cases.js';
import { caseReport, doseWords } from '../../src/report/summary.js';
import { itemText } from '../../src/report/text.js';
import { caseSchema } from '../../src/schema/case.js';
import { evaluator, SEED_FILES } from '../helpers.js';

const med = (id: string, name: string, extra: Record<string, unknown> = {}) => ({ id, text: name, kind: 'medication', name, ...extra });

describe('doseWords: a combination whose morphine-equivalent dose is not worked out', () => {
  it('says why, in the words of the criterion left not assessable', async () => {
    const c = caseSchema.parse({
      id: 'c',
      requestDate: '2015-06-01',
      requests: [
        med('bup', 'Suboxone', { strength: '8/2 mg', frequency: 'twice a day' }),
        med('norco', 'Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet'),
      ],
    });
    const r = await evaluateCase(evaluator(), c);
    const [bup, norco] = r.items;
    expect(doseWords(bup)).toMatch(
      /^ingredients: buprenorphine 8 mg \(its place in 8\/2 mg, in the product's usual order\), naloxone 2 mg \(its place in 8\/2 mg, in the product's usual order\); strength judged: 8\/2 mg; morphine-equivalent dose: not worked out, the MTUS reference .* no morphine conversion factor for buprenorphine/,
    );
    expect(doseWords(norco)).toBe(
      'ingredients: hydrocodone 10 mg (named beside it), acetaminophen 325 mg (named beside it); strength judged: 10/325 mg; morphine-equivalent dose from hydrocodone 10 mg: not worked out, the frequency is not stated',
    );
    // check prints the same line under the item
    expect(itemText(bup, 1, r.asOf.date)).toContain(`     ${doseWords(bup)}\n`);
  });
});

// what the text report lists as not assessable for an item, without its "? not assessable: " mark
const textNotAssessable = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('    ? not assessable: '))
    .map((l) => l.slice('    ? not assessable: '.length));

describe('caseReport: the criteria not assessable, per item', () => {
  it('carries them as the text report prints them, the facts not stated and why a computed fact has none', async () => {
    const loaded = loadCaseFile(SEED_FILES[2]);
    if (!loaded.case) throw new Error('seed-002 does not load');
    const oxy = caseSchema.parse({
      id: 'why',
      requestDate: '2015-05-01',
      history: { medications: [{ name: 'Butrans', since: '2014-01', current: true }] },
      requests: [med('oxy', 'oxycodone', { text: 'Oxycodone 10 mg #60', strength: '10 mg', quantity: 60, frequency: 'as needed' })],
    });
    const reports = [];
    for (const c of [loaded.case, oxy]) {
      const r = await evaluateCase(evaluator(), c);
      // as `check --json` prints it
      const report = JSON.parse(JSON.stringify(caseReport(r)));
      r.items.forEach((item, i) => {
        expect(report.items[i].notAssessable).toEqual(textNotAssessable(itemText(item, i + 1, r.asOf.date)));
      });
      reports.push(report);
    }
    const [seed, why] = reports;
    expect(seed.items.at(-1).text).toBe('Flexeril');
    expect(seed.items.at(-1).notAssessable).toContain(
      'Cyclobenzaprine is not added to another muscle relaxant (not stated: history.otherCurrentMuscleRelaxants)',
    );
    expect(why.items[0].notAssessable).toEqual([
      'The requested opioid stays within 120 mg oral morphine equivalents (request.morphineEquivalentDaily, history.regimenMorphineEquivalentDaily: the frequency "as needed" states no number of doses a day)',
    ]);
  });

  it('is an empty list for an item with none, and every field the report had stays', async () => {
    const c = caseSchema.parse({ id: 'none', requestDate: '2015-05-01', requests: [med('x', 'sildenafil')] });
    const [item] = caseReport(await evaluateCase(evaluator(), c)).items;
    expect(item.notAssessable).toEqual([]);
    expect(Object.keys(item)).toEqual(
      expect.arrayContaining(['requestId', 'text', 'kind', 'outcome', 'summary', 'resolution', 'topics', 'findings', 'checked', 'derived']),
    );
  });
});

describe('doseWords: the order a combined strength is read in', () => {
  it("says whether the numbers go with the ingredients as the name lists them or in the product's usual order", async () => {
    const c = caseSchema.parse({
      id: 'c',
      requestDate: '2015-06-01',
      requests: [
        med('apap', 'acetaminophen/codeine', { strength: '300/30 mg', frequency: 'every 6 hours' }),
        med('brand', 'Norco', { strength: '10/325 mg', frequency: 'every 6 hours' }),
      ],
    });
    const [apap, brand] = (await evaluateCase(evaluator(), c)).items;
    expect(doseWords(apap)).toBe(
      'ingredients: acetaminophen 300 mg (its place in 300/30 mg, as the name lists the ingredients), codeine 30 mg (its place in 300/30 mg, as the name lists the ingredients); strength judged: 300/30 mg; morphine-equivalent dose from codeine 30 mg: 18 mg a day',
    );
    expect(doseWords(brand)).toBe(
      "ingredients: hydrocodone 10 mg (its place in 10/325 mg, in the product's usual order), acetaminophen 325 mg (its place in 10/325 mg, in the product's usual order); strength judged: 10/325 mg; morphine-equivalent dose from hydrocodone 10 mg: 40 mg a day",
    );
  });
});

describe('doseWords: units taken at each dose', () => {
  it('says how many a dose, that a range is read at its upper bound, and works the dose from them', async () => {
    const c = caseSchema.parse({
      id: 'c',
      requestDate: '2015-06-01',
      requests: [
        med('norco', 'Norco', { strength: '5/325 mg', quantity: 60, frequency: '1-2 tabs orally every 4-6 hrs as needed' }),
        med('oxy', 'oxycodone', { strength: '10 mg', quantity: 120, frequency: '2 tabs PO q4h' }),
        med('one', 'oxycodone', { strength: '10 mg', quantity: 120, frequency: '1 tablet every 4 hours' }),
      ],
    });
    const r = await evaluateCase(evaluator(), c);
    const [norco, oxy, one] = r.items;
    expect(doseWords(norco)).toBe(
      "ingredients: hydrocodone 5 mg (its place in 5/325 mg, in the product's usual order), acetaminophen 325 mg (its place in 5/325 mg, in the product's usual order); strength judged: 5/325 mg; taken at each dose: 2 tabs, the upper bound of 1-2 (a dose limit is about the most the order allows); doses a day: 6, the upper bound of the range written; morphine-equivalent dose from hydrocodone 5 mg × 2 tabs a dose: 60 mg a day",
    );
    // a single ingredient: no ingredient list, the same arithmetic
    expect(doseWords(oxy)).toBe(
      'strength judged: 10 mg; taken at each dose: 2 tabs; morphine-equivalent dose from oxycodone 10 mg × 2 tabs a dose: 180 mg a day',
    );
    // one tablet a dose, no range: nothing more to say than the strength
    expect(one.dose).toBeUndefined();
    expect(itemText(oxy, 2, r.asOf.date)).toContain(`     ${doseWords(oxy)}\n`);
    expect(oxy.derived).toMatchObject({ 'request.unitsPerDose': 2, 'request.morphineEquivalentDaily': 180, 'request.daysSupply': 10 });
  });
});
