import { describe, expect, it } from 'vitest';
import { asOfDate, caseContext, doseReading, itemFacts } from '../../src/facts/derive.js';
import { dosesPerDay, durationDays } from '../../src/facts/request-text.js';
import { resolveName } from '../../src/facts/catalog.js';
import { conditionsFromDiagnoses } from '../../src/facts/conditions.js';
import { caseSchema } from '../../src/schema/case.js';
import { rulePack } from '../helpers.js';

function factsFor(raw: unknown, today = '2015-06-01') {
  const c = caseSchema.parse(raw);
  const index = rulePack().index;
  const ctx = caseContext(c, index, rulePack().definitions, today);
  const req = c.requests[0];
  const r = resolveName(index, req.name, req.ingredients);
  if (r.status !== 'resolved') throw new Error(r.note);
  return itemFacts(c, req, r.product, ctx, index);
}

describe('fact derivation', () => {
  it('reads dosing frequencies and durations', () => {
    expect(dosesPerDay('TID')).toBe(3);
    expect(dosesPerDay('1 tab twice daily')).toBe(2);
    expect(dosesPerDay('q6h prn')).toBe(4);
    expect(dosesPerDay('3 times a day')).toBe(3);
    expect(dosesPerDay('as needed')).toBeUndefined();
    expect(durationDays('2-3 weeks')).toBe(21);
    expect(durationDays('30 days')).toBe(30);
    expect(durationDays('soon')).toBeUndefined();
  });

  it('picks the as-of date from the request, the letter, or today, and says which', () => {
    const base = { id: 'c', requests: [{ id: 'r', text: 't', kind: 'medication', name: 'baclofen' }] };
    expect(asOfDate(caseSchema.parse({ ...base, requestDate: '2014-01-02' }), '2026-01-01')).toEqual({
      date: '2014-01-02',
      source: 'requestDate',
    });
    expect(asOfDate(caseSchema.parse({ ...base, determination: { urDenialDate: '2014-04-25' } }), '2026-01-01')).toEqual({
      date: '2014-04-25',
      source: 'UR denial date',
    });
    expect(asOfDate(caseSchema.parse(base), '2026-01-01').source).toBe('today');
  });

  it('counts days of use from the latest date a "since" can mean, and days of supply', () => {
    const f = factsFor({
      id: 'c',
      requestDate: '2014-04-25',
      history: {
        medications: [
          { name: 'Baclofen', since: '2012-06', current: true },
          { name: 'Soma', current: true },
        ],
      },
      requests: [{ id: 'r', text: 'Baclofen 20mg #90', kind: 'medication', name: 'baclofen', quantity: 90, frequency: 'TID' }],
    });
    expect(f.history.continuesCurrentUse).toBe(true);
    expect(f.history.daysOfUse).toBe(664); // 2012-06-30 to 2014-04-25
    expect(f.request.daysSupply).toBe(30);
    expect(f.history.otherCurrentMuscleRelaxants).toBe(1);
  });

  it('matches a current drug by ingredient across brand names (MS Contin vs MSER)', () => {
    const f = factsFor({
      id: 'c',
      requestDate: '2014-09-20',
      history: { medications: [{ name: 'MS-Contin 60 mg', since: 2012, current: true }] },
      requests: [{ id: 'r', text: 'MSER 50mg #90', kind: 'medication', name: 'MSER' }],
    });
    expect(f.history.continuesCurrentUse).toBe(true);
    expect(f.history.daysOfUse).toBe(628); // from 2012-12-31 to 2014-09-20
  });

  it("a combination's morphine-equivalent dose counts the opioid's own strength, wherever the name puts it", () => {
    const med = (name: string, frequency: string, strength?: string) =>
      factsFor({ id: 'c', requests: [{ id: 'r', text: name, kind: 'medication', name, frequency, ...(strength ? { strength } : {}) }] })
        .request.morphineEquivalentDaily;
    // codeine 30 mg four times a day (x 0.15), not acetaminophen's 300 mg read as codeine
    expect(med('Acetaminophen 300 MG / Butalbital 50 MG / Caffeine 40 MG / Codeine Phosphate 30 MG Oral Capsule', 'every 6 hours')).toBe(
      18,
    );
    // oxycodone 5 mg four times a day (x 1.5), not ibuprofen's 200 mg
    expect(med('Ibuprofen 200 MG / Oxycodone Hydrochloride 5 MG Oral Tablet', 'every 6 hours')).toBe(30);
    // the catalog product lists the opioid first, as "10/325 mg" is written
    expect(med('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet', 'every 6 hours')).toBe(40);
    expect(med('Norco', 'every 6 hours', '10/325 mg')).toBe(40);
  });

  it('reads a combination ingredient by ingredient and says which strength counts for the opioid dose', () => {
    const index = rulePack().index;
    const read = (name: string, strength?: string) => {
      const r = resolveName(index, name);
      if (r.status !== 'resolved') throw new Error(r.note);
      return doseReading(r.product, index, strength, r.strengths);
    };
    expect(read('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet', '10/325 mg')).toEqual({
      strength: '10/325 mg',
      ingredients: [
        { id: 'hydrocodone', strength: '10 mg', from: 'name' },
        { id: 'acetaminophen', strength: '325 mg', from: 'name' },
      ],
      opioid: { id: 'hydrocodone', strength: '10 mg', from: 'name' },
    });
    expect(read('Percocet', '5/325 mg').opioid).toEqual({ id: 'oxycodone', strength: '5 mg', from: 'strength' });
    // one number for two ingredients: read as the first one's, and said so
    expect(read('Norco', '10 mg').opioid).toEqual({ id: 'hydrocodone', strength: '10 mg', from: 'first number' });
    expect(read('oxycodone and acetaminophen')).toEqual({
      ingredients: [{ id: 'oxycodone' }, { id: 'acetaminophen' }],
      opioid: { id: 'oxycodone', from: 'not stated' },
    });
  });

  it('leaves history facts unstated when the case lists no medications', () => {
    const f = factsFor({ id: 'c', requests: [{ id: 'r', text: 'Flexeril', kind: 'medication', name: 'Flexeril' }] });
    expect(f.history.continuesCurrentUse).toBeUndefined();
    expect(f.history.daysOfUse).toBeUndefined();
    expect(f.history.otherCurrentMuscleRelaxants).toBeUndefined();
  });

  it('derives GI risk from age or stated factors, and leaves it unstated otherwise', () => {
    const base = { id: 'c', requests: [{ id: 'r', text: 'omeprazole', kind: 'medication', name: 'omeprazole' }] };
    expect(factsFor({ ...base, patient: { age: 70 } }).findings.giRisk).toBe(true);
    expect(factsFor({ ...base, findings: { giRiskFactors: [] } }).findings.giRisk).toBe(false);
    expect(factsFor({ ...base, patient: { age: 40 } }).findings.giRisk).toBeUndefined();
  });

  it('sums prior sessions of the same therapy only when every course states them', () => {
    const req = [{ id: 'r', text: 'acupuncture x6', kind: 'therapy', name: 'acupuncture', sessions: 6 }];
    const known = factsFor({
      id: 'c',
      history: {
        treatments: [
          { type: 'acupuncture', sessions: 6, functionalImprovement: true },
          { type: 'acupuncture', sessions: 4 },
        ],
      },
      requests: req,
    });
    expect(known.history).toMatchObject({ priorTreatment: true, priorSessions: 10, priorFunctionalImprovement: true });
    const unknown = factsFor({ id: 'c', history: { treatments: [{ type: 'acupuncture' }] }, requests: req });
    expect(unknown.history.priorSessions).toBeUndefined();
    expect(factsFor({ id: 'c', history: { treatments: [{ type: 'chiropractic' }] }, requests: req }).history.priorTreatment).toBe(false);
  });

  it('derives condition tags from diagnoses and shows which words did it', () => {
    const d = conditionsFromDiagnoses(
      ['lumbar radiculopathy', 'post laminectomy syndrome', 'fracture'],
      rulePack().definitions.conditionLexicon.value,
    );
    expect(d.tags).toEqual(expect.arrayContaining(['radiculopathy', 'neuropathic-pain', 'post-laminectomy-syndrome']));
    expect(d.from.map((x) => x.diagnosis)).toEqual(['lumbar radiculopathy', 'post laminectomy syndrome']);
  });

  it("lists a topical product's ingredients by guideline status", () => {
    const f = factsFor({ id: 'c', requests: [{ id: 'r', text: 'Terocin', kind: 'medication', name: 'Terocin' }] });
    expect(f.drug.notRecommendedIngredients).toEqual(['lidocaine']);
    expect(f.drug.conditionalIngredients).toEqual(['capsaicin']);
    expect(f.drug.notAddressedIngredients).toEqual(['menthol']);
    const lidoderm = factsFor({ id: 'c', requests: [{ id: 'r', text: 'Lidoderm', kind: 'medication', name: 'Lidoderm' }] });
    expect(lidoderm.drug.notRecommendedIngredients).toEqual([]);
    expect(lidoderm.drug.conditionalIngredients).toEqual(['lidocaine']);
  });
});
