// The line every report prints for a combination: each ingredient's strength, the strength judged,
// and the morphine-equivalent dose, or why it is not worked out.
import { describe, expect, it } from 'vitest';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { doseWords } from '../../src/report/summary.js';
import { itemText } from '../../src/report/text.js';
import { caseSchema } from '../../src/schema/case.js';
import { evaluator } from '../helpers.js';

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
