// Tri-state explanations: documented as absent, not documented, and not assessable are different.
import { describe, expect, it } from 'vitest';
import { itemSummary } from '../../src/report/summary.js';
import { itemText } from '../../src/report/text.js';
import { caseSchema } from '../../src/schema/case.js';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { describeValue, interpolate } from '../../src/evaluate/explain.js';
import { evaluator } from '../helpers.js';

const baclofen = (extra: Record<string, unknown>, request: Record<string, unknown> = {}) =>
  caseSchema.parse({
    id: 'c',
    requestDate: '2015-06-01',
    conditions: ['chronic-low-back-pain'],
    ...extra,
    requests: [
      {
        id: 'r',
        text: 'Baclofen 10mg #30',
        kind: 'medication',
        name: 'baclofen',
        strength: '10 mg',
        quantity: 30,
        frequency: 'TID',
        ...request,
      },
    ],
  });

async function item(c: ReturnType<typeof baclofen>) {
  return (await evaluateCase(evaluator(), c)).items[0];
}

describe('explanations', () => {
  it('says "documented as absent" when the file states a flare-up is absent', async () => {
    const i = await item(baclofen({ findings: { acuteExacerbation: false } }));
    const f = i.findings.find((x) => x.ruleId === 'mtus.muscle-relaxants.acute-exacerbation')!;
    expect(f.evidence).toBe('documented');
    expect(f.found[0].text).toBe('acute exacerbation / flare-up: documented as absent');
  });

  it('says "not stated" when the file is silent, and still counts it against the item', async () => {
    const i = await item(baclofen({}));
    const f = i.findings.find((x) => x.ruleId === 'mtus.muscle-relaxants.acute-exacerbation')!;
    expect(f.evidence).toBe('not-documented');
    expect(f.found[0].text).toMatch(/not stated$/);
    expect(i.outcome).toBe('upheld');
  });

  it('marks a criterion not assessable when the fact it compares is missing, instead of met', async () => {
    // no medication history and no frequency: days of use and days of supply are unknown
    const i = await item(baclofen({ findings: { acuteExacerbation: true } }, { frequency: undefined, quantity: undefined }));
    const short = i.checked.find((c) => c.ruleId === 'mtus.muscle-relaxants.short-term');
    expect(short).toMatchObject({ status: 'not-assessable' });
    expect(short?.missing).toEqual(expect.arrayContaining(['history.daysOfUse', 'request.daysSupply']));
  });

  it('says in words why a dose criterion is not assessable for a drug with no conversion factor', async () => {
    const c = caseSchema.parse({
      id: 'c',
      requestDate: '2015-06-01',
      conditions: ['chronic-low-back-pain'],
      history: { medications: [{ name: 'Butrans', since: '2014-01', current: true }] },
      requests: [
        { id: 'r', text: 'Butrans 5mcg/hr patch #4', kind: 'medication', name: 'Butrans 5mcg/hr patch', quantity: 4, frequency: 'weekly' },
      ],
    });
    const i = (await evaluateCase(evaluator(), c)).items[0];
    const ceiling = i.checked.find((x) => x.ruleId === 'mtus.opioid-initiation.dose-ceiling');
    expect(ceiling).toMatchObject({ status: 'not-assessable' });
    // one reason for both facts: the request's dose and, through it, the regimen's
    expect(ceiling?.why).toEqual([
      {
        facts: ['request.morphineEquivalentDaily', 'history.regimenMorphineEquivalentDaily'],
        reason: expect.stringMatching(/no morphine conversion factor for buprenorphine/),
      },
    ]);
    const line = itemText(i, 1, '2015-06-01')
      .split('\n')
      .find((l) => l.includes('not assessable: The requested opioid'));
    expect(line).toMatch(/\(request\.morphineEquivalentDaily, history\.regimenMorphineEquivalentDaily: the MTUS reference .*buprenorphine/);
    expect(line).not.toMatch(/not stated/);
  });

  it('marks a criterion met when its facts are stated and satisfy it', async () => {
    const i = await item(baclofen({ findings: { acuteExacerbation: true } }));
    expect(i.checked).toContainEqual(expect.objectContaining({ ruleId: 'mtus.muscle-relaxants.acute-exacerbation', status: 'met' }));
  });

  it('makes an unknown name not-covered with a message, never a guess', async () => {
    const i = await item(baclofen({}, { name: 'Zyxoprofen' }));
    expect(i.outcome).toBe('not-covered');
    expect(i.resolution.status).toBe('unknown');
    expect(itemSummary(i, '2015-06-01')).toMatch(/not in the drug and service catalog/);
    expect(i.findings).toEqual([]);
  });

  it('decides an item no clinical topic covers only when a completeness criterion is unmet', async () => {
    // sildenafil: no clinical topic covers it (a laxative such as Colace is judged beside opioids)
    const viagra = (extra: Record<string, unknown>) =>
      caseSchema.parse({ id: 'c', requests: [{ id: 'r', text: 'Viagra', kind: 'medication', name: 'Viagra', ...extra }] });
    const gaps = (await evaluateCase(evaluator(), viagra({}))).items[0];
    expect(gaps.resolution.status).toBe('resolved');
    expect(gaps.outcome).toBe('upheld');
    expect(gaps.findings.map((f) => f.ruleId)).toContain('mtus.request.strength');
    const complete = { strength: '50 mg', quantity: 10, frequency: 'as needed', duration: '30 days' };
    const whole = (await evaluateCase(evaluator(), viagra(complete))).items[0];
    expect(whole.findings).toEqual([]);
    expect(whole.outcome).toBe('not-covered');
  });

  it('fills facts into messages', () => {
    expect(
      interpolate('used {history.daysOfUse} days; site {request.bodyRegion}', (p) => (p === 'history.daysOfUse' ? 40 : undefined)),
    ).toBe('used 40 days; site not stated');
    expect(describeValue([])).toBe('none documented');
  });
});
