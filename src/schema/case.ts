// Executable form of the case format (docs/case-format.md, generated from this file). Objects are
// strict: a misspelt key must be an error, never a fact that silently reads as "not stated".
// Every field carries its label here, once: rule explanations, the web form, error messages and the
// format document read it from the schema.
import { z } from 'zod';

export const BODY_REGIONS = [
  'head',
  'cervical',
  'thoracic',
  'lumbar',
  'shoulder',
  'elbow',
  'wrist-hand',
  'hip',
  'knee',
  'ankle-foot',
  'multiple',
  'psych',
  'other',
] as const;

export const SIDES = ['left', 'right', 'bilateral'] as const;

export const CONDITIONS = [
  'chronic-pain',
  'chronic-low-back-pain',
  'acute-low-back-pain',
  'neuropathic-pain',
  'radiculopathy',
  'osteoarthritis',
  'spasticity',
  'spinal-cord-injury',
  'multiple-sclerosis',
  'depression',
  'anxiety',
  'insomnia',
  'fibromyalgia',
  'diabetic-neuropathy',
  'post-herpetic-neuralgia',
  'post-laminectomy-syndrome',
  'crps',
  'dyspepsia',
  // project additions
  'tendinitis',
  'myofascial-pain',
  'trigeminal-neuralgia',
  'gerd',
  'low-back-pain',
  'neck-pain',
  // lesions and disorders an imaging or nerve study is ordered to find (suspected or diagnosed)
  'rotator-cuff-tear',
  'labral-tear',
  'shoulder-instability',
  'meniscal-tear',
  'ligament-tear',
  'nerve-entrapment',
  'osteonecrosis',
  'occult-fracture',
  'tumor',
  'infection',
  'seizure',
] as const;

export const GI_RISK_FACTORS = [
  'age-over-65',
  'ulcer-history',
  'gi-bleed-history',
  'aspirin',
  'corticosteroid',
  'anticoagulant',
  'high-dose-nsaid',
] as const;

export const FIRST_LINE_TRIALS = [
  'tricyclic',
  'snri',
  'anticonvulsant',
  'nsaid',
  'acetaminophen',
  'oral-medication',
  'physical-therapy',
  'conservative-care',
  // project addition: an antidepressant trial whose class is not stated
  'antidepressant',
] as const;

export const TREATMENT_TYPES = [
  'acupuncture',
  'physical-therapy',
  'chiropractic',
  'tens',
  'injection',
  'surgery',
  'psychotherapy',
  'functional-restoration',
  'other',
  // project additions
  'heat-therapy',
  'massage',
  'home-exercise',
  // conservative care as courses (a medication trial, a brace, rest or changed duties)
  'medication',
  'bracing',
  'activity-modification',
] as const;

export const REQUEST_KINDS = ['medication', 'therapy', 'procedure', 'imaging', 'dme', 'program', 'other'] as const;

// How a condition responded to a course of care, at the latest note that says
export const RESPONSES = ['improved', 'unchanged', 'worse', 'not-tolerated'] as const;

export const INJECTION_TYPES = [
  'epidural',
  'facet',
  'medial-branch-block',
  'radiofrequency-ablation',
  'trigger-point',
  'joint',
  'nerve-block',
  'other',
] as const;

export const IMAGING_MODALITIES = ['x-ray', 'mri', 'ct', 'ultrasound', 'bone-scan', 'emg', 'ncs', 'emg-ncs', 'other'] as const;

export const IMAGING_FINDINGS = [
  'herniation',
  'nerve-root-compromise',
  'stenosis',
  'full-thickness-tear',
  'partial-thickness-tear',
  'meniscal-tear',
  'labral-tear',
  'ligament-tear',
  'fracture',
  'instability',
  'degenerative',
  'nerve-entrapment',
  'radiculopathy',
  'normal',
  'other',
] as const;

export const SURGERY_STATUSES = ['requested', 'planned', 'authorized', 'performed'] as const;

export const SURGERY_ROLES = ['pre-operative', 'intra-operative', 'post-operative'] as const;

export const RED_FLAGS = [
  'fracture',
  'infection',
  'tumor',
  'cauda-equina',
  'progressive-neurologic-deficit',
  'dislocation',
  'other',
] as const;

export const WORK_STATUSES = ['full-duty', 'modified-duty', 'off-work', 'not-employed'] as const;

// Label shown for a field in explanations, on the web form, in error messages and in the format
// document; `unit` where a number has one.
export type FieldMeta = { label: string; unit?: string };
const l = <T extends z.ZodType>(schema: T, label: string, unit?: string): T => schema.meta({ label, ...(unit ? { unit } : {}) });

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD')
  .refine((s) => {
    // Date.parse rolls 2015-02-30 over to March; a round trip catches it
    const t = Date.parse(`${s}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === s;
  }, 'expected a real calendar date');

// YAML reads `since: 2012` as a number; accept it and keep the text form.
const partialDate = z
  .union([z.string(), z.number().int()], { error: 'expected a date: YYYY, YYYY-MM or YYYY-MM-DD' })
  .transform((v) => String(v))
  .pipe(z.string().regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'expected YYYY, YYYY-MM or YYYY-MM-DD'));

const optionalText = z.string().min(1).nullable().optional();

// Impossible values are errors, whatever else the case says. "-10 mg", "-3 times a day": a minus
// sign before a number (a hyphen between numbers, "7.5-325 mg" or "4-6 hrs", is a range or a mix).
const NEGATIVE_NUMBER = /(^|[\s(:;,=/])[-\u2212]\s*\d/;
const DOSE = /(\d[\d,]*(?:\.\d+)?)\s*(mcg|\u00b5g|ug|mg|milligrams?|gm|grams?|g)\b/gi;
const TO_MG: Record<string, number> = { mcg: 0.001, '\u00b5g': 0.001, ug: 0.001, mg: 1, milligram: 1, milligrams: 1 };
// the amounts of a strength in milligrams: "5/325 mg" -> [325] (the unit follows the last number)
export function strengthMilligrams(text: string): number[] {
  return [...text.matchAll(DOSE)].map((m) => Number(m[1].replace(/,/g, '')) * (TO_MG[m[2].toLowerCase()] ?? 1000));
}
// no medicine is given 100 g at a time; more than that is a typing error
export const MAX_DOSE_MG = 100_000;
export const MAX_QUANTITY = 100_000;
// 100000 -> "100,000" without toLocaleString: its first call loads ICU's number formatting, ~30 ms
// of the start-up of every command
const withThousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const percents = (text: string) => [...text.matchAll(/(\d+(?:\.\d+)?)\s*%/g)].map((m) => Number(m[1]));
const strengthText = z
  .string()
  .min(1)
  .refine((s) => !NEGATIVE_NUMBER.test(s), 'cannot be negative')
  .refine((s) => strengthMilligrams(s).every((mg) => mg <= MAX_DOSE_MG), 'is impossible: more than 100 g in one dose')
  .refine((s) => percents(s).every((p) => p <= 100), 'is impossible: a concentration above 100%');
const frequencyText = z
  .string()
  .min(1)
  .refine((s) => !NEGATIVE_NUMBER.test(s), 'cannot be negative');
const quantity = z
  .number()
  .positive()
  .max(MAX_QUANTITY, `is impossible: more than ${withThousands(MAX_QUANTITY)}`);
const optionalCount = z.number().int().nonnegative().nullable().optional();
const percent = z.number().min(0).max(100);
const region = z.enum(BODY_REGIONS);
const side = z.enum(SIDES);

export const provenanceSource = z.enum(['summary', 'rationale', 'header', 'heading', 'manual']);

export const actualSchema = z.strictObject({
  decision: l(z.enum(['upheld', 'overturned']), 'IMR decision'),
  reasons: l(z.array(z.string().min(1)).optional(), "reviewer's reasons"),
  citation: l(z.string().optional(), "reviewer's citation"),
});

// The part of a request that utilization review certified; the rest is what IMR decides.
export const certifiedSchema = z.strictObject({
  text: l(z.string().min(1), 'what utilization review certified, as written'),
  sessions: l(z.number().int().nonnegative().optional(), 'sessions certified'),
  quantity: l(quantity.optional(), 'quantity certified'),
});

export const requestSchema = z.strictObject({
  id: l(z.string().min(1), 'item id'),
  text: l(z.string().min(1), 'item as written'),
  kind: l(z.enum(REQUEST_KINDS), 'kind of item'),
  name: l(z.string().min(1), 'item name'),
  strength: l(strengthText.nullable().optional(), 'strength on the request'),
  quantity: l(quantity.nullable().optional(), 'quantity on the request'),
  frequency: l(frequencyText.nullable().optional(), 'frequency on the request'),
  duration: l(optionalText, 'duration on the request'),
  sessions: l(optionalCount, 'sessions on the request'),
  perWeek: l(z.number().positive().nullable().optional(), 'sessions per week on the request'),
  weeks: l(z.number().positive().nullable().optional(), 'weeks on the request'),
  bodyRegion: l(region.nullable().optional(), 'site of use / treatment on the request'),
  // project additions
  side: l(side.optional(), 'side of the body on the request'),
  indication: l(optionalText, 'indication stated for the item'),
  ingredients: l(z.array(z.string().min(1)).optional(), 'active ingredients stated on the request'),
  levels: l(z.number().int().positive().optional(), 'spinal levels requested'),
  acquisition: l(z.enum(['purchase', 'rental']).optional(), 'purchase or rental'),
  // the item belongs to a surgery of `surgeries` (a pre-operative test, post-operative therapy, ...)
  surgery: l(z.string().min(1).optional(), 'the surgery this item belongs to'),
  surgeryRole: l(z.enum(SURGERY_ROLES).optional(), 'role of the item in the surgery'),
  // MTUS Drug Formulary: who dispenses the drug, whether the brand is required, and whether it is
  // prescribed at the single initial treatment visit after the injury (Special Fill)
  dispensedBy: l(z.enum(['physician', 'pharmacy']).optional(), 'dispensed by'),
  brandRequired: l(z.boolean().optional(), 'brand name required (dispense as written)'),
  initialVisit: l(z.boolean().optional(), 'prescribed at the initial treatment visit after the injury'),
  certified: l(certifiedSchema.optional(), 'part certified by utilization review'),
  actual: l(actualSchema.optional(), 'the IMR decision, when known'),
});

export const medicationSchema = z.strictObject({
  name: l(z.string().min(1), 'medication'),
  since: l(partialDate.optional(), 'taken since'),
  current: l(z.boolean().optional(), 'taken now'),
  // project additions: the regimen, and how the patient responds to it
  strength: l(strengthText.optional(), 'strength'),
  frequency: l(frequencyText.optional(), 'frequency'),
  response: l(z.enum(RESPONSES).optional(), 'response to the medication'),
  percentRelief: l(percent.optional(), 'pain relief from the medication', '%'),
  functionalImprovement: l(z.boolean().optional(), 'functional improvement from the medication'),
});

export const treatmentSchema = z.strictObject({
  type: l(z.enum(TREATMENT_TYPES), 'treatment'),
  sessions: l(z.number().int().nonnegative().optional(), 'sessions completed'),
  functionalImprovement: l(z.boolean().optional(), 'functional improvement from the treatment'),
  // project additions: a course of care
  name: l(z.string().min(1).optional(), 'treatment as written'),
  injection: l(z.enum(INJECTION_TYPES).optional(), 'kind of injection'),
  bodyRegion: l(region.optional(), 'body region treated'),
  side: l(side.optional(), 'side treated'),
  weeks: l(z.number().positive().optional(), 'weeks of treatment', 'weeks'),
  from: l(partialDate.optional(), 'course began'),
  to: l(partialDate.optional(), 'course ended'),
  status: l(z.enum(['completed', 'ongoing', 'planned']).optional(), 'state of the course'),
  response: l(z.enum(RESPONSES).optional(), 'response to the treatment'),
  percentRelief: l(percent.optional(), 'pain relief from the treatment', '%'),
});

export const examinationSchema = z.strictObject({
  region: l(region, 'body region examined'),
  side: l(side.optional(), 'side examined'),
  date: l(partialDate.optional(), 'date of the examination'),
  sensoryDeficit: l(z.boolean().optional(), 'sensory deficit (dermatomal or in a nerve distribution)'),
  motorDeficit: l(z.boolean().optional(), 'motor weakness'),
  reflexChange: l(z.boolean().optional(), 'reflex change'),
  straightLegRaise: l(z.boolean().optional(), 'positive straight-leg raise'),
  spurling: l(z.boolean().optional(), "positive Spurling's test"),
  tinelPhalen: l(z.boolean().optional(), "positive Tinel's or Phalen's sign"),
  impingement: l(z.boolean().optional(), 'positive impingement signs'),
  instability: l(z.boolean().optional(), 'instability on examination'),
  locking: l(z.boolean().optional(), 'locking or catching'),
  effusion: l(z.boolean().optional(), 'effusion'),
  limitedRangeOfMotion: l(z.boolean().optional(), 'limited range of motion'),
  tenderness: l(z.boolean().optional(), 'tenderness'),
  spasm: l(z.boolean().optional(), 'muscle spasm'),
  note: l(z.string().min(1).optional(), 'examination as written'),
});

export const imagingSchema = z.strictObject({
  modality: l(z.enum(IMAGING_MODALITIES), 'study'),
  region: l(region, 'body region studied'),
  side: l(side.optional(), 'side studied'),
  date: l(partialDate.optional(), 'date of the study'),
  findings: l(z.array(z.enum(IMAGING_FINDINGS)).optional(), 'findings'),
  note: l(z.string().min(1).optional(), 'report as written'),
});

export const surgerySchema = z.strictObject({
  id: l(z.string().min(1), 'surgery id'),
  procedure: l(z.string().min(1), 'procedure'),
  region: l(region.optional(), 'body region operated on'),
  side: l(side.optional(), 'side operated on'),
  status: l(z.enum(SURGERY_STATUSES), 'state of the surgery'),
  date: l(partialDate.optional(), 'date of the surgery'),
  // for a surgery that is itself an item of this request
  request: l(z.string().min(1).optional(), 'the item that requests this surgery'),
});

export const symptomSchema = z.strictObject({
  region: l(region, 'body region'),
  side: l(side.optional(), 'side'),
  onset: l(partialDate.optional(), 'symptoms began'),
  // "about 5 weeks at the 11-21-16 visit": a duration stated at a date
  weeks: l(z.number().nonnegative().optional(), 'weeks of symptoms', 'weeks'),
  asOf: l(partialDate.optional(), 'date the duration was stated'),
});

export const redFlagSchema = z.strictObject({
  flag: l(z.enum(RED_FLAGS), 'red flag'),
  region: l(region.optional(), 'body region'),
  note: l(z.string().min(1).optional(), 'as written'),
});

export const workSchema = z.strictObject({
  status: l(z.enum(WORK_STATUSES).optional(), 'work status'),
  restrictions: l(z.boolean().optional(), 'work restrictions in place'),
  since: l(partialDate.optional(), 'work status since'),
  note: l(z.string().min(1).optional(), 'work status as written'),
});

export const findingsSchema = z.strictObject({
  painScore: l(z.number().min(0).max(10).optional(), 'current pain score', '/10'),
  painWithMedication: l(z.number().min(0).max(10).optional(), 'pain score with medication', '/10'),
  painWithoutMedication: l(z.number().min(0).max(10).optional(), 'pain score without medication', '/10'),
  acuteExacerbation: l(z.boolean().optional(), 'acute exacerbation / flare-up'),
  muscleSpasm: l(z.boolean().optional(), 'muscle spasm on examination'),
  objectiveNeurologicDeficit: l(z.boolean().optional(), 'objective neurologic deficit'),
  dyspepsia: l(z.boolean().optional(), 'dyspepsia'),
  giRiskFactors: l(z.array(z.enum(GI_RISK_FACTORS)).optional(), 'GI risk factors'),
  // project additions
  redFlags: l(z.boolean().optional(), 'red flags (cauda equina, tumour, infection, fracture, progressive deficit)'),
  radiculopathyOnExam: l(z.boolean().optional(), 'radiculopathy on examination'),
  imagingCorroboration: l(z.boolean().optional(), 'imaging or electrodiagnostics corroborate the radiculopathy'),
  triggerPoints: l(z.boolean().optional(), 'trigger points (twitch response and referred pain)'),
  homebound: l(z.boolean().optional(), 'homebound'),
  opioidRiskLevel: l(z.enum(['low', 'moderate', 'high']).optional(), 'risk level for opioid misuse'),
  cardiovascularRisk: l(z.boolean().optional(), 'cardiovascular or renal risk'),
});

export const documentationSchema = z.strictObject({
  functionalImprovement: l(z.boolean().optional(), 'objective functional improvement from the current treatment'),
  painRelief: l(z.boolean().optional(), 'quantified pain relief from the current treatment'),
  urineDrugScreen: l(z.boolean().optional(), 'urine drug screen consistent with prescriptions'),
  opioidRiskAssessment: l(z.boolean().optional(), 'aberrant-behaviour / risk assessment'),
  sideEffectsAssessed: l(z.boolean().optional(), 'side effects assessed'),
  homeExerciseProgram: l(z.boolean().optional(), 'home exercise program'),
  returnedToWork: l(z.boolean().optional(), 'returned to work'),
  rationale: l(z.boolean().optional(), "the provider's rationale for the item"),
  failedFirstLine: l(z.array(z.enum(FIRST_LINE_TRIALS)).optional(), 'first-line treatments tried and failed'),
  // project additions
  surgeryConsidered: l(z.boolean().optional(), 'surgery is being considered'),
  priorProcedureRelief: l(z.boolean().optional(), 'at least 50% relief for 6-8 weeks from the prior procedure'),
  deviceTrialSuccess: l(z.boolean().optional(), 'a one-month trial of the device with documented use and outcomes'),
  psychologicalEvaluation: l(z.boolean().optional(), 'psychological evaluation'),
  baselineFunctionalTesting: l(z.boolean().optional(), 'baseline functional testing'),
  negativePredictorsAddressed: l(z.boolean().optional(), 'negative predictors of success addressed'),
  motivatedToChange: l(z.boolean().optional(), 'motivation to change'),
  surgicalCandidate: l(z.boolean().optional(), 'a candidate for surgery'),
  rehabilitationAdjunct: l(z.boolean().optional(), 'used alongside active rehabilitation or exercise'),
  medicationReducedOrNotTolerated: l(z.boolean().optional(), 'pain medication reduced or not tolerated'),
  urineDrugScreensPastYear: l(z.number().int().nonnegative().optional(), 'urine drug screens in the past year'),
});

// A full or partial date (YYYY, YYYY-MM) later than `ref`, compared at the date's own precision.
const later = (date: string, ref: string) => date > ref.slice(0, date.length);
// what is still to come (a planned course or surgery) may be dated ahead, but not by years
const PLANNED_YEARS_AHEAD = 2;
type DatedCase = {
  requestDate?: string;
  injury?: { date?: string };
  determination?: Record<string, string | undefined>;
  history?: { medications?: Array<{ since?: string }>; treatments?: Array<{ from?: string; to?: string; status?: string }> };
  examination?: Array<{ date?: string }>;
  imaging?: Array<{ date?: string }>;
  surgeries?: Array<{ date?: string; status: string }>;
  symptoms?: Array<{ onset?: string; asOf?: string }>;
  work?: { since?: string };
};

// Dates that cannot be true: a record dated after today (2099) and a planned event years ahead.
// One day of slack: a case written in a time zone ahead of this one may be dated tomorrow here.
export function impossibleDates(c: DatedCase, today: string): Array<{ path: (string | number)[]; message: string }> {
  const latest = new Date(Date.parse(`${today}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const past: Array<[(string | number)[], string | undefined]> = [
    [['requestDate'], c.requestDate],
    [['injury', 'date'], c.injury?.date],
    ...Object.entries(c.determination ?? {})
      .filter(([k]) => k.endsWith('Date'))
      .map(([k, v]): [(string | number)[], string | undefined] => [['determination', k], v]),
    ...(c.history?.medications ?? []).map((m, i): [(string | number)[], string | undefined] => [
      ['history', 'medications', i, 'since'],
      m.since,
    ]),
    ...(c.history?.treatments ?? []).flatMap(
      (t, i): Array<[(string | number)[], string | undefined]> =>
        t.status === 'planned'
          ? []
          : [
              [['history', 'treatments', i, 'from'], t.from],
              [['history', 'treatments', i, 'to'], t.to],
            ],
    ),
    ...(c.examination ?? []).map((e, i): [(string | number)[], string | undefined] => [['examination', i, 'date'], e.date]),
    ...(c.imaging ?? []).map((e, i): [(string | number)[], string | undefined] => [['imaging', i, 'date'], e.date]),
    ...(c.surgeries ?? []).map((s, i): [(string | number)[], string | undefined] => [
      ['surgeries', i, 'date'],
      s.status === 'performed' ? s.date : undefined,
    ]),
    ...(c.symptoms ?? []).flatMap(
      (s, i): Array<[(string | number)[], string | undefined]> => [
        [['symptoms', i, 'onset'], s.onset],
        [['symptoms', i, 'asOf'], s.asOf],
      ],
    ),
    [['work', 'since'], c.work?.since],
  ];
  const issues = past.flatMap(([path, date]) =>
    date && later(date, latest)
      ? [{ path, message: `${date} is in the future (today is ${today}); a record cannot be dated after today` }]
      : [],
  );
  const horizon = `${Number(today.slice(0, 4)) + PLANNED_YEARS_AHEAD}`;
  const planned: Array<[(string | number)[], string | undefined]> = [
    ...(c.history?.treatments ?? []).flatMap(
      (t, i): Array<[(string | number)[], string | undefined]> =>
        t.status === 'planned'
          ? [
              [['history', 'treatments', i, 'from'], t.from],
              [['history', 'treatments', i, 'to'], t.to],
            ]
          : [],
    ),
    ...(c.surgeries ?? []).map((s, i): [(string | number)[], string | undefined] => [
      ['surgeries', i, 'date'],
      s.status === 'performed' ? undefined : s.date,
    ]),
  ];
  for (const [path, date] of planned) {
    if (date && date.slice(0, 4) > horizon)
      issues.push({ path, message: `${date} is more than ${PLANNED_YEARS_AHEAD} years ahead (today is ${today}); check the year` });
  }
  return issues;
}

export const caseSchema = z
  .strictObject({
    id: l(z.string().min(1), 'case id'),
    source: l(z.string().optional(), 'source'),
    requestDate: l(isoDate.optional(), 'request date'),
    patient: l(
      z
        .strictObject({
          age: l(z.number().int().min(0).max(120).optional(), 'age', 'years'),
          sex: l(z.enum(['female', 'male', 'unknown']).optional(), 'sex'),
        })
        .optional(),
      'the patient',
    ),
    injury: l(
      z
        .strictObject({
          date: l(isoDate.optional(), 'date of injury'),
          mechanism: l(z.string().optional(), 'mechanism of injury'),
          bodyRegions: l(z.array(region).optional(), 'injured body regions'),
        })
        .optional(),
      'the injury',
    ),
    diagnoses: l(z.array(z.string().min(1)).optional(), 'diagnoses'),
    conditions: l(z.array(z.enum(CONDITIONS)).optional(), 'documented conditions'),
    // project addition: diagnoses written as "rule out", "possible" or "suspected"
    suspectedDiagnoses: l(z.array(z.string().min(1)).optional(), 'suspected ("rule out") diagnoses'),
    findings: l(findingsSchema.optional(), 'clinical findings'),
    documentation: l(documentationSchema.optional(), 'what the records document'),
    history: l(
      z
        .strictObject({
          medications: l(z.array(medicationSchema).optional(), 'medications'),
          treatments: l(z.array(treatmentSchema).optional(), 'treatments'),
        })
        .optional(),
      'medications and treatments so far',
    ),
    // project additions: what a reviewer weighs beside the checklist
    examination: l(z.array(examinationSchema).optional(), 'examination findings by body region'),
    imaging: l(z.array(imagingSchema).optional(), 'imaging and electrodiagnostic results'),
    surgeries: l(z.array(surgerySchema).optional(), 'surgeries'),
    symptoms: l(z.array(symptomSchema).optional(), 'symptom onset or duration by body region'),
    redFlags: l(z.array(redFlagSchema).optional(), 'red flags by body region'),
    work: l(workSchema.optional(), 'work status'),
    requests: l(z.array(requestSchema).min(1, 'a case needs at least one requested item'), 'requested items'),
    // project additions: the published letter's header, and where each fact came from
    determination: l(
      z
        .strictObject({
          caseNumber: l(z.string().optional(), 'IMR case number'),
          decisionDate: l(isoDate.optional(), 'IMR decision date'),
          assignedDate: l(isoDate.optional(), 'date assigned to IMR'),
          urDenialDate: l(isoDate.optional(), 'utilization review denial date'),
          reviewer: l(z.string().optional(), 'reviewer'),
          // the latest date the letter's case summary mentions (the request follows it)
          latestRecordDate: l(isoDate.optional(), 'latest medical record date'),
          // the guideline edition the letter names ("MTUS, 2009, Chronic pain") when it states no date
          editionCited: l(z.string().optional(), 'guideline edition the letter names'),
        })
        .optional(),
      'the published IMR letter',
    ),
    provenance: l(z.record(z.string(), provenanceSource).optional(), 'where each fact came from (fact path: source)'),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.requests.forEach((r, i) => {
      if (seen.has(r.id)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requests', i, 'id'],
          message: `duplicate request id "${r.id}" (ids must be unique within a case)`,
        });
      }
      seen.add(r.id);
    });
    const surgeries = new Set((c.surgeries ?? []).map((s) => s.id));
    c.requests.forEach((r, i) => {
      if (r.surgery && !surgeries.has(r.surgery)) {
        ctx.addIssue({ code: 'custom', path: ['requests', i, 'surgery'], message: `no surgery with id "${r.surgery}" in surgeries` });
      }
    });
    (c.surgeries ?? []).forEach((s, i) => {
      if (s.request && !seen.has(s.request)) {
        ctx.addIssue({ code: 'custom', path: ['surgeries', i, 'request'], message: `no requested item with id "${s.request}"` });
      }
    });
    for (const issue of impossibleDates(c, new Date().toISOString().slice(0, 10))) ctx.addIssue({ code: 'custom', ...issue });
  });

export type Case = z.infer<typeof caseSchema>;
export type Request = z.infer<typeof requestSchema>;
export type Condition = (typeof CONDITIONS)[number];
export type Medication = z.infer<typeof medicationSchema>;
export type Treatment = z.infer<typeof treatmentSchema>;
export type Examination = z.infer<typeof examinationSchema>;
export type Imaging = z.infer<typeof imagingSchema>;
export type Surgery = z.infer<typeof surgerySchema>;
