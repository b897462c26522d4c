// CDS Hooks 2.0 order-sign service: discovery, mapping FHIR R4 orders to a case, cards.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rulePack } from '../helpers.js';
import { type RunningServer, startServer } from '../../src/serve/server.js';
import { hookRequestSchema, hookToCase } from '../../src/serve/cds.js';
import { editedOrder, frequencyOfTiming, ordersToCase } from '../../src/import/fhir.js';
import { orderChanges } from '../../src/report/cards.js';
import { parseFrequency } from '../../src/facts/request-text.js';
import { createEvaluator, evaluateCase } from '../../src/evaluate/evaluate.js';
import { itemText } from '../../src/report/text.js';

const TODAY = '2015-06-01';
const FIXTURE = new URL('./fixtures/order-sign.json', import.meta.url);
const hookRequest = () => JSON.parse(readFileSync(FIXTURE, 'utf8'));
// a draft MedicationRequest of one tablet every 6 hours, #120
const opioidOrder = (id: string, medicationCodeableConcept: unknown, authoredOn = '2015-03-10') => ({
  resource: {
    resourceType: 'MedicationRequest',
    id,
    status: 'draft',
    intent: 'order',
    medicationCodeableConcept,
    dosageInstruction: [
      { timing: { repeat: { frequency: 1, period: 6, periodUnit: 'h' } }, doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] },
    ],
    dispenseRequest: { quantity: { value: 120, unit: 'tablet' } },
    subject: { reference: 'Patient/pat-1042' },
    authoredOn,
  },
});
const NORCO_RXNORM = {
  coding: [
    {
      system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
      code: '856999',
      display: 'Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet',
    },
  ],
};
const tpiOrder = (injections: number) => ({
  resource: {
    resourceType: 'ServiceRequest',
    id: 'tpi',
    status: 'draft',
    intent: 'order',
    code: { text: 'Trigger point injections' },
    quantityQuantity: { value: injections, unit: 'injections' },
    bodySite: [{ text: 'neck' }],
    subject: { reference: 'Patient/pat-1042' },
    authoredOn: '2015-03-10',
  },
});
// oxycodone 30 mg every 4 hours as needed, #180: 270 mg morphine equivalents a day, taken since 2014
const oxycodoneRequest = () => {
  const req = hookRequest();
  req.prefetch.medications = {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: [
      {
        resource: {
          resourceType: 'MedicationRequest',
          id: 'oxy-current',
          status: 'active',
          intent: 'order',
          medicationCodeableConcept: { text: 'Oxycodone 30 mg' },
          authoredOn: '2014-01-01',
        },
      },
    ],
  };
  req.context.draftOrders.entry = [
    {
      resource: {
        resourceType: 'MedicationRequest',
        id: 'oxy',
        status: 'draft',
        intent: 'order',
        medicationCodeableConcept: { text: 'Oxycodone 30 mg' },
        dosageInstruction: [
          {
            text: '1 tablet every 4 hours as needed for pain',
            timing: { repeat: { frequency: 1, period: 4, periodUnit: 'h' } },
            asNeededBoolean: true,
          },
        ],
        dispenseRequest: { quantity: { value: 180, unit: 'tablet' }, expectedSupplyDuration: { value: 30, unit: 'days', code: 'd' } },
        subject: { reference: 'Patient/pat-1042' },
        authoredOn: '2015-03-10',
      },
    },
  ];
  return req;
};
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Card = { uuid: string; summary: string; detail?: string; indicator: string; source: { label: string }; suggestions?: unknown[] };

let srv: RunningServer;
const url = (path: string) => new URL(path, srv.url).toString();
const sign = (body: unknown, headers: Record<string, string> = {}) =>
  fetch(url('/cds-services/imr-check-order-sign'), {
    method: 'POST',
    body: typeof body === 'string' ? body : JSON.stringify(body),
    headers: { 'content-type': 'application/json', origin: 'https://sandbox.cds-hooks.org', ...headers },
    signal: AbortSignal.timeout(10_000),
  });

beforeAll(async () => {
  srv = await startServer({ pack: rulePack(), port: 0, host: '127.0.0.1', today: TODAY });
}, 20_000);

afterAll(async () => {
  await srv?.close(1_000);
});

describe('CDS Hooks discovery', () => {
  it('GET /cds-services lists the order-sign service with its prefetch templates', async () => {
    const res = await fetch(url('/cds-services'), { headers: { origin: 'https://sandbox.cds-hooks.org' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = (await res.json()) as { services: Array<Record<string, unknown>> };
    expect(body.services).toHaveLength(1);
    const s = body.services[0];
    expect(s).toMatchObject({ id: 'imr-check-order-sign', hook: 'order-sign' });
    expect(typeof s.title).toBe('string');
    expect(typeof s.description).toBe('string');
    expect(s.prefetch).toMatchObject({
      patient: 'Patient/{{context.patientId}}',
      conditions: 'Condition?patient={{context.patientId}}&clinical-status=active',
    });
  });

  it('answers CORS preflight for CDS clients in a browser', async () => {
    const res = await fetch(url('/cds-services/imr-check-order-sign'), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://sandbox.cds-hooks.org',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/POST/);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
  });
});

describe('mapping FHIR R4 orders to a case', () => {
  const mapped = () => hookToCase(hookRequestSchema.parse(hookRequest()), rulePack().index);

  it('reads patient, conditions, dates and both orders', () => {
    const { case: c } = mapped();
    expect(c.requestDate).toBe('2015-03-10');
    expect(c.patient).toEqual({ age: 52, sex: 'female' }); // born 1962-09-14, order authored 2015-03-10
    expect(c.diagnoses).toEqual(['lumbar radiculopathy', 'Chronic pain syndrome']);
    expect(c.requests).toHaveLength(2);
    expect(c.requests[0]).toMatchObject({
      id: 'flexeril-10',
      kind: 'medication',
      name: 'Flexeril 10 mg',
      strength: '10 mg',
      quantity: 90,
      frequency: '1 tablet three times daily',
      duration: '30 days',
      indication: 'muscle spasm of the lower back',
    });
    expect(c.requests[1]).toMatchObject({
      id: 'acupuncture-2x4',
      kind: 'therapy',
      name: 'Acupuncture 2 times a week for 4 weeks',
      sessions: 8,
      perWeek: 2,
      weeks: 4,
      bodyRegion: 'lumbar',
    });
  });

  it('says where a value came from when it is not the structured field', () => {
    const m = mapped();
    expect(m.readFromText.get('flexeril-10')).toEqual(
      expect.arrayContaining([
        'strength 10 mg read from the medication text "Flexeril 10 mg"',
        'dose per administration 1 tablet is a count, not a strength',
      ]),
    );
  });

  it('reports what it cannot map instead of guessing', () => {
    const m = mapped();
    const flexeril = m.unmappedByItem.get('flexeril-10')!;
    expect(flexeril).toEqual(
      expect.arrayContaining([
        'MedicationRequest/flexeril-10.note: Patient reports spasm after lifting at work.',
        'MedicationRequest/flexeril-10.dispenseRequest.numberOfRepeatsAllowed: 1',
        'MedicationRequest/flexeril-10.dosageInstruction[0].route: Oral route',
      ]),
    );
    expect(m.unmapped.join('\n')).toMatch(/date of injury: not in the hook request/);
    expect(m.unmapped.join('\n')).toMatch(/current medications: not prefetched/);
    expect(m.case.injury).toBeUndefined();
    expect(m.case.findings).toBeUndefined();
  });

  it('builds frequency and duration from a structured timing when there is no dosage text', () => {
    const req = hookRequest();
    const mr = req.context.draftOrders.entry[0].resource;
    delete mr.dosageInstruction[0].text;
    mr.dosageInstruction[0].timing = {
      repeat: { frequency: 1, period: 8, periodUnit: 'h', boundsDuration: { value: 2, unit: 'wk', code: 'wk' } },
    };
    mr.dosageInstruction[0].doseAndRate = [{ doseQuantity: { value: 5, unit: 'mg', code: 'mg' } }];
    delete mr.dispenseRequest.expectedSupplyDuration;
    const { case: c } = hookToCase(hookRequestSchema.parse(req), rulePack().index);
    expect(c.requests[0]).toMatchObject({ frequency: 'every 8 hours', duration: '2 weeks', strength: '5 mg' });
  });

  it("a combination's strength is each ingredient's as the catalog read the name, in the product's order", () => {
    const req = hookRequest();
    req.context.draftOrders.entry = [opioidOrder('norco', NORCO_RXNORM)];
    const m = hookToCase(hookRequestSchema.parse(req), rulePack().index);
    // 10/325 mg (hydrocodone first, as the product lists it), not the first number written (325 mg)
    expect(m.case.requests[0]).toMatchObject({ strength: '10/325 mg', frequency: 'every 6 hours', quantity: 120 });
    expect(m.readFromText.get('norco')).toContain(
      'strength 10/325 mg from the medication name "Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet", each ingredient as the catalog read it: hydrocodone 10 mg, acetaminophen 325 mg',
    );
    expect(m.readFromText.get('norco')!.join('\n')).not.toMatch(/read from the medication text/);
  });

  it("a ServiceRequest's quantity is the sessions of a course of therapy, the units of anything else", () => {
    const req = hookRequest();
    req.context.draftOrders.entry.push(tpiOrder(6));
    const m = hookToCase(hookRequestSchema.parse(req), rulePack().index);
    // six injections at one visit, as the letters read "Trigger point injections #6"
    expect(m.case.requests[2]).toMatchObject({ id: 'tpi', kind: 'procedure', quantity: 6, text: 'Trigger point injections, #6, neck' });
    expect(m.case.requests[2]).not.toHaveProperty('sessions');
    expect(m.case.requests[1]).toMatchObject({ kind: 'therapy', sessions: 8 });
    expect(m.case.requests[1]).not.toHaveProperty('quantity');
  });

  it('a partial birth date or an unknown body site is reported, not guessed', () => {
    const req = hookRequest();
    req.prefetch.patient.birthDate = '1962';
    req.context.draftOrders.entry[1].resource.bodySite = [{ text: 'left earlobe' }];
    const m = hookToCase(hookRequestSchema.parse(req), rulePack().index);
    expect(m.case.patient).toEqual({ sex: 'female' });
    expect(m.unmapped.join('\n')).toMatch(/Patient.birthDate "1962" is not a full date/);
    expect(m.unmappedByItem.get('acupuncture-2x4')!.join('\n')).toMatch(/bodySite "left earlobe" matches no body region/);
    expect(m.case.requests[1].bodyRegion).toBeUndefined();
  });
});

describe('POST /cds-services/imr-check-order-sign', () => {
  it('answers with CDS Hooks 2.0 cards: a warning per item at risk, info for what was not read', async () => {
    const res = await sign(hookRequest());
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const { cards } = (await res.json()) as { cards: Card[] };
    expect(cards.length).toBeGreaterThanOrEqual(3);
    for (const card of cards) {
      expect(card.uuid).toMatch(UUID);
      expect(card.summary.length).toBeGreaterThan(0);
      expect(card.summary.length).toBeLessThanOrEqual(140);
      expect(['info', 'warning', 'critical']).toContain(card.indicator);
      expect(card.source).toEqual({ label: 'imr-check (MTUS rules)' });
      expect(typeof card.detail).toBe('string');
      // only a warning can carry a suggestion (an updated order)
      if (card.indicator !== 'warning') expect(card).not.toHaveProperty('suggestions');
    }
    expect(new Set(cards.map((c) => c.uuid)).size).toBe(cards.length);

    const flexeril = cards.find((c) => /Flexeril/.test(c.summary))!;
    expect(flexeril.indicator).toBe('warning');
    expect(flexeril.summary).toMatch(/likely upheld/);
    expect(flexeril.detail).toMatch(
      /\*Cites:\* MTUS Chronic Pain Medical Treatment Guidelines \(2009\), Muscle relaxants \(for pain\), p\. 63-66/,
    );
    expect(flexeril.detail).toMatch(/\*\*Fix before submitting\*\*/);

    const acupuncture = cards.find((c) => /Acupuncture/.test(c.summary))!;
    expect(acupuncture.indicator).toBe('warning');
    expect(acupuncture.detail).toMatch(/An initial trial of no more than 6 treatments/);
    expect(acupuncture.detail).toMatch(/MTUS Acupuncture Medical Treatment Guidelines/);

    const notRead = cards.find((c) => /not read/.test(c.summary))!;
    expect(notRead.indicator).toBe('info');
    expect(notRead.detail).toMatch(/numberOfRepeatsAllowed/);
    expect(notRead.detail).toMatch(/date of injury/);
    // warnings come first
    expect(cards.findIndex((c) => c.indicator === 'info')).toBeGreaterThan(cards.findLastIndex((c) => c.indicator === 'warning'));
  });

  it('an item predicted overturned gets an info card, a name not in the catalog an info card with no prediction', async () => {
    const req = hookRequest();
    req.prefetch.medications = { resourceType: 'Bundle', type: 'searchset', entry: [] };
    req.context.draftOrders.entry = [
      {
        resource: {
          resourceType: 'ServiceRequest',
          id: 'pt-6',
          status: 'draft',
          intent: 'order',
          code: { text: 'Physical therapy' },
          quantityQuantity: { value: 6 },
          occurrenceTiming: { repeat: { frequency: 2, period: 1, periodUnit: 'wk', boundsDuration: { value: 3, unit: 'wk', code: 'wk' } } },
          bodySite: [{ text: 'lumbar' }],
          subject: { reference: 'Patient/pat-1042' },
          authoredOn: '2015-03-10',
        },
      },
      {
        resource: {
          resourceType: 'MedicationRequest',
          id: 'zz',
          status: 'draft',
          intent: 'order',
          medicationCodeableConcept: { text: 'Zyxolin 5 mg' },
          subject: { reference: 'Patient/pat-1042' },
          authoredOn: '2015-03-10',
        },
      },
    ];
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    expect(cards.some((c) => c.indicator === 'warning')).toBe(false);
    const passing = cards.find((c) => /likely medically necessary/.test(c.summary))!;
    expect(passing.indicator).toBe('info');
    expect(passing.summary).toMatch(/Physical therapy/);
    const none = cards.find((c) => /No IMR prediction/.test(c.summary))!;
    expect(none.indicator).toBe('info');
    expect(none.summary).toMatch(/Zyxolin/);
    expect(none.detail).toMatch(/not in the drug and service catalog/);
  });

  it('an RxNorm-coded combination keeps every ingredient, so the opioid in it is judged', async () => {
    const req = hookRequest();
    const rxnorm = (code: string, display: string) => ({
      coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code, display }],
    });
    // the patient already takes it (an active order since the autumn): continued use is judged
    req.prefetch.medications = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: {
            resourceType: 'MedicationRequest',
            id: 'norco-current',
            status: 'active',
            intent: 'order',
            medicationCodeableConcept: rxnorm('856999', 'Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet'),
            subject: { reference: 'Patient/pat-1042' },
            authoredOn: '2014-09-01',
          },
        },
      ],
    };
    req.context.draftOrders.entry = [
      {
        resource: {
          resourceType: 'MedicationRequest',
          id: 'norco-rxnorm',
          status: 'draft',
          intent: 'order',
          // no text: the name is the RxNorm clinical drug name of the coding
          medicationCodeableConcept: rxnorm('856999', 'Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG Oral Tablet'),
          dosageInstruction: [{ text: '1 tablet every 6 hours as needed' }],
          dispenseRequest: { quantity: { value: 120, unit: 'tablet' } },
          subject: { reference: 'Patient/pat-1042' },
          authoredOn: '2015-03-10',
        },
      },
    ];
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    const card = cards.find((c) => /Hydrocodone/.test(c.summary))!;
    expect(card.detail).toMatch(/hydrocodone-acetaminophen/);
    expect(card.detail).toMatch(/"hydrocodone bitartrate 10 mg" -\\> hydrocodone/);
    // the opioid criteria are applied, not only those of acetaminophen, at the opioid's own strength
    // (10 mg every 6 hours: 40 mg morphine equivalents a day, not 325 mg of acetaminophen read as hydrocodone)
    expect(card.detail).toMatch(/Opioids/);
    expect(card.detail).not.toMatch(/1300 mg oral morphine equivalents/);
  });

  it('the card states how a combination was read, ingredient by ingredient, as check prints it', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry = [
      opioidOrder('norco', NORCO_RXNORM, '2018-03-10'),
      opioidOrder('percocet', { text: 'oxycodone and acetaminophen' }, '2018-03-10'),
    ];
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    const detail = (name: RegExp) => cards.find((c) => name.test(c.summary))!.detail!;
    const strengthLine = (d: string) => /\*Strength:\* (.*)/.exec(d)?.[1];
    expect(strengthLine(detail(/Hydrocodone/))).toBe(
      'ingredients: hydrocodone 10 mg (named beside it), acetaminophen 325 mg (named beside it); strength judged: 10/325 mg; morphine-equivalent dose from hydrocodone 10 mg: 40 mg a day',
    );
    expect(strengthLine(detail(/oxycodone and acetaminophen/))).toBe(
      'ingredients: oxycodone (strength not stated), acetaminophen (strength not stated); strength judged: not stated; morphine-equivalent dose: not worked out, the oxycodone strength is not stated',
    );
    // the same words as `check` prints for the case the orders map to
    const c = hookToCase(hookRequestSchema.parse(req), rulePack().index).case;
    const result = await evaluateCase(createEvaluator(rulePack(), { today: TODAY }), c);
    const printed = result.items.map((item, i) => itemText(item, i + 1, result.asOf.date));
    expect(printed[0]).toContain(`     ${strengthLine(detail(/Hydrocodone/))}\n`);
    expect(printed[1]).toContain(`     ${strengthLine(detail(/oxycodone and acetaminophen/))}\n`);
  });

  it('orders that are neither MedicationRequest nor ServiceRequest are reported on a card', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry = [
      {
        resource: {
          resourceType: 'DeviceRequest',
          id: 'tens',
          status: 'draft',
          intent: 'order',
          codeCodeableConcept: { text: 'TENS unit' },
          subject: { reference: 'Patient/pat-1042' },
        },
      },
    ];
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    expect(cards).toHaveLength(1);
    expect(cards[0].indicator).toBe('info');
    expect(cards[0].detail).toMatch(/DeviceRequest\/tens: only MedicationRequest and ServiceRequest orders are checked/);
  });

  it('a "do not perform" order is not checked, and says so', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry[1].resource.doNotPerform = true;
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    expect(cards.some((c) => /Acupuncture/.test(c.summary))).toBe(false);
    expect(cards.find((c) => /not read/.test(c.summary))!.detail).toMatch(
      /ServiceRequest\/acupuncture-2x4: doNotPerform: "Acupuncture 2 times a week for 4 weeks" is an order not to do it; not checked/,
    );
  });

  it('values of the wrong type in an order are left out and the order is still checked', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry[1].resource.occurrenceTiming.repeat.frequency = 'two';
    req.context.draftOrders.entry[1].resource.quantityQuantity.value = '8';
    req.context.draftOrders.entry[0].resource.dispenseRequest.quantity.value = -90;
    const res = await sign(req);
    expect(res.status).toBe(200);
    const { cards } = (await res.json()) as { cards: Card[] };
    expect(cards.filter((c) => c.indicator === 'warning').length).toBeGreaterThan(0);
    const notRead = cards.find((c) => /not read/.test(c.summary))!.detail;
    expect(notRead).toMatch(/occurrenceTiming\.repeat\.frequency: "two" is not a positive number/);
    expect(notRead).toMatch(/quantityQuantity\.value: "8" is not a positive number/);
    expect(notRead).toMatch(/dispenseRequest\.quantity\.value: -90 is not a positive number/);
  });

  it('unusual values in the orders are on a warning card, in the words check prints them', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry[0].resource.dispenseRequest.quantity.value = 5000;
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    const unusual = cards.find((c) => /unusual values/.test(c.summary))!;
    expect(unusual.indicator).toBe('warning');
    // Markdown: the brackets of the path are escaped
    expect(unusual.detail).toContain(
      '- requests\\[0\\].quantity (quantity on the request): 5000 is more than 1000, which is unusual for one request',
    );
    expect(cards.findIndex((c) => c.indicator === 'info')).toBeGreaterThan(cards.indexOf(unusual));
    // usual values: no such card
    const plain = (await (await sign(hookRequest())).json()) as { cards: Card[] };
    expect(plain.cards.some((c) => /unusual values/.test(c.summary))).toBe(false);
  });

  it('orders that make no valid case are listed with the field labels, as check words them', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry[0].resource.dispenseRequest.quantity.value = 1e9;
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    const notChecked = cards.find((c) => /could not check/.test(c.summary))!;
    expect(notChecked.detail).toContain('- requests\\[0\\].quantity (quantity on the request): is impossible: more than 100,000');
  });

  it('no draft orders: no cards', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry = [];
    expect(await (await sign(req)).json()).toEqual({ cards: [] });
  });

  it('without prefetch the patient and diagnoses are reported as not prefetched', async () => {
    const req = hookRequest();
    delete req.prefetch;
    const { cards } = (await (await sign(req)).json()) as { cards: Card[] };
    const notRead = cards.find((c) => /not read/.test(c.summary))!;
    expect(notRead.detail).toMatch(/age and sex: not prefetched/);
    expect(notRead.detail).toMatch(/diagnoses: not prefetched/);
  });

  it.each([
    [
      'another hook',
      (r: Record<string, any>) => {
        r.hook = 'patient-view';
      },
      'hook',
    ],
    [
      'no hookInstance',
      (r: Record<string, any>) => {
        delete r.hookInstance;
      },
      'hookInstance',
    ],
    [
      'no patientId',
      (r: Record<string, any>) => {
        delete r.context.patientId;
      },
      'context.patientId',
    ],
    [
      'draftOrders not a Bundle',
      (r: Record<string, any>) => {
        r.context.draftOrders = { resourceType: 'MedicationRequest' };
      },
      'context.draftOrders.resourceType',
    ],
  ])('an invalid hook request (%s) -> 400 naming the field', async (_name, spoil, path) => {
    const req = hookRequest();
    spoil(req);
    const res = await sign(req);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string; issues: Array<{ path: string }> };
    expect(body.error).toMatch(/order-sign/);
    expect(body.issues.map((i) => i.path)).toContain(path);
  });

  it('malformed JSON -> 400, YAML is not accepted here (415), oversize -> 413', async () => {
    expect((await sign('{"hook": "order-sign",')).status).toBe(400);
    expect((await sign('hook: order-sign', { 'content-type': 'application/yaml' })).status).toBe(415);
    const big = hookRequest();
    big.context.draftOrders.entry[0].resource.note = [{ text: 'x'.repeat(300 * 1024) }];
    expect((await sign(big)).status).toBe(413);
  });

  it('GET on the service is 405', async () => {
    const res = await fetch(url('/cds-services/imr-check-order-sign'));
    expect(res.status).toBe(405);
  });
});

type Suggested = Card & {
  selectionBehavior?: string;
  suggestions?: Array<{
    label: string;
    uuid: string;
    actions: Array<{ type: string; description: string; resource: Record<string, any> }>;
  }>;
};

describe('suggestions: where the fix is a change to the order itself', () => {
  it('a muscle relaxant for 30 days: the updated draft order supplies 21 days, the quantity in proportion', async () => {
    const { cards } = (await (await sign(hookRequest())).json()) as { cards: Suggested[] };
    const flexeril = cards.find((c) => /Flexeril/.test(c.summary))!;
    expect(flexeril.selectionBehavior).toBe('at-most-one');
    expect(flexeril.suggestions).toHaveLength(1);
    const [s] = flexeril.suggestions!;
    expect(s.uuid).toMatch(UUID);
    expect(s.label).toBe('Change the order to a 21-day supply (was 30 days)');
    expect(s.actions).toHaveLength(1);
    const { type, description, resource } = s.actions[0];
    expect(type).toBe('update');
    expect(description).toMatch(/mtus\.muscle-relaxants\./);
    expect(resource.id).toBe('flexeril-10');
    expect(resource.dispenseRequest.expectedSupplyDuration).toEqual({
      value: 21,
      unit: 'days',
      system: 'http://unitsofmeasure.org',
      code: 'd',
    });
    expect(resource.dispenseRequest.quantity.value).toBe(63);
    // the rest of the order is as drafted
    const { dispenseRequest: _a, ...rest } = resource;
    const { dispenseRequest: _b, ...drafted } = hookRequest().context.draftOrders.entry[0].resource;
    expect(rest).toEqual(drafted);
  });

  it('acupuncture 2 a week for 4 weeks: the updated order asks for the 6-visit trial over 3 weeks', async () => {
    const { cards } = (await (await sign(hookRequest())).json()) as { cards: Suggested[] };
    const acupuncture = cards.find((c) => /Acupuncture/.test(c.summary))!;
    const [s] = acupuncture.suggestions!;
    expect(s.label).toBe('Change the order to 6 sessions (was 8)');
    expect(s.actions[0].resource.quantityQuantity).toEqual({ value: 6, unit: 'sessions' });
    expect(s.actions[0].resource.occurrenceTiming.repeat.boundsDuration).toMatchObject({ value: 3, code: 'wk' });
  });

  it('the suggested order, signed again, no longer fails that criterion', async () => {
    const first = (await (await sign(hookRequest())).json()) as { cards: Suggested[] };
    const req = hookRequest();
    req.context.draftOrders.entry = first.cards.flatMap((c) => c.suggestions ?? []).map((s) => ({ resource: s.actions[0].resource }));
    const again = (await (await sign(req)).json()) as { cards: Suggested[] };
    const details = again.cards.map((c) => c.detail ?? '').join('\n');
    expect(details).not.toMatch(/An initial trial of no more than 6 treatments \(/);
    expect(again.cards.flatMap((c) => c.suggestions ?? [])).toEqual([]);
  });
});

describe('suggestions beyond supply and sessions: the daily dose, units, sessions a week and weeks', () => {
  const suggested = async (req: unknown, name: RegExp) => {
    const { cards } = (await (await sign(req)).json()) as { cards: Suggested[] };
    return cards.find((c) => name.test(c.summary))!;
  };
  // the draft orders changed as suggested, signed again: the criteria met, and those still unmet
  const signedAgain = async (req: Record<string, any>, card: Suggested) => {
    const again = structuredClone(req);
    again.context.draftOrders.entry = card.suggestions!.map((s) => ({ resource: s.actions[0].resource }));
    const { cards } = (await (await sign(again)).json()) as { cards: Suggested[] };
    const details = cards.map((c) => c.detail ?? '').join('\n');
    return {
      met: details
        .split('\n')
        .filter((l) => l.startsWith('**Met:**'))
        .join('\n'),
      unmet: details
        .split('\n')
        .filter((l) => l.startsWith('- **'))
        .join('\n'),
    };
  };
  const title = (id: string) => rulePack().rules.get(id)!.title;

  it('a daily dose over the ceiling: fewer doses a day at the same strength, the quantity in proportion', async () => {
    const req = oxycodoneRequest();
    const card = await suggested(req, /Oxycodone/);
    expect(card.detail).toMatch(/120 mg/);
    expect(card.suggestions).toHaveLength(1);
    const [s] = card.suggestions!;
    // 270 mg a day at 6 doses; the ceiling of 120 allows 2 (90 mg)
    expect(s.label).toBe('Change the order to 2 doses a day (was 6), the quantity in proportion');
    expect(s.actions[0].description).toMatch(/meets mtus\.opioid-initiation\.dose-ceiling/);
    const r = s.actions[0].resource;
    expect(r.dosageInstruction[0]).toEqual({
      text: '1 tablet every 12 hours as needed for pain',
      timing: { repeat: { frequency: 1, period: 12, periodUnit: 'h' } },
      asNeededBoolean: true,
    });
    // still 30 days of supply
    expect(r.dispenseRequest).toEqual({
      quantity: { value: 60, unit: 'tablet' },
      expectedSupplyDuration: { value: 30, unit: 'days', code: 'd' },
    });
    const { dosageInstruction: _a, dispenseRequest: _b, ...rest } = r;
    const { dosageInstruction: _c, dispenseRequest: _d, ...drafted } = req.context.draftOrders.entry[0].resource;
    expect(rest).toEqual(drafted);
    const after = await signedAgain(req, card);
    expect(after.met).toContain(title('mtus.opioid-initiation.dose-ceiling'));
    expect(after.unmet).not.toContain(title('mtus.opioid-initiation.dose-ceiling'));
  });

  it('two tablets a dose over the ceiling: fewer doses a day of the same two tablets', async () => {
    // oxycodone 10 mg, 2 tablets every 4 hours: 180 mg MED (one tablet a dose would be 90, under 120)
    const req = oxycodoneRequest();
    const draft = req.context.draftOrders.entry[0].resource;
    draft.medicationCodeableConcept = { text: 'Oxycodone 10 mg' };
    draft.dosageInstruction[0].text = '2 tablets every 4 hours as needed for pain';
    draft.dosageInstruction[0].doseAndRate = [{ doseQuantity: { value: 2, unit: 'tablet' } }];
    const card = await suggested(req, /Oxycodone/);
    expect(card.detail).toMatch(/180 mg/);
    const [s] = card.suggestions!;
    // 4 doses a day of 2 tablets is 120 mg MED, within the ceiling
    expect(s.label).toBe('Change the order to 4 doses a day (was 6), the quantity in proportion');
    expect(s.actions[0].resource.dosageInstruction[0].text).toBe('2 tablets every 6 hours as needed for pain');
    expect(s.actions[0].resource.dispenseRequest.quantity.value).toBe(120);
    const after = await signedAgain(req, card);
    expect(after.met).toContain(title('mtus.opioid-initiation.dose-ceiling'));
  });

  it('the dose limit is read from the rule, so a pack with another ceiling suggests another frequency', async () => {
    const pack = rulePack();
    const req = oxycodoneRequest();
    const mapping = hookToCase(hookRequestSchema.parse(req), pack.index);
    const result = await evaluateCase(createEvaluator(pack, { today: TODAY }), mapping.case);
    const id = 'mtus.opioid-initiation.dose-ceiling';
    expect(orderChanges(result.items[0], pack)).toEqual([{ ruleIds: [id], field: 'dosesPerDay', from: 6, to: 2 }]);
    const rule = pack.rules.get(id)!;
    const when = JSON.parse(JSON.stringify(rule.when).replaceAll('"value":120', '"value":180'));
    const other = { ...pack, rules: new Map(pack.rules).set(id, { ...rule, when }) };
    const [change] = orderChanges(result.items[0], other);
    expect(change).toMatchObject({ field: 'dosesPerDay', from: 6, to: 4 });
    const updated = editedOrder(mapping.resources.get('oxy')!, [change], pack.index) as Record<string, any>;
    expect(updated.dosageInstruction[0].text).toBe('1 tablet every 6 hours as needed for pain');
    expect(updated.dispenseRequest.quantity.value).toBe(120);
  });

  it('more trigger point injections than a session allows: the quantity of the order', async () => {
    const req = hookRequest();
    req.context.draftOrders.entry = [tpiOrder(6)];
    const card = await suggested(req, /Trigger point/);
    const [s] = card.suggestions!;
    expect(s.label).toBe('Change the quantity to 4 (was 6)');
    expect(s.actions[0].description).toMatch(/mtus\.trigger-point-injections\.injections-per-session/);
    expect(s.actions[0].resource.quantityQuantity).toEqual({ value: 4, unit: 'injections' });
    const after = await signedAgain(req, card);
    expect(after.met).toContain(title('mtus.trigger-point-injections.injections-per-session'));
    expect(after.unmet).not.toContain(title('mtus.trigger-point-injections.injections-per-session'));
  });

  it('acupuncture 4 a week for 4 weeks: 3 a week, and the 6-visit trial', async () => {
    const req = hookRequest();
    const acu = req.context.draftOrders.entry[1].resource;
    acu.code = { text: 'Acupuncture' };
    acu.quantityQuantity = { value: 16, unit: 'sessions' };
    acu.occurrenceTiming.repeat.frequency = 4;
    req.context.draftOrders.entry = [{ resource: acu }];
    const card = await suggested(req, /Acupuncture/);
    const [s] = card.suggestions!;
    expect(s.label).toBe('Change the order to 3 sessions a week (was 4); Change the order to 6 sessions (was 16)');
    expect(s.actions[0].description).toMatch(/mtus\.acupuncture\.frequency/);
    expect(s.actions[0].resource.quantityQuantity).toEqual({ value: 6, unit: 'sessions' });
    expect(s.actions[0].resource.occurrenceTiming.repeat).toMatchObject({
      frequency: 3,
      period: 1,
      periodUnit: 'wk',
      boundsDuration: { value: 2 },
    });
    const after = await signedAgain(req, card);
    for (const id of ['mtus.acupuncture.frequency', 'mtus.acupuncture.initial-trial']) {
      expect(after.met).toContain(title(id));
      expect(after.unmet).not.toContain(title(id));
    }
  });

  it('a course longer than the guideline allows: the weeks of the order', async () => {
    const req = hookRequest();
    const acu = req.context.draftOrders.entry[1].resource;
    acu.code = { text: 'Acupuncture' };
    acu.quantityQuantity = { value: 6, unit: 'sessions' };
    acu.occurrenceTiming.repeat = { frequency: 1, period: 2, periodUnit: 'wk', boundsDuration: { value: 12, unit: 'weeks', code: 'wk' } };
    req.context.draftOrders.entry = [{ resource: acu }];
    const card = await suggested(req, /Acupuncture/);
    const [s] = card.suggestions!;
    expect(s.label).toBe('Change the order to 8 weeks (was 12)');
    expect(s.actions[0].description).toMatch(/mtus\.acupuncture\.duration/);
    expect(s.actions[0].resource.occurrenceTiming.repeat.boundsDuration).toMatchObject({ value: 8, code: 'wk' });
    // 1 every 2 weeks for 8 weeks holds 4 sessions
    expect(s.actions[0].resource.quantityQuantity).toEqual({ value: 4, unit: 'sessions' });
    expect((await signedAgain(req, card)).met).toContain(title('mtus.acupuncture.duration'));
  });

  it('no suggestion where the change alone does not meet the criterion', async () => {
    // Flexeril taken since the autumn: a 21-day supply does not cure months of use already
    const req = hookRequest();
    req.prefetch.medications = {
      resourceType: 'Bundle',
      type: 'searchset',
      entry: [
        {
          resource: { resourceType: 'MedicationRequest', medicationCodeableConcept: { text: 'Flexeril 10 mg' }, authoredOn: '2014-09-01' },
        },
      ],
    };
    const card = await suggested(req, /Flexeril/);
    expect(card.detail).toContain(title('mtus.muscle-relaxants.short-term'));
    expect(card.suggestions ?? []).toEqual([]);
  });
});

describe('feedback endpoint', () => {
  const feedback = (body: unknown) =>
    fetch(url('/cds-services/imr-check-order-sign/feedback'), {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', origin: 'https://sandbox.cds-hooks.org' },
    });

  it('POST {service}/feedback with accepted and overridden cards -> 200', async () => {
    const res = await feedback({
      feedback: [
        {
          card: '9368d37b-283f-44a0-93ea-547cebab93ed',
          outcome: 'accepted',
          acceptedSuggestions: [{ id: 'e56e1945-20b3-4393-8503-a1a20fd73152' }],
          outcomeTimestamp: '2026-12-02T10:00:00Z',
        },
        {
          card: '0a3bba32-3ea8-4f5e-9c0a-3a1d5c2fc1a1',
          outcome: 'overridden',
          overrideReason: { userComment: 'patient tolerates it' },
          outcomeTimestamp: '2026-12-02T10:01:00Z',
        },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('feedback without cards or with an unknown outcome -> 400; GET -> 405', async () => {
    expect((await feedback({})).status).toBe(400);
    expect((await feedback({ feedback: [{ card: 'x', outcome: 'ignored', outcomeTimestamp: 't' }] })).status).toBe(400);
    expect((await fetch(url('/cds-services/imr-check-order-sign/feedback'))).status).toBe(405);
  });
});

describe('FHIR mapping beside the other importers, read by the shared request-text parser', () => {
  it('a Timing is written in words the shared parser reads as the same doses per day', () => {
    const cases: Array<[{ frequency: number; period?: number; periodUnit: 'h' | 'd' | 'wk' }, number]> = [
      [{ frequency: 1, periodUnit: 'd' }, 1],
      [{ frequency: 2, periodUnit: 'd' }, 2],
      [{ frequency: 3, period: 1, periodUnit: 'd' }, 3],
      [{ frequency: 1, period: 6, periodUnit: 'h' }, 4],
      [{ frequency: 2, period: 12, periodUnit: 'h' }, 4],
      [{ frequency: 1, period: 2, periodUnit: 'd' }, 0.5],
      [{ frequency: 2, periodUnit: 'wk' }, 2 / 7],
    ];
    for (const [repeat, perDay] of cases) {
      const words = frequencyOfTiming({ repeat });
      expect(parseFrequency(words)?.dosesPerDay, words).toBeCloseTo(perDay, 2);
    }
  });

  it('a dosage text the parser cannot read is reported, not guessed', () => {
    const req = hookRequest();
    req.context.draftOrders.entry[0].resource.dosageInstruction[0].text = 'as directed';
    const m = ordersToCase(hookRequestSchema.parse(req), rulePack().index);
    expect(m.unmappedByItem.get('flexeril-10')!.join('\n')).toMatch(/"as directed" states no frequency the request-text parser reads/);
  });

  it('a transdermal system keeps its rate per hour, from a contained Medication or from its RxNorm name', () => {
    const patch = (resource: Record<string, unknown>) => {
      const req = hookRequest();
      req.context.draftOrders.entry = [
        {
          resource: {
            resourceType: 'MedicationRequest',
            id: 'patch',
            status: 'draft',
            intent: 'order',
            dosageInstruction: [{ text: 'apply 1 patch every 72 hours', doseAndRate: [{ doseQuantity: { value: 1, unit: 'patch' } }] }],
            dispenseRequest: { quantity: { value: 10, unit: 'patch' } },
            subject: { reference: 'Patient/pat-1042' },
            authoredOn: '2015-03-10',
            ...resource,
          },
        },
      ];
      return ordersToCase(hookRequestSchema.parse(req), rulePack().index).case.requests[0];
    };
    // RxNorm 245134 names the rate in mg per hour: 0.025 mg/h, 25 mcg/h, not 0.025 mg
    const named = patch({
      medicationCodeableConcept: {
        coding: [
          {
            system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
            code: '245134',
            display: '72 HR Fentanyl 0.025 MG/HR Transdermal System',
          },
        ],
      },
    });
    expect(named.strength).toBe('0.025 mg/h');
    // an ingredient strength per hour is a Ratio with a denominator in hours
    const contained = patch({
      contained: [
        {
          resourceType: 'Medication',
          id: 'm',
          code: { text: 'fentanyl patch' },
          ingredient: [
            {
              itemCodeableConcept: { text: 'fentanyl' },
              strength: { numerator: { value: 50, unit: 'mcg' }, denominator: { value: 1, unit: 'h', code: 'h' } },
            },
          ],
        },
      ],
      medicationReference: { reference: '#m' },
    });
    expect(contained.strength).toBe('50 mcg/h');
  });

  it('tablets per dose from doseQuantity count in the daily dose and the days of supply', async () => {
    // oxycodone 10 mg, 2 tablets every 4 hours, #120: 120 mg oxycodone a day, 180 mg MED, 10 days
    const order = (dosage: Record<string, unknown>) => {
      const req = hookRequest();
      req.context.draftOrders.entry = [
        {
          resource: {
            resourceType: 'MedicationRequest',
            id: 'oxy',
            status: 'draft',
            intent: 'order',
            medicationCodeableConcept: { text: 'Oxycodone Hydrochloride 10 MG Oral Tablet' },
            dosageInstruction: [dosage],
            dispenseRequest: { quantity: { value: 120, unit: 'tablet' } },
            subject: { reference: 'Patient/pat-1042' },
            authoredOn: '2015-03-10',
          },
        },
      ];
      return ordersToCase(hookRequestSchema.parse(req), rulePack().index);
    };
    const timed = order({
      timing: { repeat: { frequency: 1, period: 4, periodUnit: 'h' } },
      doseAndRate: [{ doseQuantity: { value: 2, unit: 'tablet', system: 'http://unitsofmeasure.org', code: '{tbl}' } }],
    });
    expect(timed.case.requests[0]).toMatchObject({ strength: '10 mg', frequency: '2 tablets every 4 hours', quantity: 120 });
    expect(timed.readFromText.get('oxy')).toContain('2 tablets a dose from doseAndRate, read with the frequency');
    const result = await evaluateCase(createEvaluator(rulePack(), { today: TODAY }), timed.case);
    expect(result.items[0].derived).toMatchObject({
      'request.unitsPerDose': 2,
      'request.morphineEquivalentDaily': 180,
      'request.daysSupply': 10,
    });
    // a dosage text that states no count takes the structured one; a range keeps its upper bound
    expect(
      order({ text: 'every 4 hours as needed', doseAndRate: [{ doseQuantity: { value: 2, unit: 'tablets' } }] }).case.requests[0].frequency,
    ).toBe('2 tablets every 4 hours as needed');
    const ranged = order({
      text: 'every 4 hours as needed',
      doseAndRate: [{ doseRange: { low: { value: 1, unit: 'tablet' }, high: { value: 2, unit: 'tablet' } } }],
    });
    expect(ranged.case.requests[0].frequency).toBe('1-2 tablets every 4 hours as needed');
    // one tablet a dose changes nothing; a text that states its own count is read as written, the difference reported
    expect(order({ text: 'every 4 hours', doseAndRate: [{ doseQuantity: { value: 1, unit: 'tablet' } }] }).case.requests[0].frequency).toBe(
      'every 4 hours',
    );
    const differs = order({ text: '1 tablet every 4 hours', doseAndRate: [{ doseQuantity: { value: 2, unit: 'tablet' } }] });
    expect(differs.case.requests[0].frequency).toBe('1 tablet every 4 hours');
    expect(differs.unmappedByItem.get('oxy')!.join('\n')).toMatch(/2 tablets a dose, but the text "1 tablet every 4 hours" states 1/);
    // a range of another kind is reported, not read
    const mg = order({
      text: 'every 4 hours',
      doseAndRate: [{ doseRange: { low: { value: 5, unit: 'mg' }, high: { value: 10, unit: 'mg' } } }],
    });
    expect(mg.case.requests[0].frequency).toBe('every 4 hours');
    expect(mg.unmappedByItem.get('oxy')!.join('\n')).toMatch(/doseRange: .* is not a count of units, and is not read/);
  });

  it('the service maps through src/import/fhir.ts', () => {
    const req = hookRequestSchema.parse(hookRequest());
    expect(hookToCase(req, rulePack().index).case).toEqual(ordersToCase(req, rulePack().index).case);
  });
});
