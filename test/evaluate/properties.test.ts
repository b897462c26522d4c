// Property-based tests: any JSON value gives a case or a validation error, never another
// exception; every valid case evaluates, deterministically and whatever the order of the cases;
// findings only cite rules that exist.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateCase } from '../../src/load/cases.js';
import { InputError } from '../../src/load/errors.js';
import { parseData } from '../../src/load/read.js';
import { evaluateCase } from '../../src/evaluate/evaluate.js';
import { BODY_REGIONS, CONDITIONS, GI_RISK_FACTORS, FIRST_LINE_TRIALS, REQUEST_KINDS, TREATMENT_TYPES } from '../../src/schema/case.js';
import { evaluator, rulePack } from '../helpers.js';

const NAMES = [
  'Baclofen',
  'Flexeril',
  'Soma',
  'Norco',
  'MS Contin',
  'tramadol',
  'omeprazole',
  'Cymbalta',
  'trazodone',
  'gabapentin',
  'naproxen',
  'Terocin',
  'Terocin patch',
  'LidoPro',
  'Lidoderm',
  'Voltaren gel',
  'ThermaCare',
  'acupuncture',
  'physical therapy',
  'chiropractic',
  'TENS unit',
  'MRI lumbar spine',
  'Zyxoprofen',
  'Flurbiprofen 20%/Lidocaine 5% cream',
  'xanax',
  'Ambien',
];

const tri = fc.option(fc.boolean(), { nil: undefined });
const isoDate = fc
  .date({ min: new Date('2005-01-01'), max: new Date('2020-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const strip = <T extends Record<string, unknown>>(o: T) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

const request = (i: number) =>
  fc
    .record({
      kind: fc.constantFrom(...REQUEST_KINDS),
      name: fc.constantFrom(...NAMES),
      strength: fc.option(fc.constantFrom('10 mg', '5%', '10/325 mg'), { nil: undefined }),
      quantity: fc.option(fc.integer({ min: 1, max: 240 }), { nil: undefined }),
      frequency: fc.option(fc.constantFrom('TID', 'BID', 'daily', 'q6h prn', 'as needed'), { nil: undefined }),
      perWeek: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
      weeks: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
      bodyRegion: fc.option(fc.constantFrom(...BODY_REGIONS), { nil: undefined }),
      decision: fc.option(fc.constantFrom('upheld', 'overturned'), { nil: undefined }),
    })
    .map((r) =>
      strip({
        id: `r${i}`,
        text: r.name,
        kind: r.kind,
        name: r.name,
        strength: r.strength,
        quantity: r.quantity,
        frequency: r.frequency,
        perWeek: r.perWeek,
        weeks: r.weeks,
        bodyRegion: r.bodyRegion,
        ...(r.decision ? { actual: { decision: r.decision } } : {}),
      }),
    );

const validCase = fc
  .record({
    id: fc.uuid(),
    requestDate: fc.option(isoDate, { nil: undefined }),
    age: fc.option(fc.integer({ min: 18, max: 90 }), { nil: undefined }),
    injury: fc.option(isoDate, { nil: undefined }),
    conditions: fc.option(fc.subarray([...CONDITIONS]), { nil: undefined }),
    diagnoses: fc.option(fc.subarray(['lumbar radiculopathy', 'chronic pain syndrome', 'knee osteoarthritis', 'depression']), {
      nil: undefined,
    }),
    findings: fc.record({
      acuteExacerbation: tri,
      muscleSpasm: tri,
      dyspepsia: tri,
      redFlags: tri,
      giRiskFactors: fc.option(fc.subarray([...GI_RISK_FACTORS]), { nil: undefined }),
    }),
    documentation: fc.record({
      functionalImprovement: tri,
      painRelief: tri,
      urineDrugScreen: tri,
      rationale: tri,
      homeExerciseProgram: tri,
      failedFirstLine: fc.option(fc.subarray([...FIRST_LINE_TRIALS]), { nil: undefined }),
    }),
    meds: fc.array(
      fc.record({
        name: fc.constantFrom(...NAMES),
        since: fc.option(fc.constantFrom('2012', '2013-06', '2015-01-15'), { nil: undefined }),
        current: tri,
      }),
      { maxLength: 4 },
    ),
    treatments: fc.array(
      fc.record({
        type: fc.constantFrom(...TREATMENT_TYPES),
        sessions: fc.option(fc.integer({ min: 0, max: 30 }), { nil: undefined }),
        functionalImprovement: tri,
      }),
      { maxLength: 3 },
    ),
    n: fc.integer({ min: 1, max: 4 }),
  })
  .chain((c) =>
    fc.tuple(...Array.from({ length: c.n }, (_, i) => request(i))).map((requests) =>
      strip({
        id: c.id,
        requestDate: c.requestDate,
        patient: c.age === undefined ? undefined : { age: c.age },
        injury: c.injury === undefined ? undefined : { date: c.injury },
        conditions: c.conditions,
        diagnoses: c.diagnoses,
        findings: strip(c.findings),
        documentation: strip(c.documentation),
        history: { medications: c.meds.map(strip), treatments: c.treatments.map(strip) },
        requests,
      }),
    ),
  );

describe('properties', () => {
  it('any JSON value yields a case or a validation error, never another exception', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          validateCase(value, 'any.json', rulePack().reasonTags);
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('any text yields data or a parse error, never another exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        try {
          parseData(text, 'any.yaml');
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('every valid case evaluates, deterministically, citing only existing rules', async () => {
    const ev = evaluator('2016-01-01');
    const known = new Set(rulePack().rules.keys());
    await fc.assert(
      fc.asyncProperty(validCase, async (raw) => {
        const c = validateCase(raw, 'gen.yaml', rulePack().reasonTags);
        const a = await evaluateCase(ev, c);
        const b = await evaluateCase(ev, c);
        expect(JSON.stringify(a)).toBe(JSON.stringify(b));
        expect(a.items).toHaveLength(c.requests.length);
        for (const item of a.items) {
          for (const f of [...item.findings, ...item.advisories]) expect(known.has(f.ruleId)).toBe(true);
          for (const x of item.checked) expect(known.has(x.ruleId)).toBe(true);
          if (item.outcome === 'upheld') expect(item.findings.length).toBeGreaterThan(0);
          if (item.outcome === 'overturned') expect(item.findings).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('the results of a batch do not depend on the order of its cases', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(validCase, { minLength: 2, maxLength: 6 }), async (raws) => {
        const cases = raws.map((r) => validateCase(r, 'gen.yaml'));
        const forward = evaluator('2016-01-01');
        const backward = evaluator('2016-01-01');
        const a = new Map<string, string>();
        for (const c of cases) a.set(c.id, JSON.stringify(await evaluateCase(forward, c)));
        for (const c of [...cases].reverse()) expect(JSON.stringify(await evaluateCase(backward, c))).toBe(a.get(c.id));
      }),
      { numRuns: 40 },
    );
  });
});
