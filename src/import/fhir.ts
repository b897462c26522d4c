// FHIR R4 orders to a case: the draft MedicationRequest / ServiceRequest orders of a CDS Hooks
// order-sign request, with the prefetched Patient, Conditions and active MedicationRequests, become
// one case, beside the letter importer. A field that cannot be carried into the case format is
// reported, never guessed; what the order's text states is read by the shared request-text parser
// (src/facts/request-text.ts), the same words the letters and the web form are read with.
import type * as fhir4 from 'fhir/r4.js';
import type { Case, Request } from '../schema/case.js';
import { BODY_REGIONS, REQUEST_KINDS } from '../schema/case.js';
import { type CatalogIndex, resolveName } from '../facts/catalog.js';
import { combinedStrength } from '../facts/derive.js';
import { parseFrequency, parseRequestText, parseStrength, parseUnitsPerDose, withDosesPerDay } from '../facts/request-text.js';
import { bodyRegionOf, countsSessions, parseHeading } from './heading.js';

// what the mapping reads of a hook request (the hook schema itself is the service's: src/serve/cds.ts)
export type OrdersInput = {
  hookInstance: string;
  context: { draftOrders: unknown };
  prefetch?: Record<string, unknown>;
};

export type Mapping = {
  case: Case;
  // per request id: what came from where, and what of that order could not be used
  readFromText: Map<string, string[]>;
  unmappedByItem: Map<string, string[]>;
  // about the case as a whole (patient, conditions, orders that are not medication or service requests)
  unmapped: string[];
  // draft orders in the request, checked or not
  orders: number;
  // the draft order each request was read from, by request id (a suggestion updates it)
  resources: Map<string, Resource>;
};

export type Resource = { resourceType: string; id?: string; [k: string]: unknown };

const codeText = (cc: fhir4.CodeableConcept | undefined): string | undefined =>
  cc?.text?.trim() || cc?.coding?.find((c) => c.display?.trim())?.display?.trim() || undefined;

const entries = (b: unknown): Resource[] => {
  const e = (b as { entry?: Array<{ resource?: Resource }> } | null | undefined)?.entry;
  return Array.isArray(e) ? e.flatMap((x) => (x?.resource ? [x.resource] : [])) : [];
};

const label = (r: Resource) => `${r.resourceType}${r.id ? `/${r.id}` : ''}`;
// a FHIR value in a few words: a CodeableConcept or Annotation by its text, a Quantity by value and unit
function brief(v: unknown): string {
  if (v === null || typeof v !== 'object') return String(v);
  if (Array.isArray(v)) return v.map(brief).join('; ');
  const o = v as Record<string, unknown>;
  if (typeof o.text === 'string') return o.text;
  if (typeof o.display === 'string') return o.display;
  if (Array.isArray(o.coding)) return brief(o.coding[0]);
  if (typeof o.value === 'number') return `${o.value}${o.unit ? ` ${String(o.unit)}` : ''}`;
  if (typeof o.reference === 'string') return o.reference;
  return JSON.stringify(v);
}
const show = (v: unknown) => {
  const s = brief(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
};

// keys that identify or administer an order and say nothing the rules read
const ADMIN_KEYS = new Set([
  'resourceType',
  'id',
  'meta',
  'implicitRules',
  'language',
  'text',
  'identifier',
  'status',
  'intent',
  'subject',
  'encounter',
  'requester',
  'recorder',
  'performer',
  'performerType',
  'authoredOn',
  'priority',
  'extension',
  'modifierExtension',
  'contained',
  'basedOn',
  'groupIdentifier',
  'insurance',
  'supportingInfo',
  'instantiatesCanonical',
  'instantiatesUri',
]);

function leftOver(r: Record<string, unknown>, handled: string[], prefix: string, out: string[]) {
  for (const [k, v] of Object.entries(r)) {
    if (ADMIN_KEYS.has(k) || handled.includes(k) || v === undefined) continue;
    out.push(`${prefix}${k}: ${show(v)}`);
  }
}

// FHIR's UCUM time units in words, for durations ("30 days")
const UNIT_WORDS: Record<string, string> = { s: 'seconds', min: 'minutes', h: 'hours', d: 'days', wk: 'weeks', mo: 'months', a: 'years' };
const unitWord = (u: string | undefined, code?: string) => UNIT_WORDS[code ?? ''] ?? UNIT_WORDS[u ?? ''] ?? u ?? '';

const trim = (n: number) => Number(n.toFixed(3));

// A Timing in the words the shared request-text parser reads ("3 times a day", "every 6 hours",
// "2 times a week"), so an order's frequency means what the same words mean in a letter. A rhythm
// those words cannot state ("once every 2 months") is written as it is and reported by the caller.
export function frequencyOfTiming(t: fhir4.Timing | undefined): string | undefined {
  const code = codeText(t?.code) ?? t?.code?.coding?.find((c) => c.code)?.code;
  if (code) return code;
  const r = t?.repeat;
  if (!r?.frequency || !r.periodUnit) return undefined;
  const period = r.period ?? 1;
  if (r.periodUnit === 'h') return r.frequency === 1 ? `every ${period} hours` : `${trim((r.frequency * 24) / period)} times a day`;
  if (r.periodUnit === 'd') return `${trim(r.frequency / period)} times a day`;
  if (r.periodUnit === 'wk') return `${trim(r.frequency / period)} times a week`;
  return `${r.frequency} times every ${period} ${unitWord(r.periodUnit)}`;
}

// doseQuantity is a strength only when the shared parser reads it as one ("10 mg", "4%"), not a
// count ("1 tablet")
const strengthOf = (q: { value?: number; unit?: string; code?: string } | undefined): string | undefined =>
  q?.value === undefined ? undefined : parseStrength(`${q.value} ${q.unit ?? q.code ?? ''}`);

// A dose counted in units a prescription dispenses ("2 tablet", "{tbl}", "1 capsule"), as the words a
// prescription writes it in ("2 tablets"); a range (doseRange) as "1-2 tablets".
const COUNT_UNITS: Array<[RegExp, string, string]> = [
  [/^\{?(tab|tabs|tablet|tablets|tbl)\}?$/i, 'tablet', 'tablets'],
  [/^\{?(cap|caps|capsule|capsules)\}?$/i, 'capsule', 'capsules'],
  [/^\{?(pill|pills)\}?$/i, 'pill', 'pills'],
  [/^\{?(patch|patches)\}?$/i, 'patch', 'patches'],
];
type Count = { value?: number; unit?: string; code?: string };
function countWords(low: Count | undefined, high: Count | undefined): string | undefined {
  const q = high ?? low;
  const top = positive(q?.value);
  const written = q?.unit ?? q?.code ?? low?.unit ?? low?.code ?? '';
  const unit = COUNT_UNITS.find(([re]) => re.test(written.trim()));
  if (top === undefined || !unit) return undefined;
  const bottom = high && low ? positive(low.value) : undefined;
  const range = bottom !== undefined && bottom < top ? `${trim(bottom)}-` : '';
  return `${range}${trim(top)} ${top === 1 && !range ? unit[1] : unit[2]}`;
}

// The units taken at each dose, carried into the frequency's words where the dosage text does not
// state them, so the case counts them as it counts "2 tablets every 6 hours" in a letter (the
// morphine-equivalent dose and the days of supply). One unit a dose, the reading of words that
// state none, changes nothing. Words that state another count than the structured dose are read as
// written, and the difference is reported.
function withUnitsPerDose(
  frequency: string | undefined,
  units: string | undefined,
  notes: string[],
  unmapped: string[],
): string | undefined {
  if (!frequency || !units) return frequency;
  const stated = parseUnitsPerDose(frequency);
  const structured = parseUnitsPerDose(units);
  if (!structured) return frequency;
  if (stated) {
    if (stated.count !== structured.count)
      unmapped.push(
        `dosageInstruction[0].doseAndRate[0]: ${units} a dose, but the text "${frequency}" states ${stated.count}: the text is read`,
      );
    return frequency;
  }
  if (structured.count === 1 && structured.low === undefined) return frequency;
  notes.push(`${units} a dose from doseAndRate, read with the frequency`);
  return `${units} ${frequency}`;
}

// A contained Medication's ingredient strength: the numerator ("10 mg" per tablet), or a rate when
// the denominator is a time in hours ("25 mcg" per "1 h", a transdermal system): 25 mcg/h.
function strengthOfRatio(r: fhir4.Ratio | undefined): string | undefined {
  const num = r?.numerator;
  const den = r?.denominator;
  if (num?.value !== undefined && /^(h|hr|hour|hours)$/i.test(den?.code ?? den?.unit ?? '')) {
    const hours = positive(den?.value) ?? 1;
    return parseStrength(`${trim(num.value / hours)} ${num.unit ?? num.code ?? ''}/h`);
  }
  return strengthOf(num);
}

function ageAt(birthDate: string | undefined, on: string | undefined): number | undefined {
  if (!birthDate || !on || !/^\d{4}-\d{2}-\d{2}$/.test(birthDate)) return undefined;
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = on.slice(0, 10).split('-').map(Number);
  const age = y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
  return age >= 0 && age <= 120 ? age : undefined;
}

function regionOf(site: fhir4.CodeableConcept[] | undefined): { region?: Request['bodyRegion']; text?: string } {
  const text = site?.map(codeText).filter(Boolean).join(', ');
  if (!text) return {};
  const lower = text.toLowerCase();
  if ((BODY_REGIONS as readonly string[]).includes(lower)) return { region: lower as Request['bodyRegion'], text };
  return { region: bodyRegionOf(text) ?? undefined, text };
}

function positive(n: unknown): number | undefined {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

// a positive number, or undefined with the value reported when one was given but is not usable
function amount(n: unknown, path: string, unmapped: string[]): number | undefined {
  const v = positive(n);
  if (v === undefined && n !== undefined && n !== null) unmapped.push(`${path}: ${JSON.stringify(n)} is not a positive number`);
  return v;
}

function medicationName(mr: fhir4.MedicationRequest): { name?: string; medication?: fhir4.Medication } {
  if (mr.medicationCodeableConcept) return { name: codeText(mr.medicationCodeableConcept) };
  const ref = mr.medicationReference;
  if (ref?.reference?.startsWith('#')) {
    const med = (mr.contained ?? []).find((c) => c.resourceType === 'Medication' && `#${c.id}` === ref.reference) as
      | fhir4.Medication
      | undefined;
    if (med) return { name: codeText(med.code) ?? ref.display, medication: med };
  }
  return { name: ref?.display?.trim() || undefined };
}

// The strength a medication's name states: for a combination, each ingredient's as the catalog read
// the name ("Acetaminophen 325 MG / Hydrocodone Bitartrate 10 MG" is 10/325 mg in the product's
// ingredient order, the opioid's 10 mg the one that counts for morphine equivalents), not the first
// number written; else the strength written in the text ("Flexeril 10 mg").
function strengthOfName(name: string, index: CatalogIndex): { strength: string; note: string } | undefined {
  const resolution = resolveName(index, name);
  const combined = resolution.status === 'resolved' ? combinedStrength(resolution) : undefined;
  if (combined && resolution.status === 'resolved') {
    const each = resolution.product.ingredients.map((i) => `${i.id} ${resolution.strengths![i.id]}`).join(', ');
    return {
      strength: combined,
      note: `strength ${combined} from the medication name "${name}", each ingredient as the catalog read it: ${each}`,
    };
  }
  const fromText = parseStrength(name);
  return fromText ? { strength: fromText, note: `strength ${fromText} read from the medication text "${name}"` } : undefined;
}

function fromMedicationRequest(
  mr: fhir4.MedicationRequest,
  id: string,
  index: CatalogIndex,
  notes: string[],
  unmapped: string[],
): Request | undefined {
  const { name, medication } = medicationName(mr);
  if (!name) {
    unmapped.push('no medication name (medicationCodeableConcept.text or coding.display): the order is not checked');
    return undefined;
  }
  const dosage = mr.dosageInstruction?.[0];
  const dose = dosage?.doseAndRate?.[0]?.doseQuantity;
  let strength = strengthOf(dose);
  // a strength the name itself states is not written a second time in the item's text
  let inName = false;
  if (!strength) {
    const num = medication?.ingredient?.length === 1 ? strengthOfRatio(medication.ingredient[0].strength) : undefined;
    if (num) {
      strength = num;
      notes.push(`strength ${strength} from the contained Medication's ingredient strength`);
    } else {
      const named = strengthOfName(name, index);
      if (named) {
        strength = named.strength;
        inName = true;
        notes.push(named.note);
      }
    }
    if (dose?.value !== undefined)
      notes.push(`dose per administration ${dose.value} ${dose.unit ?? dose.code ?? ''} is a count, not a strength`.trim());
  }
  let frequency = dosage?.text?.trim() || frequencyOfTiming(dosage?.timing);
  if (frequency && !dosage?.text && dosage?.asNeededBoolean) frequency += ' as needed';
  const range = dosage?.doseAndRate?.[0]?.doseRange;
  const units = countWords(range?.low ?? dose, range?.high);
  if (range && !units)
    unmapped.push(`dosageInstruction[0].doseAndRate[0].doseRange: ${show(range)} is not a count of units, and is not read`);
  frequency = withUnitsPerDose(frequency, units, notes, unmapped);
  const quantity = amount(mr.dispenseRequest?.quantity?.value, 'dispenseRequest.quantity.value', unmapped);
  const supply = mr.dispenseRequest?.expectedSupplyDuration;
  const bounds = dosage?.timing?.repeat?.boundsDuration;
  const duration = positive(supply?.value)
    ? `${supply!.value} ${unitWord(supply!.unit, supply!.code)}`
    : positive(bounds?.value)
      ? `${bounds!.value} ${unitWord(bounds!.unit, bounds!.code)}`
      : undefined;
  const indication = mr.reasonCode?.map(codeText).filter(Boolean).join('; ') || undefined;

  leftOver(
    mr as unknown as Record<string, unknown>,
    ['medicationCodeableConcept', 'medicationReference', 'dosageInstruction', 'dispenseRequest', 'reasonCode', 'category'],
    '',
    unmapped,
  );
  if (mr.dispenseRequest)
    leftOver(
      mr.dispenseRequest as Record<string, unknown>,
      ['quantity', 'expectedSupplyDuration', 'validityPeriod', 'dispenseInterval'],
      'dispenseRequest.',
      unmapped,
    );
  if (dosage)
    leftOver(
      dosage as Record<string, unknown>,
      ['text', 'timing', 'doseAndRate', 'asNeededBoolean', 'sequence'],
      'dosageInstruction[0].',
      unmapped,
    );
  if ((mr.dosageInstruction?.length ?? 0) > 1)
    unmapped.push(`dosageInstruction[1..${mr.dosageInstruction!.length - 1}]: only the first dosage instruction is read`);
  if (dosage && !frequency) unmapped.push('dosageInstruction[0]: neither text nor a timing that states how often');
  else if (frequency && !parseFrequency(frequency))
    unmapped.push(`dosageInstruction[0]: "${frequency}" states no frequency the request-text parser reads (doses per day or week)`);

  const squash = (x: string) => x.replace(/\s+/g, '').toLowerCase();
  const text = [
    name,
    strength && !inName && !squash(name).includes(squash(strength)) ? strength : undefined,
    frequency,
    quantity ? `#${quantity}` : undefined,
    duration ? `for ${duration}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
  return {
    id,
    text,
    kind: 'medication',
    name,
    ...(strength ? { strength } : {}),
    ...(quantity ? { quantity } : {}),
    ...(frequency ? { frequency } : {}),
    ...(duration ? { duration } : {}),
    ...(indication ? { indication } : {}),
  };
}

const CATEGORY_KINDS: Array<[RegExp, Request['kind']]> = [
  [/\b(imaging|radiology|363679005)\b/i, 'imaging'],
  [/\b(surgical|surgery|procedure|387713003)\b/i, 'procedure'],
  [/\b(therapy|rehabilitation|physical medicine|counsel+ing|409063005)\b/i, 'therapy'],
];

function serviceKind(sr: fhir4.ServiceRequest, name: string, index: CatalogIndex, notes: string[]): Request['kind'] {
  const resolution = resolveName(index, name);
  if (resolution.status === 'resolved' && (REQUEST_KINDS as readonly string[]).includes(resolution.product.kind)) {
    notes.push(`kind ${resolution.product.kind} from the catalog entry ${resolution.product.id}`);
    return resolution.product.kind;
  }
  const category = (sr.category ?? [])
    .flatMap((c) => [c.text ?? '', ...(c.coding ?? []).flatMap((x) => [x.code ?? '', x.display ?? ''])])
    .join(' ');
  for (const [re, kind] of CATEGORY_KINDS) {
    if (re.test(category)) {
      notes.push(`kind ${kind} from the order's category`);
      return kind;
    }
  }
  const guess = parseHeading(name, index).kind;
  notes.push(`kind ${guess} read from the order text "${name}"`);
  return guess;
}

function fromServiceRequest(
  sr: fhir4.ServiceRequest,
  id: string,
  index: CatalogIndex,
  notes: string[],
  unmapped: string[],
): Request | undefined {
  const name = codeText(sr.code);
  if (!name) {
    unmapped.push('no service name (code.text or coding.display): the order is not checked');
    return undefined;
  }
  if (sr.doNotPerform === true) {
    unmapped.push(`doNotPerform: "${name}" is an order not to do it; not checked`);
    return undefined;
  }
  const kind = serviceKind(sr, name, index, notes);
  // the amount of a course of therapy is its sessions; of an injection, a device or a visit, its units
  const bySessions = countsSessions(kind);
  let sessions = amount(sr.quantityQuantity?.value, 'quantityQuantity.value', unmapped);
  if (sessions !== undefined && !Number.isInteger(sessions)) {
    unmapped.push(`quantityQuantity.value: ${sessions} is not a whole number of ${bySessions ? 'sessions' : 'units'}`);
    sessions = undefined;
  }
  const quantity = bySessions ? undefined : sessions;
  if (!bySessions) sessions = undefined;
  const repeat = sr.occurrenceTiming?.repeat;
  let perWeek: number | undefined;
  let weeks: number | undefined;
  const times = amount(repeat?.frequency, 'occurrenceTiming.repeat.frequency', unmapped);
  if (times && repeat?.periodUnit === 'wk') perWeek = times / (positive(repeat.period) ?? 1);
  else if (times)
    unmapped.push(
      `occurrenceTiming.repeat: ${repeat?.frequency} per ${repeat?.period ?? 1} ${unitWord(repeat?.periodUnit)} (only a weekly frequency is read)`,
    );
  const bounds = repeat?.boundsDuration;
  const span = positive(bounds?.value);
  if (span && /^(wk|weeks?)$/i.test(bounds?.code ?? bounds?.unit ?? '')) weeks = span;
  else if (span && /^(d|days?)$/i.test(bounds?.code ?? bounds?.unit ?? '') && span % 7 === 0) weeks = span / 7;
  else if (bounds) unmapped.push(`occurrenceTiming.repeat.boundsDuration: ${show(bounds)}`);
  if (bySessions && sessions === undefined && positive(repeat?.count)) sessions = repeat!.count;

  // what the order's own text states and its structure does not
  const heading = parseRequestText(name);
  if (perWeek === undefined && heading.perWeek) {
    perWeek = heading.perWeek;
    notes.push(`${perWeek} per week read from the order text "${name}"`);
  }
  if (weeks === undefined && heading.weeks) {
    weeks = heading.weeks;
    notes.push(`${weeks} weeks read from the order text "${name}"`);
  }
  if (bySessions && sessions === undefined && heading.sessions) {
    sessions = heading.sessions;
    notes.push(`${sessions} sessions read from the order text "${name}"`);
  }
  const site = regionOf(sr.bodySite);
  if (site.text && !site.region) unmapped.push(`bodySite "${site.text}" matches no body region of the case format`);
  const indication = sr.reasonCode?.map(codeText).filter(Boolean).join('; ') || undefined;

  leftOver(
    sr as unknown as Record<string, unknown>,
    [
      'code',
      'category',
      'quantityQuantity',
      'occurrenceTiming',
      'bodySite',
      'reasonCode',
      'occurrenceDateTime',
      'occurrencePeriod',
      'doNotPerform',
    ],
    '',
    unmapped,
  );

  const parts = [name];
  if (perWeek && weeks && !heading.perWeek) parts.push(`${perWeek} times a week for ${weeks} weeks`);
  if (sessions !== undefined && !heading.sessions && !(perWeek && weeks && perWeek * weeks === sessions))
    parts.push(`${sessions} sessions`);
  if (quantity !== undefined) parts.push(`#${quantity}`);
  if (site.text && !name.toLowerCase().includes(site.text.toLowerCase())) parts.push(site.text);
  return {
    id,
    text: parts.join(', '),
    kind,
    name,
    ...(sessions !== undefined ? { sessions } : {}),
    ...(quantity !== undefined ? { quantity } : {}),
    ...(perWeek ? { perWeek } : {}),
    ...(weeks ? { weeks } : {}),
    ...(site.region ? { bodyRegion: site.region } : {}),
    ...(indication ? { indication } : {}),
  };
}

function prefetched(req: OrdersInput, key: string, type: string, unmapped: string[], what: string): Resource[] {
  const value = req.prefetch?.[key] as Resource | null | undefined;
  if (value === undefined || value === null) {
    unmapped.push(
      `${what}: not prefetched (prefetch.${key} ${value === null ? 'is null' : 'is missing'}); the service does not query the FHIR server`,
    );
    return [];
  }
  if (value.resourceType === type) return [value];
  if (value.resourceType === 'Bundle') return entries(value).filter((r) => r.resourceType === type);
  unmapped.push(`prefetch.${key}: a ${value.resourceType}, expected ${type} or a Bundle of them`);
  return [];
}

export function ordersToCase(req: OrdersInput, index: CatalogIndex): Mapping {
  const unmapped: string[] = [];
  const readFromText = new Map<string, string[]>();
  const unmappedByItem = new Map<string, string[]>();
  const requests: Request[] = [];
  const dates: string[] = [];
  const used = new Set<string>();
  const resources = new Map<string, Resource>();
  entries(req.context.draftOrders).forEach((r, i) => {
    const notes: string[] = [];
    const left: string[] = [];
    let id = r.id && /^[A-Za-z0-9._-]+$/.test(r.id) ? r.id : `order-${i + 1}`;
    if (used.has(id)) id = `${id}-${i + 1}`;
    used.add(id);
    let request: Request | undefined;
    if (r.resourceType === 'MedicationRequest')
      request = fromMedicationRequest(r as unknown as fhir4.MedicationRequest, id, index, notes, left);
    else if (r.resourceType === 'ServiceRequest')
      request = fromServiceRequest(r as unknown as fhir4.ServiceRequest, id, index, notes, left);
    else {
      unmapped.push(`${label(r)}: only MedicationRequest and ServiceRequest orders are checked`);
      return;
    }
    if (!request) {
      unmapped.push(...left.map((l) => `${label(r)}: ${l}`));
      return;
    }
    const authored = (r as { authoredOn?: string }).authoredOn;
    if (typeof authored === 'string' && /^\d{4}-\d{2}-\d{2}/.test(authored)) dates.push(authored.slice(0, 10));
    requests.push(request);
    resources.set(id, r);
    readFromText.set(id, notes);
    unmappedByItem.set(
      id,
      left.map((l) => `${label(r)}.${l}`),
    );
  });

  const requestDate = dates.sort().at(-1);
  if (!requestDate) unmapped.push('authoredOn: no draft order states it, so the request is judged as of today');
  else if (new Set(dates).size > 1)
    unmapped.push(`authoredOn: the orders differ (${[...new Set(dates)].join(', ')}); judged as of the latest, ${requestDate}`);

  const patient: NonNullable<Case['patient']> = {};
  const [p] = prefetched(req, 'patient', 'Patient', unmapped, 'age and sex') as unknown as fhir4.Patient[];
  if (p) {
    const age = ageAt(p.birthDate, requestDate ?? new Date().toISOString().slice(0, 10));
    if (age !== undefined) patient.age = age;
    else unmapped.push(`Patient.birthDate ${p.birthDate ? `"${p.birthDate}" is not a full date` : 'is missing'}: age not stated`);
    if (p.gender === 'female' || p.gender === 'male') patient.sex = p.gender;
    else if (p.gender) patient.sex = 'unknown';
  }

  const diagnoses: string[] = [];
  for (const c of prefetched(req, 'conditions', 'Condition', unmapped, 'diagnoses') as unknown as fhir4.Condition[]) {
    const status = c.clinicalStatus?.coding?.find((x) => x.code)?.code;
    if (status && !['active', 'recurrence', 'relapse'].includes(status)) continue;
    const t = codeText(c.code);
    if (t) diagnoses.push(t);
    else unmapped.push(`Condition${c.id ? `/${c.id}` : ''}: no code.text or coding.display`);
  }

  const medications: NonNullable<NonNullable<Case['history']>['medications']> = [];
  const active = req.prefetch?.medications;
  if (active) {
    for (const m of prefetched(
      req,
      'medications',
      'MedicationRequest',
      unmapped,
      'current medications',
    ) as unknown as fhir4.MedicationRequest[]) {
      const name = medicationName(m).name;
      if (!name) continue;
      const since = m.authoredOn && /^\d{4}-\d{2}-\d{2}/.test(m.authoredOn) ? m.authoredOn.slice(0, 10) : undefined;
      medications.push({ name, ...(since ? { since } : {}), current: true });
    }
  } else {
    unmapped.push('current medications: not prefetched (prefetch.medications); criteria about continued use are not assessable');
  }
  unmapped.push('date of injury: not in the hook request; criteria that depend on how long ago the injury was are not assessable');
  unmapped.push(
    'examination findings and documentation (functional improvement, pain relief, urine drug screens, prior treatments): not in the hook request; criteria that need them count as not documented',
  );

  const c: Case = {
    id: `cds-${req.hookInstance}`.slice(0, 120),
    ...(requestDate ? { requestDate } : {}),
    ...(Object.keys(patient).length ? { patient } : {}),
    ...(diagnoses.length ? { diagnoses } : {}),
    ...(medications.length ? { history: { medications } } : {}),
    requests,
  };
  return { case: c, readFromText, unmappedByItem, unmapped, orders: entries(req.context.draftOrders).length, resources };
}

// ---- an order changed -------------------------------------------------------------------------------

// One draft order read as the item it becomes in the case (a changed order is read back this way,
// by the same mapping as the hook request).
export function orderToRequest(r: Resource, id: string, index: CatalogIndex): Request | undefined {
  if (r.resourceType === 'MedicationRequest') return fromMedicationRequest(r as unknown as fhir4.MedicationRequest, id, index, [], []);
  if (r.resourceType === 'ServiceRequest') return fromServiceRequest(r as unknown as fhir4.ServiceRequest, id, index, [], []);
  return undefined;
}

export type OrderEdit = { field: 'supplyDays' | 'sessions' | 'dosesPerDay' | 'quantity' | 'perWeek' | 'weeks'; from: number; to: number };

const DAYS = (value: number) => ({ value, unit: 'days', system: 'http://unitsofmeasure.org', code: 'd' });
const WEEKS = (value: number) => ({ value, unit: 'weeks', system: 'http://unitsofmeasure.org', code: 'wk' });
// a count scaled down in proportion, never below one
const scaled = (n: number, to: number, from: number) => Math.max(1, Math.floor((n * to) / from));

// Each edit changes the order in place and says whether it could; one that cannot leaves the
// suggestion out rather than offer an order that does half of what its label says.
type Edit = (out: Resource, e: OrderEdit, index: CatalogIndex) => boolean;

// A shorter supply: the dispensed quantity shrinks in proportion, so the dose per day stays what
// the prescriber wrote.
const editSupply: Edit = (out, e) => {
  if (out.resourceType !== 'MedicationRequest' || !(e.from > 0)) return false;
  const mr = out as unknown as fhir4.MedicationRequest;
  mr.dispenseRequest ??= {};
  const q = mr.dispenseRequest.quantity;
  if (q?.value !== undefined) q.value = scaled(q.value, e.to, e.from);
  mr.dispenseRequest.expectedSupplyDuration = DAYS(e.to);
  const bounds = mr.dosageInstruction?.[0]?.timing?.repeat;
  if (bounds?.boundsDuration) bounds.boundsDuration = DAYS(e.to);
  return true;
};

// Fewer doses a day, each dose as written: the words that say how often are rewritten (the rest of
// the dosage text stays), the timing to match (a timing code such as "Q6H" would contradict it, so
// it goes), and the quantity shrinks in proportion so the days of supply stay.
const editDosesPerDay: Edit = (out, e) => {
  if (out.resourceType !== 'MedicationRequest' || !Number.isInteger(e.to)) return false;
  const mr = out as unknown as fhir4.MedicationRequest;
  const dosage = mr.dosageInstruction?.[0];
  if (!dosage) return false;
  const text = dosage.text?.trim();
  if (text) {
    const changed = withDosesPerDay(text, e.to);
    if (!changed) return false;
    dosage.text = changed;
  }
  const timing = dosage.timing;
  const hadTiming = timing?.code !== undefined || timing?.repeat?.frequency !== undefined;
  if (!text && !hadTiming) return false;
  if (hadTiming && timing) {
    const interval = timing.repeat?.periodUnit === 'h' && Number.isInteger(24 / e.to);
    timing.repeat = {
      ...(timing.repeat ?? {}),
      ...(interval
        ? { frequency: 1, period: 24 / e.to, periodUnit: 'h' as const }
        : { frequency: e.to, period: 1, periodUnit: 'd' as const }),
    };
    delete timing.code;
  }
  const q = mr.dispenseRequest?.quantity;
  if (q?.value !== undefined && e.from > 0) q.value = scaled(q.value, e.to, e.from);
  return true;
};

// Fewer units: a ServiceRequest's quantity (injections, devices, visits), or a MedicationRequest's
// dispensed quantity with its days of supply to match.
const editQuantity: Edit = (out, e) => {
  if (out.resourceType === 'ServiceRequest') {
    const sr = out as unknown as fhir4.ServiceRequest;
    if (sr.quantityQuantity?.value === undefined) return false;
    sr.quantityQuantity = { ...sr.quantityQuantity, value: e.to };
    return true;
  }
  if (out.resourceType !== 'MedicationRequest') return false;
  const mr = out as unknown as fhir4.MedicationRequest;
  const q = mr.dispenseRequest?.quantity;
  if (q?.value === undefined) return false;
  const supply = mr.dispenseRequest!.expectedSupplyDuration;
  if (supply?.value !== undefined) mr.dispenseRequest!.expectedSupplyDuration = DAYS(scaled(supply.value, e.to, q.value));
  q.value = e.to;
  return true;
};

// A course of therapy as the mapping reads it now (sessions, per week, weeks from the structure or
// the order's own words)
function course(sr: fhir4.ServiceRequest, index: CatalogIndex): Request | undefined {
  const r = fromServiceRequest(sr, 'course', index, [], []);
  return r && countsSessions(r.kind) ? r : undefined;
}

// the order being edited, when it is a course of therapy, with the course as read now
function courseOrder(out: Resource, index: CatalogIndex): { sr: fhir4.ServiceRequest; now: Request } | undefined {
  if (out.resourceType !== 'ServiceRequest') return undefined;
  const sr = out as unknown as fhir4.ServiceRequest;
  const now = course(sr, index);
  return now ? { sr, now } : undefined;
}

// the sessions a course asks for: stated, or its sessions a week over its weeks
const totalSessions = (r: Request) => r.sessions ?? (r.perWeek && r.weeks ? r.perWeek * r.weeks : undefined);

function setSessions(sr: fhir4.ServiceRequest, sessions: number) {
  sr.quantityQuantity = { ...(sr.quantityQuantity ?? {}), value: sessions };
  const repeat = sr.occurrenceTiming?.repeat;
  if (repeat?.count !== undefined) repeat.count = sessions;
}

// Fewer sessions; a stated span shrinks to fit them at the same rhythm.
const editSessions: Edit = (out, e, index) => {
  const order = courseOrder(out, index);
  if (!order) return false;
  const { sr } = order;
  setSessions(sr, e.to);
  const repeat = sr.occurrenceTiming?.repeat;
  if (repeat?.frequency && repeat.periodUnit === 'wk' && repeat.boundsDuration) {
    const perWeek = repeat.frequency / (repeat.period ?? 1);
    repeat.boundsDuration = WEEKS(Math.ceil(e.to / perWeek));
  }
  return true;
};

// Fewer sessions a week over the same weeks: the sessions that no longer fit are left out.
const editPerWeek: Edit = (out, e, index) => {
  const order = courseOrder(out, index);
  if (!order) return false;
  const { sr, now } = order;
  sr.occurrenceTiming ??= {};
  sr.occurrenceTiming.repeat = { ...(sr.occurrenceTiming.repeat ?? {}), frequency: e.to, period: 1, periodUnit: 'wk' };
  const sessions = totalSessions(now);
  if (now.weeks && sessions !== undefined && sessions > e.to * now.weeks) setSessions(sr, e.to * now.weeks);
  return true;
};

// Fewer weeks at the same rhythm: the sessions that no longer fit are left out.
const editWeeks: Edit = (out, e, index) => {
  const order = courseOrder(out, index);
  if (!order) return false;
  const { sr, now } = order;
  sr.occurrenceTiming ??= {};
  sr.occurrenceTiming.repeat = { ...(sr.occurrenceTiming.repeat ?? {}), boundsDuration: WEEKS(e.to) };
  const sessions = totalSessions(now);
  if (now.perWeek && sessions !== undefined && sessions > now.perWeek * e.to) setSessions(sr, Math.floor(now.perWeek * e.to));
  return true;
};

const EDITS: Record<OrderEdit['field'], Edit> = {
  supplyDays: editSupply,
  dosesPerDay: editDosesPerDay,
  quantity: editQuantity,
  weeks: editWeeks,
  perWeek: editPerWeek,
  sessions: editSessions,
};
// the span first, then the rhythm, then the counts, so each reads what the one before left
const EDIT_ORDER: Array<OrderEdit['field']> = ['supplyDays', 'dosesPerDay', 'weeks', 'perWeek', 'sessions', 'quantity'];

// The draft order with the edits made, everything else as it was; undefined when an edit does not
// apply to that order (another kind of order, or words that cannot be changed faithfully).
export function editedOrder(resource: Resource, edits: OrderEdit[], index: CatalogIndex): Resource | undefined {
  if (edits.length === 0) return undefined;
  const out = structuredClone(resource) as Resource;
  const sorted = [...edits].sort((a, b) => EDIT_ORDER.indexOf(a.field) - EDIT_ORDER.indexOf(b.field));
  return sorted.every((e) => EDITS[e.field](out, e, index)) ? out : undefined;
}
