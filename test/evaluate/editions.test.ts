// Guideline editions: the edition in force on the case's date is applied and named; a date with
// no edition in force is reported as not covered, never judged by a stale edition.
import { describe, expect, it } from 'vitest';
import { itemSummary } from '../../src/report/summary.js';
import { caseSchema } from '../../src/schema/case.js';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { evaluator } from '../helpers.js';

const baclofen = (requestDate?: string, extra: Record<string, unknown> = {}) =>
  caseSchema.parse({
    id: 'e',
    ...(requestDate ? { requestDate } : {}),
    conditions: ['chronic-low-back-pain'],
    findings: { acuteExacerbation: false },
    ...extra,
    requests: [
      { id: 'r', text: 'Baclofen 10mg #30', kind: 'medication', name: 'baclofen', strength: '10 mg', quantity: 30, frequency: 'TID' },
    ],
  });

async function item(c: ReturnType<typeof baclofen>, today = '2026-11-24') {
  return (await evaluateCase(evaluator(today), c)).items[0];
}

describe('guideline editions', () => {
  it('applies the 2009 text to a 2015 request and names it', async () => {
    const i = await item(baclofen('2015-03-01'));
    expect(i.outcome).toBe('upheld');
    expect(i.topics.find((t) => t.topic === 'muscle-relaxants')?.editionId).toBe('cpmtg-2009');
    expect(i.findings.every((f) => f.edition === 'MTUS Chronic Pain Medical Treatment Guidelines (2009)')).toBe(true);
  });

  it('applies the 2016 update to a 2017 request, with its note', async () => {
    const i = await item(baclofen('2017-02-01'));
    const t = i.topics.find((x) => x.topic === 'muscle-relaxants');
    expect(t?.editionId).toBe('cpmtg-2016');
    expect(t?.note).toMatch(/keeps these criteria/);
  });

  it('applies the ACOEM-based edition to a 2019 request and names it', async () => {
    const i = await item(baclofen('2019-05-01'));
    const t = i.topics.find((x) => x.topic === 'muscle-relaxants-acoem');
    expect(t?.editionId).toBe('acoem-mtus-2017');
    expect(i.topics.some((x) => x.topic === 'muscle-relaxants')).toBe(false);
    // the ACOEM criteria are advisory: the chronic use without a flare is reported, not decisive
    expect(i.advisories.map((f) => f.ruleId)).toContain('mtus.muscle-relaxants-acoem.acute-or-flare');
  });

  it('reports a request dated before any edition as not covered and names the edition instead of judging it', async () => {
    const i = await item(baclofen('2008-05-01'));
    expect(i.outcome).toBe('not-covered');
    expect(i.findings.filter((f) => f.topic === 'muscle-relaxants')).toEqual([]);
    expect(i.outOfForce.map((o) => o.topic)).toContain('muscle-relaxants');
    expect(itemSummary(i, '2008-05-01')).toMatch(/no rule in force on 2008-05-01.*2009-07-18 to 2016-07-28/);
  });

  it('reports the MTUS Drug Formulary status as its own finding from 2018', async () => {
    const i = await item(baclofen('2019-05-01', {}), '2026-11-24');
    // baclofen is recorded as non-exempt and no fill window applies: prospective review, as an advisory
    const f = i.advisories.find((a) => a.ruleId === 'mtus.drug-formulary.non-exempt');
    expect(f?.message).toMatch(/Non-exempt on the MTUS Drug List v3 \(effective 2018-10-01\)/);
    expect(i.derived['drug.prospectiveReview']).toBe(true);
  });

  it('uses today when no date is stated, and says so', async () => {
    const r = await evaluateCase(evaluator('2026-11-24'), baclofen());
    expect(r.asOf).toEqual({ date: '2026-11-24', source: 'today' });
    expect(r.items[0].topics.map((t) => t.editionId)).toContain('acoem-mtus-2017');
    expect(r.items[0].outcome).not.toBe('not-covered');
  });

  it('dates a letter that states no date by the edition it names', async () => {
    const r = await evaluateCase(evaluator('2026-11-24'), baclofen(undefined, { determination: { editionCited: 'cpmtg-2009' } }));
    expect(r.asOf).toEqual({ date: '2009-07-18', source: 'edition named in the letter' });
    expect(r.items[0].outcome).toBe('upheld');
  });
});
