import { describe, expect, it } from 'vitest';
import { asOfDate, caseContext, doseReading, itemFacts, morphineEquivalent } from '../../src/facts/derive.js';
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
      return doseReading(r.product, index, strength, r);
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
    // a brand lists no ingredients: its numbers are read in the product's usual order, and said so
    expect(read('Percocet', '5/325 mg').order).toBe('product');
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

// A case's first item as the engine sees it: its request after the case context has read its name
// (a strength the name states, the region it names).
function itemFactsOf(raw: unknown, today = '2015-06-01') {
  const c = caseSchema.parse(raw);
  const index = rulePack().index;
  const ctx = caseContext(c, index, rulePack().definitions, today);
  const { request, resolution } = ctx.items[0];
  if (resolution.status !== 'resolved') throw new Error(resolution.note);
  return itemFacts(c, request, resolution.product, ctx, index);
}

const med = (name: string, extra: Record<string, unknown> = {}) => ({ id: 'r', text: name, kind: 'medication', name, ...extra });

describe('morphine equivalents of patches written per hour', () => {
  // mtus-criteria.md §3.6 [U-med]: fentanyl patch mcg/h × 2.4 (CDC 2016 table)
  it('reads the rate per hour a name states, in mcg or mg, as the patch strength', () => {
    const named = itemFactsOf({ id: 'c', requests: [med('Fentanyl 25 MCG/HR Transdermal System')] });
    expect(named.request.strength).toBe('25 mcg/h');
    expect(named.request.morphineEquivalentDaily).toBe(60);
    const rxnorm = itemFactsOf({ id: 'c', requests: [med('72 HR Fentanyl 0.025 MG/HR Transdermal System')] });
    expect(rxnorm.request.morphineEquivalentDaily).toBe(60);
    // the strength field written the same way: 0.025 mg/h is 25 mcg/h, not 0.025 of anything
    const field = itemFactsOf({ id: 'c', requests: [med('fentanyl patch', { strength: '0.025 MG/HR' })] });
    expect(field.request.morphineEquivalentDaily).toBe(60);
  });

  it('reads the rate from the words of the request when the name and strength do not state it', () => {
    const f = itemFactsOf({
      id: 'c',
      requests: [
        {
          id: 'r',
          text: 'fentanyl patch 50 mcg/hr, change every 72 hours, #10',
          kind: 'medication',
          name: 'fentanyl patch',
          quantity: 10,
          frequency: 'change every 72 hours',
        },
      ],
    });
    expect(f.request.morphineEquivalentDaily).toBe(120);
    // only a patch reads its rate from its words: an oral request's words may name another drug's rate
    const oral = itemFactsOf({
      id: 'c',
      requests: [
        { id: 'r', text: 'oxycodone every 6 hours (was on fentanyl 25 mcg/hr)', kind: 'medication', name: 'oxycodone', frequency: 'q6h' },
      ],
    });
    expect(oral.request.strength).toBeUndefined();
    expect(oral.why?.['request.morphineEquivalentDaily']).toBe('the strength is not stated');
  });

  it('takes the daily amount of a patch from its rate, however often it is changed', () => {
    const patch = (frequency?: string) =>
      itemFactsOf({ id: 'c', requests: [med('72 HR Fentanyl 0.05 MG/HR Transdermal System', frequency ? { frequency } : {})] });
    const [every72, daily, none] = [patch('every 72 hours'), patch('daily'), patch()];
    expect([every72, daily, none].map((f) => f.request.morphineEquivalentDaily)).toEqual([120, 120, 120]);
  });

  it('supplies a patch changed every 72 hours for 3 days a patch', () => {
    const f = itemFactsOf({
      id: 'c',
      requests: [
        {
          id: 'r',
          text: 'fentanyl 25 mcg/hr patch, change every 72 hours, #10',
          kind: 'medication',
          name: 'fentanyl 25 mcg/hr patch',
          quantity: 10,
          frequency: 'change every 72 hours',
        },
      ],
    });
    expect(f.request.dosesPerDay).toBe(0.333);
    expect(f.request.daysSupply).toBe(30);
    expect(f.request.durationDays).toBe(30);
  });

  it('adds a current patch named with its rate to the regimen', () => {
    const f = itemFactsOf({
      id: 'c',
      history: { medications: [{ name: 'Fentanyl 25 MCG/HR Transdermal System', current: true }] },
      requests: [med('oxycodone', { strength: '10 mg', frequency: 'q6h' })],
    });
    // oxycodone 10 mg × 4 × 1.5 = 60, fentanyl 25 mcg/h × 2.4 = 60
    expect(f.history.regimenMorphineEquivalentDaily).toBe(120);
  });

  it('says why a patch strength in mg with no rate per hour gives no morphine equivalent', () => {
    const f = itemFactsOf({ id: 'c', requests: [med('fentanyl patch', { strength: '4.2 mg' })] });
    expect(f.request.morphineEquivalentDaily).toBeUndefined();
    expect(f.why?.['request.morphineEquivalentDaily']).toMatch(/per hour/);
  });

  it('gives buprenorphine no morphine equivalent, and says why in words', () => {
    for (const name of ['Buprenorphine 10 MCG/HR Weekly Transdermal System', 'Butrans 5mcg/hr patch']) {
      const c = { id: 'c', history: { medications: [] }, requests: [med(name, { frequency: 'weekly' })] };
      expect(caseContext(caseSchema.parse(c), rulePack().index, rulePack().definitions, '2015-06-01').items[0].resolution).toMatchObject({
        product: { id: 'butrans' },
      });
      const f = itemFactsOf(c);
      expect(f.request.morphineEquivalentDaily).toBeUndefined();
      expect(f.history.regimenMorphineEquivalentDaily).toBeUndefined();
      expect(f.why?.['request.morphineEquivalentDaily']).toMatch(/buprenorphine/);
      expect(f.why?.['request.morphineEquivalentDaily']).toMatch(/conversion factor/);
      expect(f.why?.['history.regimenMorphineEquivalentDaily']).toMatch(/buprenorphine/);
    }
  });

  it('names the current opioid whose morphine equivalent keeps the regimen total unknown', () => {
    const f = itemFactsOf({
      id: 'c',
      history: { medications: [{ name: 'Butrans', strength: '10 mcg/h', current: true }] },
      requests: [med('oxycodone', { strength: '10 mg', frequency: 'q6h' })],
    });
    expect(f.request.morphineEquivalentDaily).toBe(60);
    expect(f.history.regimenMorphineEquivalentDaily).toBeUndefined();
    expect(f.why?.['history.regimenMorphineEquivalentDaily']).toMatch(/Butrans.*buprenorphine/);
  });
});

// Both at once: a combination's opioid strength read ingredient by ingredient, and a morphine
// equivalent that is not worked out says why.
describe('a combined strength on a name that lists the ingredients', () => {
  const index = rulePack().index;
  const read = (name: string, strength: string) => {
    const r = resolveName(index, name);
    if (r.status !== 'resolved') throw new Error(r.note);
    return doseReading(r.product, index, strength, r);
  };
  const medOf = (name: string, strength: string) =>
    itemFactsOf({ id: 'c', requests: [med(name, { strength, frequency: 'every 6 hours' })] }).request.morphineEquivalentDaily;

  it('reads the numbers in the order the name lists the ingredients', () => {
    // acetaminophen 300 mg with codeine 30 mg, not codeine 300 mg
    expect(read('acetaminophen/codeine', '300/30 mg')).toMatchObject({
      ingredients: [
        { id: 'acetaminophen', strength: '300 mg', from: 'strength' },
        { id: 'codeine', strength: '30 mg', from: 'strength' },
      ],
      order: 'name',
      opioid: { id: 'codeine', strength: '30 mg', from: 'strength' },
    });
    expect(read('APAP/hydrocodone', '325/10 mg').opioid).toEqual({ id: 'hydrocodone', strength: '10 mg', from: 'strength' });
    expect(read('acetaminophen and oxycodone', '325/5 mg').opioid).toEqual({ id: 'oxycodone', strength: '5 mg', from: 'strength' });
    expect(read('acetaminophen-hydrocodone', '325/10 mg').opioid).toEqual({ id: 'hydrocodone', strength: '10 mg', from: 'strength' });
    // in the usual order too, and then said to be the name's
    expect(read('hydrocodone/APAP', '10/325 mg')).toMatchObject({ order: 'name', opioid: { strength: '10 mg' } });
    expect(read('oxycodone and acetaminophen', '5/325 mg')).toMatchObject({ order: 'name', opioid: { strength: '5 mg' } });
  });

  it('gives the morphine-equivalent dose of the opioid the name puts second', () => {
    // codeine 30 mg four times a day × 0.15 = 18 (codeine 300 mg would be 180, over the 120 ceiling)
    expect(medOf('acetaminophen/codeine', '300/30 mg')).toBe(18);
    // hydrocodone 10 mg four times a day × 1 = 40 (not 1300)
    expect(medOf('APAP/hydrocodone', '325/10 mg')).toBe(40);
  });

  it("reads a brand's numbers in the product's usual order", () => {
    expect(read('Norco', '10/325 mg')).toMatchObject({ order: 'product', opioid: { id: 'hydrocodone', strength: '10 mg' } });
    // Tylenol #3 is written acetaminophen first, 300/30 mg
    expect(read('Tylenol #3', '300/30 mg')).toMatchObject({ order: 'product', opioid: { id: 'codeine', strength: '30 mg' } });
    expect(medOf('Tylenol #3', '300/30 mg')).toBe(18);
  });
});

describe('units taken at each dose', () => {
  // mtus-criteria.md §3.6 [U-med]: oxycodone × 1.5, hydrocodone × 1 (CDC 2016 table)
  const facts = (extra: Record<string, unknown>, name = 'oxycodone') => itemFactsOf({ id: 'c', requests: [med(name, extra)] }).request;

  it('multiply the daily amount and divide the days of supply', () => {
    // 10 mg × 2 tablets × 6 doses a day = 120 mg oxycodone, 180 mg MED; #120 lasts 10 days
    const two = facts({ strength: '10 mg', quantity: 120, frequency: '2 tabs PO q4h' });
    expect(two).toMatchObject({ unitsPerDose: 2, dosesPerDay: 6, morphineEquivalentDaily: 180, daysSupply: 10 });
    expect(facts({ strength: '10 mg', quantity: 120, frequency: 'take 2 tablets twice a day' })).toMatchObject({
      morphineEquivalentDaily: 60,
      daysSupply: 30,
    });
    // no count stated: one a dose, as before
    const one = facts({ strength: '10 mg', quantity: 120, frequency: 'every 4 hours' });
    expect(one).toMatchObject({ dosesPerDay: 6, morphineEquivalentDaily: 90, daysSupply: 20 });
    expect(one.unitsPerDose).toBeUndefined();
  });

  it('keep the upper bound of a range of units, as of a range of doses a day', () => {
    // Norco 5/325 1-2 tabs every 4-6 hours #60: hydrocodone 5 mg × 2 × 6 = 60 mg MED; 60 / 12 = 5 days
    const prn = facts({ strength: '5/325 mg', quantity: 60, frequency: '1-2 tabs orally every 4-6 hrs as needed' }, 'Norco');
    expect(prn).toMatchObject({ unitsPerDose: 2, dosesPerDay: 6, morphineEquivalentDaily: 60, daysSupply: 5, durationDays: 5 });
  });

  it('count in the regimen of current opioids too', () => {
    const f = itemFactsOf({
      id: 'c',
      history: { medications: [{ name: 'Percocet', strength: '10/325 mg', frequency: '2 tablets every 6 hours', current: true }] },
      requests: [med('oxycodone', { strength: '10 mg', frequency: 'every 6 hours' })],
    });
    // the request 10 × 4 × 1.5 = 60; the current Percocet 10 × 2 × 4 × 1.5 = 120
    expect(f.history.regimenMorphineEquivalentDaily).toBe(180);
  });

  it('double the rate of a patch when two are worn at once', () => {
    const f = facts({ strength: '25 mcg/h', frequency: 'apply 2 patches every 72 hours', quantity: 10 }, 'fentanyl patch');
    // 25 mcg/h × 2 patches × 2.4 = 120; #10 at 2 patches every 3 days lasts 15 days
    expect(f).toMatchObject({ morphineEquivalentDaily: 120, daysSupply: 15 });
  });
});

describe('morphine equivalents of combinations, with the reason when there is none', () => {
  it('adds a combination at its opioid strength to a current patch written per hour', () => {
    const f = itemFactsOf({
      id: 'c',
      history: { medications: [{ name: 'Fentanyl 25 MCG/HR Transdermal System', current: true }] },
      requests: [med('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet', { frequency: 'every 6 hours' })],
    });
    // hydrocodone 10 mg × 4 = 40 (not acetaminophen's 325 mg), fentanyl 25 mcg/h × 2.4 = 60
    expect(f.request.morphineEquivalentDaily).toBe(40);
    expect(f.history.regimenMorphineEquivalentDaily).toBe(100);
    expect(f.why).toBeUndefined();
  });

  it('says why a combination whose opioid has no factor gets none (buprenorphine with naloxone)', () => {
    const f = itemFactsOf({ id: 'c', requests: [med('Suboxone', { strength: '8/2 mg', frequency: 'twice a day' })] });
    expect(f.request.morphineEquivalentDaily).toBeUndefined();
    expect(f.why?.['request.morphineEquivalentDaily']).toMatch(/conversion factor for buprenorphine/);
  });

  it('says why a combination named with its strengths but no frequency gets none', () => {
    const f = itemFactsOf({ id: 'c', requests: [med('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet')] });
    expect(f.request.strength).toBe('10/325 mg');
    expect(f.why?.['request.morphineEquivalentDaily']).toBe('the frequency is not stated');
  });

  it('says why a product holding more than one opioid gets none, naming them', () => {
    const index = rulePack().index;
    const both = { ...index.products.get('hydrocodone-acetaminophen')!, ingredients: [{ id: 'hydrocodone' }, { id: 'oxycodone' }] };
    expect(morphineEquivalent(both, index, '10/5 mg', 'every 6 hours')).toEqual({
      unknown: expect.stringMatching(/hydrocodone and oxycodone/),
    });
  });
});

// The context of a case's first item: its resolution after the case context has read its name.
const itemOf = (raw: unknown) => caseContext(caseSchema.parse(raw), rulePack().index, rulePack().definitions, '2015-06-01').items[0];

describe('the strength a single-ingredient name states', () => {
  // mtus-criteria.md §3.6 [U-med]: oxycodone × 1.5, tramadol × 0.1 (CDC 2016 table)
  it('is the strength of a request that states none, as EHRs and RxNorm write names', () => {
    const oxy = itemFactsOf({ id: 'c', requests: [med('Oxycodone Hydrochloride 10 MG Oral Tablet', { frequency: 'every 4 hours' })] });
    expect(oxy.request.strength).toBe('10 mg');
    expect(oxy.request.morphineEquivalentDaily).toBe(90);
    const tramadol = itemFactsOf({ id: 'c', requests: [med('tramadol 50mg tab', { frequency: 'q6h' })] });
    expect(tramadol.request.morphineEquivalentDaily).toBe(20);
    expect(itemFactsOf({ id: 'c', requests: [med('Gabapentin 300 MG Oral Capsule')] }).request.strength).toBe('300 mg');
    expect(itemFactsOf({ id: 'c', requests: [med('Naproxen sodium 550 mg')] }).request.strength).toBe('550 mg');
    // a generic the catalog has no product for, read by its parts
    expect(itemFactsOf({ id: 'c', requests: [med('Meperidine Hydrochloride 50 MG Oral Tablet')] }).request.strength).toBe('50 mg');
  });

  it('says in the resolution that the strength was read from the name', () => {
    expect(itemOf({ id: 'c', requests: [med('Oxycodone Hydrochloride 10 MG Oral Tablet')] }).resolution).toMatchObject({
      note: expect.stringMatching(/; strength 10 mg \(from the name\)$/),
    });
    expect(
      itemOf({ id: 'c', requests: [med('Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet')] }).resolution,
    ).toMatchObject({
      note: expect.stringMatching(/; strength 10\/325 mg \(from the name\)$/),
    });
    const worded = itemOf({
      id: 'c',
      requests: [{ id: 'r', text: 'fentanyl patch 50 mcg/hr, change every 72 hours', kind: 'medication', name: 'fentanyl patch' }],
    });
    expect(worded.resolution).toMatchObject({ note: expect.stringMatching(/; strength 50 mcg\/h \(from the words of the request\)$/) });
    // a strength stated on the request is not read from the name, and the resolution says nothing of it
    const stated = itemOf({ id: 'c', requests: [med('Oxycodone Hydrochloride 10 MG Oral Tablet', { strength: '5 mg' })] });
    expect(stated.request.strength).toBe('5 mg');
    expect(stated.resolution).toMatchObject({ note: expect.not.stringMatching(/strength/) });
  });

  it("never overrides the request's own strength", () => {
    const f = itemFactsOf({
      id: 'c',
      requests: [med('Oxycodone Hydrochloride 10 MG Oral Tablet', { strength: '5 mg', frequency: 'q6h' })],
    });
    expect(f.request.strength).toBe('5 mg');
    expect(f.request.morphineEquivalentDaily).toBe(30);
  });

  it('reads no strength from a name whose strength is ambiguous', () => {
    for (const name of [
      'tramadol 50/100 mg', // two numbers, no ingredient beside each
      'Oxycodone 5-10 mg', // a range
      'oxycodone 5 or 10 mg',
      'Gabapentin 300 mg 600 mg', // two amounts
      'Oxycodone Hydrochloride 1 MG/ML Oral Solution', // a concentration: the dose is a volume
      'oxycodone 10 mg (was on fentanyl 25 mcg/hr)', // an amount of something else beside it
      'Norco 10/325', // a brand's bare numbers say which is which only by habit
      'Hydrocodone Bitartrate 10 MG 5 MG / Acetaminophen 325 MG Oral Tablet', // one ingredient with two amounts
      'Naproxen 100 g', // how much is dispensed, not a dose
      'Zyxoprofen 200 MG / Oxycodone Hydrochloride Oral Tablet', // the amount of a part not recognised
    ]) {
      const f = itemFactsOf({ id: 'c', requests: [med(name, { frequency: 'q6h' })] });
      expect(f.request.strength, name).toBeUndefined();
      expect(f.request.morphineEquivalentDaily, name).toBeUndefined();
    }
  });

  it('reads a current medication the same way, so its dose counts toward the regimen', () => {
    const f = itemFactsOf({
      id: 'c',
      history: {
        medications: [
          { name: 'Oxycodone Hydrochloride 10 MG Oral Tablet', frequency: 'q6h', current: true },
          { name: 'Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet', frequency: 'q6h', current: true },
        ],
      },
      requests: [med('Fentanyl 25 MCG/HR Transdermal System', { frequency: 'every 72 hours' })],
    });
    // fentanyl 25 mcg/h × 2.4 = 60, oxycodone 10 mg × 4 × 1.5 = 60, hydrocodone 10 mg × 4 × 1 = 40
    expect(f.history.regimenMorphineEquivalentDaily).toBe(160);
    // the strength stated on the medication wins over its name, and an ambiguous name gives none
    const stated = itemFactsOf({
      id: 'c',
      history: { medications: [{ name: 'Oxycodone Hydrochloride 10 MG Oral Tablet', strength: '5 mg', frequency: 'q6h', current: true }] },
      requests: [med('Fentanyl 25 MCG/HR Transdermal System')],
    });
    expect(stated.history.regimenMorphineEquivalentDaily).toBe(90);
    const ambiguous = itemFactsOf({
      id: 'c',
      history: { medications: [{ name: 'Oxycodone 5-10 mg', frequency: 'q6h', current: true }] },
      requests: [med('Fentanyl 25 MCG/HR Transdermal System')],
    });
    expect(ambiguous.history.regimenMorphineEquivalentDaily).toBeUndefined();
    expect(ambiguous.why?.['history.regimenMorphineEquivalentDaily']).toMatch(/Oxycodone 5-10 mg.*strength is not stated/);
  });

  it('tells an analgesic dose of aspirin in the history from a low dose by the strength its name states', () => {
    // CPMTG p. 68: low-dose aspirin beside an NSAID is a GI risk factor, not a second NSAID
    const beside = (aspirin: string) =>
      itemFactsOf({ id: 'c', history: { medications: [{ name: aspirin, current: true }] }, requests: [med('Naproxen sodium 550 mg')] });
    expect(beside('Aspirin 650 mg').history.currentNsaid).toBe(true);
    expect(beside('Aspirin 81 mg').history.currentNsaid).toBe(false);
  });
});
