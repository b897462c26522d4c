// Scoring imported facts against a gold file, field by field.
import { describe, expect, it } from 'vitest';
import { compareCase, reasonCounts, scoredFields, summarize } from '../../src/import/compare.js';
import type { Case } from '../../src/schema/case.js';
import { rulePack } from '../helpers.js';

const index = () => rulePack().index;

const base = (over: Partial<Case>): Case => ({
  id: 'c1',
  requests: [{ id: 'r', text: 'Baclofen 10mg #90', kind: 'medication', name: 'baclofen', actual: { decision: 'upheld' } }],
  ...over,
});

function outcomes(gold: Case, imported: Case, golds: Case[] = [gold]) {
  return compareCase(gold, imported, index(), scoredFields(golds, index()));
}

describe('compare: one letter', () => {
  it('counts a hit, a miss, an extra and a wrong value', () => {
    const gold = base({ patient: { age: 50, sex: 'male' }, findings: { muscleSpasm: true, painScore: 7 } });
    const imported = base({ patient: { age: 50 }, findings: { muscleSpasm: false, painScore: 7 } });
    const got = Object.fromEntries(outcomes(gold, imported).map((o) => [o.path, o.outcome]));
    expect(got['patient.age']).toBe('hit');
    expect(got['patient.sex']).toBe('miss');
    expect(got['findings.muscleSpasm']).toBe('wrong');
    expect(got['findings.painScore']).toBe('hit');
  });

  it('counts a true read as false against both recall and precision', () => {
    const gold = base({ findings: { muscleSpasm: true } });
    const imported = base({ findings: { muscleSpasm: false } });
    const r = summarize(
      outcomes(gold, imported).filter((o) => o.family === 'findings'),
      { gold: 0, imported: 0, hits: 0 },
      1,
    );
    expect(r.byFamily.findings).toEqual({ recall: 0, precision: 0, fields: 1 });
  });

  it('scores only fields the gold set encodes somewhere', () => {
    const gold = base({ findings: { painScore: 5 } });
    const imported = base({
      findings: { painScore: 5 },
      examination: [{ region: 'knee', effusion: true }],
    });
    expect(outcomes(gold, imported).some((o) => o.family === 'examination')).toBe(false);
    const other = base({ examination: [{ region: 'knee', tenderness: true }] });
    const withExam = outcomes(gold, imported, [gold, other]).filter((o) => o.family === 'examination');
    expect(withExam.map((o) => o.outcome)).toEqual(['extra']);
  });

  it('pairs medications by catalog product and diagnoses by their words', () => {
    const gold = base({
      diagnoses: ['lumbar radiculopathy', 'right shoulder strain'],
      history: { medications: [{ name: 'Flexeril', current: true }] },
    });
    const imported = base({
      diagnoses: ['radiculopathy, lumbar', 'hypertension'],
      history: { medications: [{ name: 'cyclobenzaprine', current: true }] },
    });
    const got = outcomes(gold, imported);
    const by = (re: RegExp) => got.filter((o) => re.test(o.path)).map((o) => o.outcome);
    expect(by(/^diagnoses/).sort()).toEqual(['extra', 'hit', 'miss']);
    expect(by(/^history\.medications/)).toEqual(['hit', 'hit']);
  });

  it('reads a frequency by its meaning, not its spelling', () => {
    const req = (frequency: string): Case['requests'] => [{ id: 'r', text: 'Norco', kind: 'medication', name: 'Norco', frequency }];
    const o = outcomes(base({ requests: req('one tablet twice daily') }), base({ requests: req('BID') }));
    expect(o.find((x) => x.path === 'requests[0].frequency')?.outcome).toBe('hit');
  });

  it('counts reason tags per item', () => {
    const gold = base({});
    gold.requests[0].actual = { decision: 'upheld', reasons: ['long-term-use', 'no-functional-improvement'] };
    const imported = base({});
    imported.requests[0].actual = { decision: 'upheld', reasons: ['long-term-use', 'missing-strength'] };
    expect(reasonCounts(gold, imported)).toEqual({ gold: 2, imported: 2, hits: 1 });
  });
});
