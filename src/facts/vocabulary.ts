// Every fact a rule may name, with its type and the words used to explain it. Facts copied from the
// case take their labels from the case schema (declared once there); facts computed from the case
// are declared here, beside each other, and produced by derive.ts. The rule loader rejects any
// other fact path, so a typo in a rule cannot silently read as "not stated".
import type { z } from 'zod';
import { caseSchema, documentationSchema, findingsSchema, requestSchema } from '../schema/case.js';
import type { FactType } from '../schema/operators.js';

export type { FactType };
export type FactInfo = { type: FactType; label: string; unit?: string; derived?: boolean; shown?: boolean };

type AnySchema = z.ZodType & { def: { type: string }; unwrap?: () => AnySchema; element?: AnySchema; meta: () => unknown };

export function unwrapSchema(s: AnySchema): AnySchema {
  let t = s;
  while ((t.def.type === 'optional' || t.def.type === 'nullable' || t.def.type === 'default' || t.def.type === 'pipe') && t.unwrap)
    t = t.unwrap();
  return t;
}

// The label a field carries in the schema (on the field or on its optional wrapper).
export function fieldMeta(s: AnySchema): { label?: string; unit?: string } {
  let t: AnySchema | undefined = s;
  while (t) {
    const m = t.meta() as { label?: string; unit?: string } | undefined;
    if (m?.label) return m;
    t = t.unwrap && t.def.type !== 'object' ? t.unwrap() : undefined;
  }
  return {};
}

function factType(s: AnySchema): FactType | undefined {
  const t = unwrapSchema(s);
  switch (t.def.type) {
    case 'boolean':
      return 'boolean';
    case 'number':
      return 'number';
    case 'string':
    case 'enum':
      return 'string';
    case 'array': {
      const el = unwrapSchema(t.element as AnySchema).def.type;
      return el === 'string' || el === 'enum' ? 'string[]' : undefined;
    }
    default:
      return undefined;
  }
}

const shapeOf = (s: unknown) => (s as { shape: Record<string, AnySchema> }).shape;

// Case fields that rules read as they are: group -> (schema, fields left out)
export function copiedFacts(group: string, schema: unknown, skip: string[] = []): Record<string, FactInfo> {
  const out: Record<string, FactInfo> = {};
  for (const [key, field] of Object.entries(shapeOf(schema))) {
    const type = factType(field);
    if (skip.includes(key) || !type) continue;
    const { label, unit } = fieldMeta(field);
    out[`${group}.${key}`] = { type, label: label ?? key, ...(unit ? { unit } : {}) };
  }
  return out;
}

const d = (type: FactType, label: string, shown = false): FactInfo => ({ type, label, derived: true, ...(shown ? { shown } : {}) });

// Facts computed from the case; `shown` ones are listed with an item's result as "derived".
export const DERIVED_FACTS: Record<string, FactInfo> = {
  // the requested item
  'request.totalSessions': d('number', 'total sessions requested', true),
  'request.totalWithPriorSessions': d('number', 'sessions in all: prior ones plus those requested', true),
  'request.disputedSessions': d('number', 'sessions in dispute (requested less those utilization review certified)', true),
  'request.certifiedSessions': d('number', 'sessions utilization review certified (part of the request, not in dispute)', true),
  'request.dosesPerDay': d('number', 'doses per day (from the frequency)', true),
  'request.unitsPerDose': d('number', 'units taken at each dose (tablets, capsules or patches, as the frequency states them)', true),
  'request.daysSupply': d('number', 'days of supply requested (quantity / (units per dose × doses per day))', true),
  'request.durationDays': d('number', 'duration requested, in days', true),
  'request.morphineEquivalentDaily': d('number', 'oral morphine-equivalent daily dose of the request (mg)', true),
  // the resolved drug, product or service
  'drug.id': d('string', 'catalog entry'),
  'drug.classes': d('string[]', 'drug classes'),
  'drug.notRecommendedIngredients': d('string[]', 'ingredients the guideline does not recommend topically', true),
  'drug.conditionalIngredients': d('string[]', 'ingredients recommended only under conditions', true),
  'drug.notAddressedIngredients': d('string[]', 'ingredients the guideline does not address', true),
  'drug.onlyRecommendedIngredients': d('boolean', 'every active ingredient the guideline addresses is recommended topically'),
  'drug.onlyNsaidIngredients': d('boolean', 'a topical NSAID (every active ingredient is an NSAID)'),
  'drug.capsaicinPercent': d('number', 'capsaicin strength of the product (%)', true),
  // MTUS Drug Formulary (src/facts/formulary.ts): status on the list version in force, and the fills
  'drug.formularyStatus': d(
    'string',
    'MTUS Drug List status (exempt, non-exempt, unlisted, compounded, physician-administered or not recorded)',
    true,
  ),
  'drug.listVersion': d('string', 'MTUS Drug List version in force on the request date', true),
  'drug.statusBasis': d('string', 'evidence for the recorded MTUS Drug List status', true),
  'drug.specialFillDays': d('number', 'Special Fill limit (days of supply)'),
  'drug.perioperativeFillDays': d('number', 'Perioperative Fill limit (days of supply)'),
  'drug.daysAfterInjury': d('number', 'days from the injury to the request (the day after the injury is day 1)', true),
  'drug.specialFillWindow': d('boolean', 'initial visit within 7 days of the injury (Special Fill window)', true),
  'drug.surgeryDay': d('number', 'days from the surgery to the request (negative: before the surgery)', true),
  'drug.perioperativeWindow': d('boolean', 'within 4 days before or after the surgery (Perioperative Fill window)', true),
  'drug.fillPolicy': d('string', 'fill policy whose window the request falls in (special-fill, perioperative-fill or none)'),
  'drug.withinFillSupply': d('boolean', 'days of supply within the fill limit'),
  'drug.exemptNeedsReview': d(
    'boolean',
    'an exempt drug that still needs review (brand required, or physician-dispensed beyond the first 7 days)',
  ),
  'drug.prospectiveReview': d('boolean', 'prospective review needed before dispensing', true),
  'drug.formularyPolicy': d(
    'string',
    'what lets the drug be dispensed (exempt, special-fill, perioperative-fill, outside-formulary) or prospective-review',
    true,
  ),
  'drug.formularyNote': d('string', 'MTUS Drug Formulary finding'),
  // the patient and the case
  'case.conditions': d('string[]', 'documented conditions'),
  'case.suspectedConditions': d('string[]', 'suspected ("rule out") conditions', true),
  'case.bodyRegions': d('string[]', 'injured body regions'),
  'case.injuryDays': d('number', 'days since the injury', true),
  'case.chronic': d('boolean', 'chronic condition (3 months or more since injury, or chronic pain documented)', true),
  'case.working': d('boolean', 'working (full or modified duty)', true),
  'case.fracture': d('boolean', 'a fracture is documented (diagnosis, imaging finding or red flag)', true),
  // clinical findings computed from several fields
  'findings.giRisk': d('boolean', 'GI risk (a risk factor, or age over 65)', true),
  'findings.quantifiedPainRelief': d('boolean', 'pain scores show relief with medication', true),
  'findings.spasmDocumented': d('boolean', "muscle spasm on examination (of the item's region, or in the findings)", true),
  // the body region of the item: examination, imaging, care, symptoms, red flags
  'region.neurologicDeficit': d('boolean', 'sensory, motor or reflex deficit in the region of the item', true),
  'region.sensoryDeficit': d('boolean', 'sensory deficit in the region of the item'),
  'region.motorDeficit': d('boolean', 'motor weakness in the region of the item'),
  'region.reflexChange': d('boolean', 'reflex change in the region of the item'),
  'region.nerveTensionSign': d('boolean', "positive straight-leg raise or Spurling's test"),
  'region.tinelPhalen': d('boolean', "positive Tinel's or Phalen's sign"),
  'region.impingement': d('boolean', 'positive impingement signs'),
  'region.instability': d('boolean', 'instability on examination'),
  'region.mechanicalSymptoms': d('boolean', 'locking, catching or effusion'),
  'region.limitedRangeOfMotion': d('boolean', 'limited range of motion'),
  'region.imagingFindings': d('string[]', 'findings of imaging or nerve studies of the region', true),
  'region.priorStudySameKind': d('boolean', 'a study of the same kind of this region was done before', true),
  'region.careWeeks': d('number', 'weeks of conservative care documented for the region', true),
  'region.careTypes': d('string[]', 'kinds of conservative care documented for the region', true),
  'region.careFailed': d('boolean', 'conservative care for the region left symptoms unchanged, worse or was not tolerated', true),
  'region.careImproved': d('boolean', 'conservative care for the region improved it', true),
  'region.studyModalities': d('string[]', 'kinds of studies of the region already done (x-ray, MRI, CT, nerve studies)', true),
  'region.allCareWeeks': d(
    'number',
    'weeks of conservative care for the region, counting courses given to several regions or to no stated region',
    true,
  ),
  'region.allCareTypes': d(
    'string[]',
    'kinds of conservative care for the region, counting courses given to several regions or to no stated region',
    true,
  ),
  'region.allCareFailed': d(
    'boolean',
    'conservative care for the region, counting shared courses, left symptoms unchanged, worse or was not tolerated',
    true,
  ),
  'region.allCareImproved': d('boolean', 'conservative care for the region, counting shared courses, improved it', true),
  'request.limb': d('string', 'the limb a whole-limb study is of (upper or lower), from the words of the request'),
  'region.symptomWeeks': d('number', 'weeks of symptoms in the region of the item', true),
  'region.redFlag': d('boolean', 'a red flag in the region of the item', true),
  // the surgery the item belongs to, or the surgery the item is
  'surgery.linked': d('boolean', 'the item belongs to a surgery'),
  'surgery.status': d('string', 'state of the surgery', true),
  'surgery.role': d('string', 'role of the item in the surgery'),
  'surgery.supported': d('boolean', 'the surgery is performed, authorized, or predicted medically necessary', true),
  'surgery.daysFromSurgery': d('number', 'days from the surgery to the request (negative: before)', true),
  // history, as it bears on this item
  'history.continuesCurrentUse': d('boolean', 'the item continues a current medication or treatment', true),
  'history.daysOfUse': d('number', 'days of use so far', true),
  'history.percentRelief': d('number', 'pain relief from the current use (%)', true),
  'history.response': d('string', 'response to the current use', true),
  'history.meaningfulRelief': d('boolean', 'the current use of this drug gives at least 30% pain relief', true),
  'history.functionalImprovement': d('boolean', 'functional improvement stated for the current use of this drug', true),
  'history.opioidCurrentOrRequested': d('boolean', 'another opioid is current or requested in the same case', true),
  'history.otherCurrentMuscleRelaxants': d('number', 'other current muscle relaxants', true),
  'history.otherCurrentAnalgesics': d('number', 'other current pain medications', true),
  'history.currentNsaid': d('boolean', 'a current oral NSAID', true),
  'history.priorTreatment': d('boolean', 'prior treatment of the same type', true),
  'history.priorSessions': d('number', 'prior sessions of the same treatment', true),
  'history.priorFunctionalImprovement': d('boolean', 'functional improvement from the prior sessions', true),
  'history.medicationReducedOrNotTolerated': d('boolean', 'a pain medication was reduced, stopped or not tolerated'),
  'history.activeRehabilitation': d('boolean', 'physical rehabilitation under way (a therapy course or a home exercise program)'),
  'history.priorInjectionSameKind': d('boolean', 'a prior injection of the same kind', true),
  'history.onOpioids': d('boolean', 'currently prescribed an opioid'),
  'history.otherCurrentOpioids': d('number', 'other current opioids'),
  'history.regimenMorphineEquivalentDaily': d('number', 'oral morphine-equivalent daily dose of the whole opioid regimen (mg)', true),
  'history.otherCurrentBenzodiazepines': d('number', 'other current benzodiazepines'),
};

export const FACTS: Record<string, FactInfo> = {
  // the name, kind and sessions of an item are read through the catalog entry and totalSessions
  ...copiedFacts('request', requestSchema, [
    'id',
    'text',
    'kind',
    'name',
    'sessions',
    'side',
    'ingredients',
    'surgery',
    'surgeryRole',
    'actual',
  ]),
  ...copiedFacts('patient', unwrapSchema(shapeOf(caseSchema).patient), ['sex']),
  ...copiedFacts('findings', findingsSchema),
  ...copiedFacts('documentation', documentationSchema),
  ...DERIVED_FACTS,
};

export const FACT_GROUPS = ['request', 'drug', 'patient', 'case', 'findings', 'documentation', 'history', 'region', 'surgery'] as const;
export type FactGroup = (typeof FACT_GROUPS)[number];
// `why`: for a computed fact left without a value, the reason in words where derivation knows it
// (a drug the reference gives no conversion factor for), so a criterion not assessable says why
export type ItemFacts = Record<FactGroup, Record<string, unknown>> & { why?: Record<string, string> };

export function factValue(facts: ItemFacts, path: string): unknown {
  const dot = path.indexOf('.');
  const group = facts[path.slice(0, dot) as FactGroup];
  return group === undefined ? undefined : group[path.slice(dot + 1)];
}
