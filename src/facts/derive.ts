// Turning a case and one requested item into the flat facts the rules read. Everything the
// explanation relies on is derived here once, so rules stay declarative. Clinical definitions
// (what "chronic" means, GI risk, which classes are analgesics) come from rules/definitions.yaml.
import {
  type Case,
  type Examination,
  type Imaging,
  MAX_DOSE_MG,
  type Request,
  strengthMilligrams,
  type Treatment,
} from '../schema/case.js';
import type { Definitions, Ingredient, Product } from '../schema/rules.js';
import { type CatalogIndex, type Resolution, resolveName } from './catalog.js';
import { conditionsFromDiagnoses, type DerivedConditions } from './conditions.js';
import {
  daysOfSupply,
  dosesPerDay,
  durationDays,
  hourlyRateMcg,
  hourlyStrength,
  parseFrequency,
  parseUnitsPerDose,
  type StatedAmount,
  statedAmounts,
  type UnitsPerDose,
} from './request-text.js';
import type { ItemFacts } from './vocabulary.js';
import { formularyFacts } from './formulary.js';

const DAY_MS = 86_400_000;

export type AsOf = {
  date: string;
  source: 'requestDate' | 'decision date' | 'UR denial date' | 'latest record date' | 'edition named in the letter' | 'today';
};

// editionStart: when the edition a letter names came into force (no date is stated at all)
export function asOfDate(c: Case, today: string, editionStart: (id: string) => string | undefined = () => undefined): AsOf {
  if (c.requestDate) return { date: c.requestDate, source: 'requestDate' };
  if (c.determination?.decisionDate) return { date: c.determination.decisionDate, source: 'decision date' };
  if (c.determination?.urDenialDate) return { date: c.determination.urDenialDate, source: 'UR denial date' };
  if (c.determination?.latestRecordDate) return { date: c.determination.latestRecordDate, source: 'latest record date' };
  const cited = c.determination?.editionCited ? editionStart(c.determination.editionCited) : undefined;
  if (cited) return { date: cited, source: 'edition named in the letter' };
  return { date: today, source: 'today' };
}

export function days(from: string, to: string): number {
  return Math.floor((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

// "since 2012" means use began no later than the end of 2012: the shortest use it can mean.
function latestStart(since: string): string {
  if (/^\d{4}$/.test(since)) return `${since}-12-31`;
  if (/^\d{4}-\d{2}$/.test(since)) {
    const [y, m] = since.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${since}-${String(last).padStart(2, '0')}`;
  }
  return since;
}

// "until 2016-11" means the course lasted at least to the start of that month.
const earliestEnd = (d: string) => (d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d);

// the first number of a strength: "10 mg" -> 10, "5/325 mg" -> 5 (the opioid is written first)
const firstNumber = (s: string | null | undefined) => (s ? Number(/(\d+(?:\.\d+)?)/.exec(s)?.[1]) : Number.NaN);

export type ResolvedMedication = {
  name: string;
  since?: string;
  current: boolean;
  resolution: Resolution;
  entry: NonNullable<NonNullable<Case['history']>['medications']>[number];
  // the strength stated, else the one its name states, read as a request's is (namedStrength)
  strength?: string;
};
export type ResolvedItem = { request: Request; resolution: Resolution };

export type CaseContext = {
  asOf: AsOf;
  definitions: Definitions;
  conditions: string[] | undefined;
  conditionsDerived: DerivedConditions | undefined;
  suspectedConditions: string[] | undefined;
  medications: ResolvedMedication[] | undefined;
  // every requested item, its name resolved once
  items: ResolvedItem[];
  requestedProducts: Product[];
};

export function caseContext(
  c: Case,
  index: CatalogIndex,
  definitions: Definitions,
  today: string,
  editionStart?: (id: string) => string | undefined,
): CaseContext {
  const lexicon = definitions.conditionLexicon.value;
  const derived = c.conditions ? undefined : conditionsFromDiagnoses(c.diagnoses ?? [], lexicon);
  const items = c.requests.map((request) => {
    const resolution = resolveName(index, request.name, request.ingredients);
    return withNamed(request, resolution);
  });
  return {
    asOf: asOfDate(c, today, editionStart),
    definitions,
    // no conditions and no diagnoses: the file does not say, which is not "none"
    conditions: c.conditions ?? (c.diagnoses ? (derived?.tags ?? []) : undefined),
    conditionsDerived: derived,
    suspectedConditions: c.suspectedDiagnoses ? conditionsFromDiagnoses(c.suspectedDiagnoses, lexicon).tags : undefined,
    medications: c.history?.medications?.map((m) => {
      const resolution = resolveName(index, m.name);
      const strength = resolution.status === 'resolved' ? (namedStrength(m, resolution)?.strength ?? m.strength) : m.strength;
      return { name: m.name, since: m.since, current: m.current !== false, resolution, entry: m, ...(strength ? { strength } : {}) };
    }),
    items,
    requestedProducts: items.flatMap((i) => (i.resolution.status === 'resolved' ? [i.resolution.product] : [])),
  };
}

// A request that states no region or side takes those its name states ("X-ray of the left
// wrist"), so the region facts and the rules that read the request's region apply; one that states
// no strength takes the strength its name states, and the resolution says so.
function withNamed(request: Request, resolution: Resolution): ResolvedItem {
  if (resolution.status !== 'resolved') return { request, resolution };
  const region = request.bodyRegion ?? resolution.region;
  const side = request.side ?? (region === resolution.region ? resolution.side : undefined);
  const named = namedStrength(request, resolution);
  if (region === request.bodyRegion && side === request.side && !named) return { request, resolution };
  return {
    request: {
      ...request,
      ...(region ? { bodyRegion: region } : {}),
      ...(side ? { side } : {}),
      ...(named ? { strength: named.strength } : {}),
    },
    resolution: named ? { ...resolution, note: `${resolution.note}; strength ${named.strength} (from ${named.from})` } : resolution,
  };
}

type NamedStrength = { strength: string; from: 'the name' | 'the words of the request' };

// The one place a strength is read from how an item (a request, or a medication in the history) is
// named, for an item that states none: its own strength always wins, save a combination's that is
// one ingredient's strength read off the name.
// - A combination named ingredient by ingredient ("Acetaminophen 325 MG / Hydrocodone Bitartrate 10
//   MG") states each strength beside its ingredient. Written in the product's ingredient order
//   ("10/325 mg", as prescribers write it), the opioid's own strength is the one read for morphine
//   equivalents. A brand with bare numbers ("Norco 10/325") says which is which only by habit: not read.
// - A patch is named by the rate it delivers ("Fentanyl 25 MCG/HR Transdermal System", "fentanyl
//   patch 50 mcg/hr, change every 72 hours"): the rate its name, else the words of the request,
//   state. Only a patch's rate is read from the words (the words of an oral request may name a rate
//   of something else: "was on fentanyl 25 mcg/hr").
// - A single-ingredient product named with its one strength, as EHRs and RxNorm write it
//   ("Oxycodone Hydrochloride 10 MG Oral Tablet", "tramadol 50mg tab"). Not when the name states
//   two amounts, numbers joined by a slash or a range ("tramadol 50/100 mg", "5-10 mg"), an amount
//   per volume or per hour (a solution's "1 MG/ML" is not a dose), or only a pack size ("100 g"),
//   nor when a part of the name is not recognised (the amount may be that part's).
function namedStrength(
  item: { name: string; text?: string | null; strength?: string | null },
  resolution: Extract<Resolution, { status: 'resolved' }>,
): NamedStrength | undefined {
  const { product } = resolution;
  const ids = product.ingredients.map((i) => i.id);
  if (product.kind !== 'medication' || ids.length === 0) return undefined;
  if (ids.length > 1) {
    const combined = combinationStrength(ids, resolution.strengths, item.strength);
    return combined ? { strength: combined, from: 'the name' } : undefined;
  }
  if (item.strength) return undefined;
  if (product.form === 'patch') {
    const rate = hourlyStrength(item.name);
    if (rate) return { strength: rate, from: 'the name' };
    const worded = hourlyStrength(item.text);
    if (worded) return { strength: worded, from: 'the words of the request' };
  }
  if (resolution.unmatched) return undefined;
  const amounts = statedAmounts(item.name);
  const single = amounts.length === 1 && !amounts[0].joined && !amounts[0].per ? singleStrength(amounts[0]) : undefined;
  return single ? { strength: single, from: 'the name' } : undefined;
}

function combinationStrength(ids: string[], named: Record<string, string> | undefined, stated: string | null | undefined) {
  if (!named || !ids.every((id) => named[id])) return undefined;
  const amounts = ids.map((id) => /^(\d+(?:\.\d+)?) (mg|mcg)$/.exec(named[id]));
  if (amounts.some((a) => !a) || new Set(amounts.map((a) => a![2])).size !== 1) return undefined;
  const squash = (x: string) => x.replace(/\s+/g, '').toLowerCase();
  if (stated && !Object.values(named).some((v) => squash(v) === squash(stated))) return undefined;
  return `${amounts.map((a) => a![1]).join('/')} ${amounts[0]![2]}`;
}

// An amount that is a strength, as the strength field writes it: a dose (mg, mcg, units, mEq) or a
// concentration in percent; grams and millilitres alone are how much is dispensed.
const STRENGTH_UNITS: Record<string, string> = {
  mg: 'mg',
  mcg: 'mcg',
  µg: 'mcg',
  unit: 'units',
  units: 'units',
  unt: 'units',
  iu: 'iu',
  meq: 'meq',
};

function singleStrength(a: StatedAmount): string | undefined {
  if (a.unit === '%') return a.amount <= 100 ? `${a.amount}%` : undefined;
  const unit = STRENGTH_UNITS[a.unit];
  if (!unit) return undefined;
  const text = `${a.amount} ${unit}`;
  // an amount the strength field would refuse (more than 100 g at once) is no strength either
  return strengthMilligrams(text).every((mg) => mg <= MAX_DOSE_MG) ? text : undefined;
}

// The strength of a combination its name states ingredient by ingredient, as one strength in the
// product's ingredient order ("10/325 mg"); for an order read from FHIR (src/import/fhir.ts).
export function combinedStrength(resolution: Extract<Resolution, { status: 'resolved' }>): string | undefined {
  const ids = resolution.product.ingredients.map((i) => i.id);
  return ids.length > 1 ? combinationStrength(ids, resolution.strengths, undefined) : undefined;
}

// What a name says of a combination's ingredients: the strength beside each ("Hydrocodone
// Bitartrate 10 MG"), and the order it lists them in ("acetaminophen/codeine"). A resolved name
// (catalog.ts) carries both.
export type NameReading = { strengths?: Record<string, string>; order?: string[] };

const nameReading = (r: Resolution): NameReading | undefined => (r.status === 'resolved' ? r : undefined);

// what a requested item's name says of its ingredients
function itemNameReading(ctx: CaseContext, requestId: string): NameReading | undefined {
  const item = ctx.items.find((i) => i.request.id === requestId);
  return item ? nameReading(item.resolution) : undefined;
}

const classMemo = new WeakMap<Product, string[]>();

export function productClasses(p: Product, index: CatalogIndex, defs: Definitions): string[] {
  if (!defs.systemicForms.value.includes(p.form)) return p.classes;
  let classes = classMemo.get(p);
  if (!classes) {
    classes = [...new Set([...p.classes, ...p.ingredients.flatMap((i) => index.ingredients.get(i.id)?.classes ?? [])])];
    classMemo.set(p, classes);
  }
  return classes;
}

function sameDrug(a: Product, b: Product, defs: Definitions): boolean {
  if (a.id === b.id) return true;
  const systemic = defs.systemicForms.value;
  if (!systemic.includes(a.form) || !systemic.includes(b.form) || a.ingredients.length === 0) return false;
  const ids = (p: Product) =>
    p.ingredients
      .map((i) => i.id)
      .sort()
      .join('+');
  return ids(a) === ids(b);
}

function topicalStatuses(p: Product, index: CatalogIndex) {
  const topical = p.classes.includes('topical-analgesic');
  const status = (id: string) => {
    const t = index.ingredients.get(id)?.topical;
    if (!t) return 'not-addressed';
    if (t.status === 'not-recommended' && t.exceptIn?.includes(p.id)) return 'conditional';
    return t.status;
  };
  const ids = p.ingredients.map((i) => i.id);
  const by = (s: string) => (topical ? ids.filter((id) => status(id) === s) : []);
  return {
    notRecommended: by('not-recommended'),
    conditional: by('conditional'),
    notAddressed: by('not-addressed'),
    // an ingredient the guideline does not address (menthol or camphor beside a salicylate, as in
    // Ben-Gay) neither makes nor breaks a product whose addressed ingredients are all recommended
    onlyRecommended:
      topical && ids.length > 0
        ? ids.some((id) => status(id) === 'recommended') &&
          ids.every((id) => status(id) === 'recommended' || status(id) === 'not-addressed')
        : undefined,
    onlyNsaid: topical && ids.length > 0 ? ids.every((id) => index.ingredients.get(id)?.classes.includes('nsaid')) : undefined,
  };
}

const hasMorphineFactor = (i: Ingredient) => i.morphineFactor !== undefined || i.morphineFactorByDailyMg !== undefined;

// The opioids a product holds: ingredients of the opioid class, or with a morphine factor.
function opioidsOf(product: Product, index: CatalogIndex): Ingredient[] {
  return product.ingredients
    .map((i) => index.ingredients.get(i.id))
    .filter((i): i is Ingredient => i !== undefined && (i.classes.includes('opioid') || hasMorphineFactor(i)));
}

// The one opioid of a product, if it holds exactly one and that one has a morphine factor.
function opioidOf(product: Product, index: CatalogIndex): Ingredient | undefined {
  const opioids = opioidsOf(product, index);
  return opioids.length === 1 && hasMorphineFactor(opioids[0]) ? opioids[0] : undefined;
}

// How the dose of a medication reads. A combination's strength is read ingredient by ingredient: the
// strength the name states beside an ingredient ("Hydrocodone Bitartrate 10 MG"), else the request's
// combined strength with one number per ingredient, in the order the name lists the ingredients
// ("acetaminophen/codeine 300/30 mg" is codeine 30 mg) or, for a name that lists none (a brand,
// "Norco 10/325 mg"), in the product's usual order (the catalog's). The opioid's own strength is the
// one its morphine-equivalent dose is worked out from. The frequency's words give the units taken
// at each dose ("2 tabs") and the doses a day; of a range, the upper bound: a dose limit is about
// the most the order allows.
export type DoseReading = {
  // the strength the item is judged at
  strength?: string;
  ingredients: Array<{ id: string; strength?: string; from?: 'name' | 'strength' }>;
  // the order the numbers of a combined strength were read in, where they were
  order?: 'name' | 'product';
  // the ingredient whose strength gives the morphine-equivalent dose, and where that strength comes from
  opioid?: { id: string; strength?: string; from: 'name' | 'strength' | 'first number' | 'not stated' };
  // the units taken at each dose, where the frequency states them
  perDose?: UnitsPerDose;
  // doses a day, and whether they are the upper bound of a range ("every 4-6 hours")
  dosesPerDay?: { value: number; ranged: boolean };
  // why the morphine-equivalent dose is not worked out, where that is known (morphineEquivalent's words)
  why?: string;
};

// "10/325 mg", "7.5-325 mg" -> one amount per number; "10%/5%/5%" -> one per percentage
function strengthParts(strength: string | null | undefined): string[] {
  const s = strength?.trim() ?? '';
  const mass = /^(\d+(?:\.\d+)?(?:\s*[/-]\s*\d+(?:\.\d+)?)+)\s*(mg|mcg)$/i.exec(s);
  if (mass) return mass[1].split(/\s*[/-]\s*/).map((n) => `${n} ${mass[2].toLowerCase()}`);
  const percents = s.split(/\s*[/-]\s*(?=\d)/);
  return percents.length > 1 && percents.every((p) => /^\d+(?:\.\d+)?%$/.test(p)) ? percents : [];
}

// the ingredients in the order the name lists them, when it lists exactly the product's
function listedOrder(ids: string[], named: NameReading | undefined): string[] | undefined {
  const order = named?.order;
  return order && order.length === ids.length && ids.every((id) => order.includes(id)) ? order : undefined;
}

export function doseReading(
  product: Product,
  index: CatalogIndex,
  strength: string | null | undefined,
  named: NameReading | undefined,
  frequency?: string | null,
): DoseReading {
  const ids = product.ingredients.map((i) => i.id);
  const parts = strengthParts(strength);
  const positional = ids.length > 1 && parts.length === ids.length;
  const listed = listedOrder(ids, named);
  const order = listed ?? ids;
  const ingredients = ids.map((id) => {
    if (named?.strengths?.[id]) return { id, strength: named.strengths[id], from: 'name' as const };
    if (positional) return { id, strength: parts[order.indexOf(id)], from: 'strength' as const };
    return { id };
  });
  const inOrder = ingredients.some((i) => i.from === 'strength');
  const opioid = opioidOf(product, index);
  const own = opioid ? ingredients.find((i) => i.id === opioid.id) : undefined;
  const first = Number.isFinite(firstNumber(strength))
    ? `${firstNumber(strength)} ${/mcg/i.test(strength ?? '') ? 'mcg' : 'mg'}`
    : undefined;
  // a single ingredient's strength is its own, as written (a patch's rate per hour included)
  const single = ids.length === 1 && strength ? { strength, from: 'strength' as const } : undefined;
  const perDose = parseUnitsPerDose(frequency);
  const freq = parseFrequency(frequency);
  return {
    ...(strength ? { strength } : {}),
    ingredients,
    ...(inOrder ? { order: listed ? ('name' as const) : ('product' as const) } : {}),
    ...(opioid
      ? {
          opioid: single
            ? { id: opioid.id, ...single }
            : own?.strength
              ? { id: opioid.id, strength: own.strength, from: own.from! }
              : first && ids.length > 1
                ? { id: opioid.id, strength: first, from: 'first number' as const }
                : { id: opioid.id, from: 'not stated' as const },
        }
      : {}),
    ...(perDose ? { perDose } : {}),
    ...(freq?.dosesPerDay !== undefined ? { dosesPerDay: { value: freq.dosesPerDay, ranged: freq.ranged } } : {}),
  };
}

// Oral morphine equivalents a day of one opioid product at a strength and frequency, or why they
// cannot be worked out (in words: a criterion left not assessable says why). Undefined for a product
// with no opioid in it. For a combination, the opioid's own strength counts (named beside it, or its
// place in "300/30 mg" as the name lists the ingredients, else in the product's usual order). The
// daily amount is strength × units a dose (as the frequency's words state them, else one) × doses a
// day.
export type MorphineEquivalent = { mg: number } | { unknown: string };

const tenth = (n: number) => Math.round(n * 10) / 10;

export function morphineEquivalent(
  product: Product,
  index: CatalogIndex,
  strength: string | null | undefined,
  frequency: string | null | undefined,
  named?: NameReading,
): MorphineEquivalent | undefined {
  const opioids = opioidsOf(product, index);
  if (opioids.length === 0) return undefined;
  if (opioids.length > 1)
    return { unknown: `it holds ${opioids.map((i) => i.id).join(' and ')}, and a morphine equivalent is worked out for one opioid only` };
  const [ing] = opioids;
  if (!hasMorphineFactor(ing)) return { unknown: ing.noMorphineFactor ?? `the catalog gives no morphine conversion factor for ${ing.id}` };
  // a rate per hour converts only for a patch, whatever the strength of each ingredient reads
  if (hourlyRateMcg(strength) !== undefined && ing.morphineRate !== 'mcg/h')
    return { unknown: `"${strength}" is a rate per hour; the factor for ${ing.id} converts doses taken` };
  const own = product.ingredients.length > 1 ? doseReading(product, index, strength, named).opioid?.strength : strength;
  if (!own) return { unknown: strength ? `the strength "${strength}" states no amount` : 'the strength is not stated' };
  // units taken at each dose ("2 tabs"; of "1-2 tabs" the upper bound), one where none is stated
  const units = parseUnitsPerDose(frequency)?.count ?? 1;
  if (ing.morphineRate === 'mcg/h') {
    // a patch delivers its rate all day however often it is changed, so no doses a day enter (two
    // patches worn at once deliver twice the rate); a strength in mcg without "per hour" is how
    // letters write the rate ("fentanyl 25 mcg"), one in mg without it is the drug the patch holds,
    // not what it delivers
    const factor = ing.morphineFactor;
    if (factor === undefined) return { unknown: `the catalog gives no factor per mcg/h for ${ing.id}` };
    const rate = hourlyRateMcg(own);
    if (rate !== undefined) return { mg: tenth(rate * units * factor) };
    if (/\bmg\b/i.test(own)) return { unknown: `the patch strength "${own}" is an amount, not a rate per hour (such as "25 mcg/h")` };
    const perHour = firstNumber(own);
    return Number.isFinite(perHour) ? { mg: tenth(perHour * units * factor) } : { unknown: `the strength "${own}" states no amount` };
  }
  const amount = firstNumber(own);
  if (!Number.isFinite(amount)) return { unknown: `the strength "${own}" states no amount` };
  if (/mcg/i.test(own)) return { unknown: `the strength "${own}" is in mcg; the factor for ${ing.id} converts mg` };
  const perDay = dosesPerDay(frequency);
  if (!perDay)
    return { unknown: frequency ? `the frequency "${frequency}" states no number of doses a day` : 'the frequency is not stated' };
  const daily = amount * units * perDay;
  const factor = ing.morphineFactorByDailyMg
    ? ing.morphineFactorByDailyMg.find((s) => s.upTo === null || daily <= s.upTo)?.factor
    : ing.morphineFactor;
  return factor === undefined ? { unknown: `no factor for ${daily} mg of ${ing.id} a day` } : { mg: tenth(daily * factor) };
}

const mgOf = (m: MorphineEquivalent | undefined) => (m && 'mg' in m ? m.mg : undefined);

const tri = (values: Array<boolean | undefined>): boolean | undefined =>
  values.some((v) => v === true) ? true : values.some((v) => v === false) ? false : undefined;

// A study of a whole limb ("NCS of the left upper extremity", "EMG BLE") is about every region the
// limb's nerves pass through: the neck or low back (the roots) down to the hand or foot. The case
// format has no limb region, so the limb is read from the words of the request.
const LIMB_REGIONS = {
  upper: ['cervical', 'shoulder', 'elbow', 'wrist-hand'],
  lower: ['lumbar', 'hip', 'knee', 'ankle-foot'],
} as const;
const UPPER_LIMB = /\bupper (extremit|limb)|\b[rlb]ue\b|\barms?\b/i;
const LOWER_LIMB = /\blower (extremit|limb)|\b[rlb]le\b|\blegs?\b/i;

export function requestLimb(req: Request): 'upper' | 'lower' | undefined {
  const words = `${req.text ?? ''} ${req.name}`;
  const upper = UPPER_LIMB.test(words);
  const lower = LOWER_LIMB.test(words);
  return upper === lower ? undefined : upper ? 'upper' : 'lower';
}

// The body regions an item is for: the one stated on it, else a limb named in its words, else the
// injury's one region.
function itemRegions(c: Case, req: Request): readonly string[] | undefined {
  if (req.bodyRegion && req.bodyRegion !== 'multiple') return [req.bodyRegion];
  const limb = requestLimb(req);
  if (limb) return LIMB_REGIONS[limb];
  const regions = c.injury?.bodyRegions?.filter((r) => r !== 'multiple');
  return !req.bodyRegion && regions?.length === 1 ? regions : undefined;
}

// Same region, and no side contradicts the other ("left knee" is not the right knee).
function sameSite(
  region: string | readonly string[],
  side: string | undefined,
  entry: { region?: string; bodyRegion?: string; side?: string },
): boolean {
  const r = entry.region ?? entry.bodyRegion;
  if (r === undefined || !(typeof region === 'string' ? r === region : region.includes(r))) return false;
  return !side || !entry.side || side === entry.side || side === 'bilateral' || entry.side === 'bilateral';
}

// A course given to several regions at once (bodyRegion `multiple`) or with no region stated: a
// summary's "treatment to date includes physical therapy" is for the injury as a whole, so such a
// course may be the region's care too, when no side rules it out.
function sharedCourse(side: string | undefined, t: Treatment): boolean {
  if (t.bodyRegion && t.bodyRegion !== 'multiple') return false;
  return !side || !t.side || side === t.side || side === 'bilateral' || t.side === 'bilateral';
}

function modalityOf(product: Product): string[] | undefined {
  if (product.classes.includes('mri')) return ['mri'];
  if (product.classes.includes('ct')) return ['ct'];
  if (product.classes.includes('radiography')) return ['x-ray'];
  if (product.classes.includes('electrodiagnostic')) return ['emg', 'ncs', 'emg-ncs'];
  return undefined;
}

function courseWeeks(t: Treatment, asOf: string): number | undefined {
  if (t.weeks !== undefined) return t.weeks;
  if (!t.from) return undefined;
  const end = t.to ? earliestEnd(t.to) : t.status === 'ongoing' || t.status === undefined ? asOf : undefined;
  if (!end) return undefined;
  const w = days(latestStart(t.from), end) / 7;
  return w >= 0 ? Math.floor(w * 10) / 10 : undefined;
}

const FAILED = new Set(['unchanged', 'worse', 'not-tolerated']);

// The capsaicin strength of a product whose catalog entry states it ("0.0325%"): the guideline
// finds no support above 0.025% (CPMTG p. 28-29, 112).
function capsaicinPercent(product: Product): number | undefined {
  const strength = product.ingredients.find((i) => i.id === 'capsaicin')?.strength;
  const pct = strength && /%/.test(strength) ? firstNumber(strength) : Number.NaN;
  return Number.isFinite(pct) ? pct : undefined;
}

// the usual cardioprotective aspirin dose is 81-325 mg a day
const LOW_DOSE_ASPIRIN_MG = 325;

// CPMTG 2009 p. 16-17 (antiepilepsy drugs: 30% is a moderate, clinically important response);
// the 2016 opioid letters look for "at least 30% pain relief" (CM16-0247802, CM17-0014438)
const MEANINGFUL_RELIEF_PERCENT = 30;

// A fracture is documented: in a diagnosis, an imaging finding or a red flag. A fracture within
// the first months is the severe acute injury for which the 2016 opioid guideline (section 1.3)
// allows limited opioid use outside the chronic-pain criteria.
function fractureDocumented(c: Case): boolean | undefined {
  const inDiagnoses = (c.diagnoses ?? []).some((d) => /\bfractur/i.test(d));
  const inImaging = (c.imaging ?? []).some((i) => i.findings?.includes('fracture'));
  const flagged = (c.redFlags ?? []).some((f) => f.flag === 'fracture');
  if (inDiagnoses || inImaging || flagged) return true;
  return c.diagnoses !== undefined ? false : undefined;
}

// Spasm on examination of the item's region or, when no region is examined, in the findings.
function spasmDocumented(c: Case, req: Request): boolean | undefined {
  const regions = itemRegions(c, req);
  const exams = (c.examination ?? []).filter((e) => (regions ? sameSite(regions, req.side, e) : true));
  const seen = exams.map((e) => e.spasm).filter((v): v is boolean => v !== undefined);
  if (seen.includes(true) || c.findings?.muscleSpasm === true) return true;
  if (seen.length > 0 || c.findings?.muscleSpasm === false) return false;
  return undefined;
}

function regionFacts(c: Case, req: Request, product: Product, ctx: CaseContext): Record<string, unknown> {
  const region = itemRegions(c, req);
  if (!region) return {};
  const side = req.side;
  const exams: Examination[] = (c.examination ?? []).filter((e) => sameSite(region, side, e));
  const pick = (k: keyof Examination) => tri(exams.map((e) => e[k] as boolean | undefined));
  const studies: Imaging[] = (c.imaging ?? []).filter((i) => sameSite(region, side, i));
  const withFindings = studies.filter((s) => s.findings !== undefined);
  const modality = modalityOf(product);
  const courses = (c.history?.treatments ?? []).filter(
    (t) => t.status !== 'planned' && t.type !== 'surgery' && (t.bodyRegion ? sameSite(region, side, t) : false),
  );
  const weeks = courses.map((t) => courseWeeks(t, ctx.asOf.date)).filter((w): w is number => w !== undefined);
  const responses = courses.map((t) => t.response).filter((r) => r !== undefined);
  const allCourses = [
    ...courses,
    ...(c.history?.treatments ?? []).filter((t) => t.status !== 'planned' && t.type !== 'surgery' && sharedCourse(side, t)),
  ];
  const allWeeks = allCourses.map((t) => courseWeeks(t, ctx.asOf.date)).filter((w): w is number => w !== undefined);
  const allResponses = allCourses.map((t) => t.response).filter((r) => r !== undefined);
  const symptomWeeks = (c.symptoms ?? [])
    .filter((s) => sameSite(region, side, s))
    .map((s) => {
      if (s.onset) return days(latestStart(s.onset), ctx.asOf.date) / 7;
      if (s.weeks !== undefined) return s.weeks + (s.asOf ? days(latestStart(s.asOf), ctx.asOf.date) / 7 : 0);
      return undefined;
    })
    .filter((w): w is number => w !== undefined && w >= 0);
  const flags = c.redFlags?.filter((f) => !f.region || region.includes(f.region));
  return {
    neurologicDeficit: tri([pick('sensoryDeficit'), pick('motorDeficit'), pick('reflexChange')]),
    sensoryDeficit: pick('sensoryDeficit'),
    motorDeficit: pick('motorDeficit'),
    reflexChange: pick('reflexChange'),
    nerveTensionSign: tri([pick('straightLegRaise'), pick('spurling')]),
    tinelPhalen: pick('tinelPhalen'),
    impingement: pick('impingement'),
    instability: pick('instability'),
    mechanicalSymptoms: tri([pick('locking'), pick('effusion')]),
    limitedRangeOfMotion: pick('limitedRangeOfMotion'),
    imagingFindings: withFindings.length > 0 ? [...new Set(withFindings.flatMap((s) => s.findings ?? []))] : undefined,
    priorStudySameKind: modality && studies.some((s) => modality.includes(s.modality)) ? true : undefined,
    studyModalities: studies.length > 0 ? [...new Set(studies.map((s) => s.modality))] : undefined,
    careWeeks: weeks.length > 0 ? Math.max(...weeks) : undefined,
    careTypes: courses.length > 0 ? [...new Set(courses.map((t) => t.type))] : undefined,
    careFailed: responses.some((r) => FAILED.has(r)) ? true : responses.length > 0 ? false : undefined,
    careImproved: responses.includes('improved') ? true : responses.length > 0 ? false : undefined,
    allCareWeeks: allWeeks.length > 0 ? Math.max(...allWeeks) : undefined,
    allCareTypes: allCourses.length > 0 ? [...new Set(allCourses.map((t) => t.type))] : undefined,
    allCareFailed: allResponses.some((r) => FAILED.has(r)) ? true : allResponses.length > 0 ? false : undefined,
    allCareImproved: allResponses.includes('improved') ? true : allResponses.length > 0 ? false : undefined,
    symptomWeeks: symptomWeeks.length > 0 ? Math.floor(Math.max(...symptomWeeks) * 10) / 10 : undefined,
    // no red flag anywhere (the case-wide finding stated false) is none in this region either
    redFlag: flags === undefined ? (c.findings?.redFlags === false ? false : undefined) : flags.length > 0,
  };
}

// The surgery an item belongs to, or the surgery the item itself requests. `outcomes` holds the
// predictions already made for this case's items, so an item that goes with a requested surgery
// follows the surgery's prediction.
// Acupuncture's (a)(1) clause (8 CCR 9792.24.1): an option when pain medication is reduced or not
// tolerated, or an adjunct to physical rehabilitation. Only what the file states counts: a medication
// not tolerated or stopped; a rehabilitation course under way (physical therapy, chiropractic, home
// exercise) or a documented home exercise program. Otherwise not stated (never "false").
const REHABILITATION = ['physical-therapy', 'chiropractic', 'home-exercise'];

export function medicationReducedOrNotTolerated(c: Case): boolean | undefined {
  const meds = c.history?.medications ?? [];
  const courses = (c.history?.treatments ?? []).filter((t) => t.type === 'medication');
  const stated =
    meds.some((m) => m.response === 'not-tolerated' || m.current === false) || courses.some((t) => t.response === 'not-tolerated');
  return stated ? true : undefined;
}

export function activeRehabilitation(c: Case): boolean | undefined {
  const ongoing = (c.history?.treatments ?? []).some((t) => REHABILITATION.includes(t.type) && t.status === 'ongoing');
  return ongoing || c.documentation?.homeExerciseProgram === true ? true : undefined;
}

function surgeryFacts(c: Case, req: Request, ctx: CaseContext, outcomes: Map<string, string>): Record<string, unknown> {
  const own = c.surgeries?.find((s) => s.request === req.id);
  const linked = req.surgery ? c.surgeries?.find((s) => s.id === req.surgery) : undefined;
  const s = linked ?? own;
  if (!s) return c.surgeries ? { linked: false } : {};
  const predicted = s.request ? outcomes.get(s.request) : undefined;
  const supported =
    s.status === 'performed' || s.status === 'authorized'
      ? true
      : predicted === 'overturned'
        ? true
        : predicted === 'upheld'
          ? false
          : undefined;
  return {
    linked: linked !== undefined,
    status: s.status,
    role: linked ? req.surgeryRole : undefined,
    supported: linked ? supported : undefined,
    daysFromSurgery: s.date && s.date.length === 10 ? days(s.date, ctx.asOf.date) : undefined,
  };
}

// The MTUS Drug Formulary facts of a requested drug: the Drug List status on the request date, and the
// Special Fill (from the injury date) and Perioperative Fill (from the surgery date) windows.
function drugFormulary(c: Case, req: Request, product: Product, ctx: CaseContext, index: CatalogIndex, supply: number | undefined) {
  return formularyFacts(index.drugList, {
    date: ctx.asOf.date,
    productId: product.id,
    compound: product.classes.includes('compound'),
    form: product.form,
    injuryDate: c.injury?.date,
    surgeries: (c.surgeries ?? []).map((s) => ({ id: s.id, date: s.date, status: s.status, procedure: s.procedure })),
    linkedSurgery: req.surgery,
    daysSupply: supply,
    dispensedBy: req.dispensedBy,
    brandRequired: req.brandRequired,
    initialVisit: req.initialVisit,
  });
}

export function itemFacts(
  c: Case,
  req: Request,
  product: Product,
  ctx: CaseContext,
  index: CatalogIndex,
  outcomes: Map<string, string> = new Map(),
): ItemFacts {
  const defs = ctx.definitions;
  const systemic = defs.systemicForms.value;
  const perDay = dosesPerDay(req.frequency);
  const supply = daysOfSupply(req.quantity, req.frequency);
  const classes = productClasses(product, index, defs);
  const statuses = topicalStatuses(product, index);

  const current = ctx.medications?.filter((m) => m.current && m.resolution.status === 'resolved');
  const resolvedCurrent = current?.map((m) => ({ med: m, product: (m.resolution as Extract<Resolution, { status: 'resolved' }>).product }));
  const same = resolvedCurrent?.filter((m) => sameDrug(m.product, product, defs));
  const sinceDates = same?.flatMap((m) => (m.med.since ? [latestStart(m.med.since)] : [])) ?? [];
  const others = resolvedCurrent?.filter((m) => !sameDrug(m.product, product, defs)) ?? [];
  const otherClasses = others.map((m) => productClasses(m.product, index, defs));

  const treatments = product.treatmentType
    ? c.history?.treatments?.filter((t) => t.type === product.treatmentType && t.status !== 'planned')
    : undefined;
  const treatmentsKnown = c.history?.treatments !== undefined;
  const priorSessions =
    treatments && treatments.length > 0 && treatments.every((t) => t.sessions !== undefined)
      ? treatments.reduce((n, t) => n + (t.sessions ?? 0), 0)
      : undefined;
  // a course documented as leaving the patient unchanged, worse or not tolerated documents no improvement
  const fi = treatments?.map((t) => t.functionalImprovement ?? (t.response && FAILED.has(t.response) ? false : undefined)) ?? [];
  // improvement from any prior course counts; "none" needs every course documented without it
  const priorFunctionalImprovement = fi.some((v) => v === true) ? true : fi.length > 0 && fi.every((v) => v === false) ? false : undefined;

  const isService = product.treatmentType !== undefined;
  // a heat wrap or device may be listed among medications or among treatments
  const inTreatments = treatmentsKnown ? (treatments?.length ?? 0) > 0 : undefined;
  const inMedications = same === undefined ? undefined : same.length > 0;
  const continues = isService
    ? inTreatments === true || inMedications === true
      ? true
      : inTreatments === undefined && inMedications === undefined
        ? undefined
        : false
    : inMedications;
  // relief and response of the current use: the same drug, or prior courses of the same service
  const useEntries = isService ? (treatments ?? []) : (same ?? []).map((m) => m.med.entry);
  const reliefs = useEntries.map((e) => e.percentRelief).filter((v): v is number => v !== undefined);
  const responses = useEntries.map((e) => e.response).filter((r) => r !== undefined);

  const injuryDays = c.injury?.date ? days(c.injury.date, ctx.asOf.date) : undefined;
  const chronicByCondition = (ctx.conditions ?? []).some((t) => defs.chronicConditions.value.includes(t));
  const f = c.findings ?? {};
  const age = c.patient?.age;
  const giFactors = f.giRiskFactors;
  const riskyCoMedication = resolvedCurrent?.some(
    ({ product: p }) =>
      p.ingredients.some((i) => defs.giRiskIngredients.value.includes(i.id)) ||
      productClasses(p, index, defs).some((k) => defs.giRiskClasses.value.includes(k)),
  );
  const giRisk =
    (giFactors && giFactors.length > 0) || (age !== undefined && age > defs.giRiskAge.value) || riskyCoMedication
      ? true
      : giFactors !== undefined
        ? false
        : undefined;
  const relief =
    f.painWithMedication !== undefined && f.painWithoutMedication !== undefined
      ? f.painWithMedication < f.painWithoutMedication
      : undefined;
  // low-dose aspirin (325 mg or less, or no strength stated) beside an NSAID is a GI risk factor
  // (CPMTG p. 68, "NSAID + low-dose ASA"), not a second NSAID; an analgesic dose of aspirin is one
  const lowDoseAspirin = (p: Product, strength?: string | null) =>
    p.ingredients.every((i) => defs.giRiskIngredients.value.includes(i.id)) && !(firstNumber(strength) > LOW_DOSE_ASPIRIN_MG);
  const currentNsaid = [
    ...(resolvedCurrent?.map((m) => ({ p: m.product, strength: m.med.strength })) ?? []),
    ...ctx.requestedProducts.map((p) => ({ p, strength: undefined })),
  ].some(
    ({ p, strength }) =>
      p.id !== product.id && productClasses(p, index, defs).includes('nsaid') && systemic.includes(p.form) && !lowDoseAspirin(p, strength),
  );

  // an opioid in the regimen: a current one, or one requested in the same case (a laxative or an
  // antiemetic goes with the opioid it accompanies)
  const opioidCurrentOrRequested = [...(resolvedCurrent?.map((m) => m.product) ?? []), ...ctx.requestedProducts].some(
    (p) => p.id !== product.id && productClasses(p, index, defs).includes('opioid'),
  )
    ? true
    : ctx.medications
      ? false
      : undefined;
  // functional improvement stated for the current use of this same drug
  const functionalImprovements = (same ?? []).map((m) => m.med.entry.functionalImprovement).filter((v) => v !== undefined);

  // why a fact has no value, where that is known (a drug with no conversion factor)
  const why: Record<string, string> = {};
  const requestMed = morphineEquivalent(product, index, req.strength, req.frequency, itemNameReading(ctx, req.id));
  const morphineEquivalentDaily = mgOf(requestMed);
  if (requestMed && 'unknown' in requestMed) why['request.morphineEquivalentDaily'] = requestMed.unknown;
  // the whole regimen: this item plus every other current opioid, each at its stated strength and frequency
  const otherOpioids = others.filter((m) => productClasses(m.product, index, defs).includes('opioid'));
  const otherMeds = otherOpioids.map((m) => ({
    name: m.med.name,
    med: morphineEquivalent(m.product, index, m.med.strength, m.med.entry.frequency, nameReading(m.med.resolution)),
  }));
  const unknownOther = otherMeds.find((o) => mgOf(o.med) === undefined);
  const regimenMorphineEquivalentDaily =
    classes.includes('opioid') && morphineEquivalentDaily !== undefined && ctx.medications && !unknownOther
      ? tenth(morphineEquivalentDaily + otherMeds.reduce((a, o) => a + (mgOf(o.med) ?? 0), 0))
      : undefined;
  if (classes.includes('opioid') && ctx.medications && regimenMorphineEquivalentDaily === undefined) {
    const other = unknownOther?.med && 'unknown' in unknownOther.med ? unknownOther.med.unknown : undefined;
    const reason = why['request.morphineEquivalentDaily'] ?? (other && `for the current ${unknownOther!.name}, ${other}`);
    if (reason) why['history.regimenMorphineEquivalentDaily'] = reason;
  }

  const totalSessions = req.sessions ?? (req.perWeek && req.weeks ? req.perWeek * req.weeks : undefined);
  const working =
    c.work?.status === 'full-duty' || c.work?.status === 'modified-duty'
      ? true
      : c.work?.status === 'off-work' || c.work?.status === 'not-employed'
        ? false
        : c.documentation?.returnedToWork;

  return {
    request: {
      strength: req.strength ?? undefined,
      quantity: req.quantity ?? undefined,
      frequency: req.frequency ?? undefined,
      duration: req.duration ?? undefined,
      perWeek: req.perWeek ?? undefined,
      weeks: req.weeks ?? undefined,
      bodyRegion: req.bodyRegion ?? undefined,
      limb: requestLimb(req),
      levels: req.levels,
      acquisition: req.acquisition,
      dispensedBy: req.dispensedBy,
      brandRequired: req.brandRequired,
      initialVisit: req.initialVisit,
      morphineEquivalentDaily,
      indication: req.indication ? req.indication.trim().toLowerCase() : undefined,
      totalSessions,
      totalWithPriorSessions:
        totalSessions === undefined ? undefined : totalSessions + (continues === true && priorSessions !== undefined ? priorSessions : 0),
      disputedSessions:
        totalSessions !== undefined && req.certified?.sessions !== undefined ? totalSessions - req.certified.sessions : undefined,
      // what utilization review already certified counts toward the course the remainder is judged in
      certifiedSessions: req.certified?.sessions ?? undefined,
      dosesPerDay: perDay,
      unitsPerDose: parseUnitsPerDose(req.frequency)?.count,
      daysSupply: supply,
      // a quantity with a frequency states the duration as surely as words do
      durationDays: durationDays(req.duration) ?? (req.weeks ? req.weeks * 7 : undefined) ?? supply,
    },
    drug: {
      id: product.id,
      classes,
      notRecommendedIngredients: statuses.notRecommended,
      conditionalIngredients: statuses.conditional,
      notAddressedIngredients: statuses.notAddressed,
      onlyRecommendedIngredients: statuses.onlyRecommended,
      onlyNsaidIngredients: statuses.onlyNsaid,
      capsaicinPercent: capsaicinPercent(product),
      // MTUS Drug Formulary status and fills on the request date (src/facts/formulary.ts)
      ...(product.kind === 'medication' ? drugFormulary(c, req, product, ctx, index, supply) : {}),
    },
    patient: { age },
    case: {
      conditions: ctx.conditions,
      suspectedConditions: ctx.suspectedConditions,
      bodyRegions: c.injury?.bodyRegions,
      injuryDays,
      chronic:
        chronicByCondition || (injuryDays !== undefined && injuryDays >= defs.chronicAfterDays.value)
          ? true
          : injuryDays !== undefined
            ? false
            : undefined,
      working,
      fracture: fractureDocumented(c),
    },
    findings: { ...f, giRisk, quantifiedPainRelief: relief, spasmDocumented: spasmDocumented(c, req) },
    documentation: { ...(c.documentation ?? {}) },
    region: regionFacts(c, req, product, ctx),
    surgery: surgeryFacts(c, req, ctx, outcomes),
    history: {
      continuesCurrentUse: continues,
      // a drug documented as not in current use starts now: 0 days so far
      daysOfUse:
        sinceDates.length > 0
          ? Math.max(...sinceDates.map((s) => days(s, ctx.asOf.date)))
          : same !== undefined && same.length === 0
            ? 0
            : undefined,
      percentRelief: reliefs.length > 0 ? Math.max(...reliefs) : undefined,
      // 30% is the reduction the guideline calls clinically important (a "moderate" response)
      meaningfulRelief: reliefs.length > 0 ? Math.max(...reliefs) >= MEANINGFUL_RELIEF_PERCENT : undefined,
      response: responses.length > 0 ? (responses.find((r) => r !== 'improved') ?? 'improved') : undefined,
      otherCurrentMuscleRelaxants: ctx.medications ? otherClasses.filter((k) => k.includes('muscle-relaxant')).length : undefined,
      otherCurrentAnalgesics: ctx.medications
        ? otherClasses.filter((k) => k.some((x) => defs.analgesicClasses.value.includes(x))).length
        : undefined,
      currentNsaid: ctx.medications || currentNsaid ? currentNsaid : undefined,
      priorTreatment: isService ? continues : undefined,
      functionalImprovement: functionalImprovements.includes(true) ? true : functionalImprovements.length > 0 ? false : undefined,
      opioidCurrentOrRequested,
      onOpioids: ctx.medications
        ? [...(resolvedCurrent ?? [])].some((m) => productClasses(m.product, index, defs).includes('opioid'))
        : undefined,
      otherCurrentOpioids: ctx.medications ? otherOpioids.length : undefined,
      regimenMorphineEquivalentDaily,
      otherCurrentBenzodiazepines: ctx.medications ? otherClasses.filter((k) => k.includes('benzodiazepine')).length : undefined,
      priorSessions,
      priorFunctionalImprovement,
      medicationReducedOrNotTolerated: medicationReducedOrNotTolerated(c),
      activeRehabilitation: activeRehabilitation(c),
      priorInjectionSameKind: product.injection
        ? (c.history?.treatments ?? []).some((t) => t.type === 'injection' && t.injection === product.injection && t.status !== 'planned')
          ? true
          : treatmentsKnown
            ? false
            : undefined
        : undefined,
    },
    ...(Object.keys(why).length > 0 ? { why } : {}),
  };
}
