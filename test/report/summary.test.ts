// The line every report prints for a combination: each ingredient's strength, the strength judged,
// and the morphine-equivalent dose, or why it is not worked out. The JSON case report carries the
// not-assessable lines in the words the text report prints them.
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
      /^ingredients: buprenorphine 8 mg \(its place in 8\/2 mg\), naloxone 2 mg \(its place in 8\/2 mg\); strength judged: 8\/2 mg; morphine-equivalent dose: not worked out, the MTUS reference .* no morphine conversion factor for buprenorphine/,
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
