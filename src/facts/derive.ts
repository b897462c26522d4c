// Turning a case and one requested item into the flat facts the rules read. Everything the
// explanation relies on is derived here once, so rules stay declarative.
import type { Case, Request } from '../schema/case.js';
import type { Product } from '../schema/rules.js';
import { type CatalogIndex, type Resolution, resolveName } from './catalog.js';
import { conditionsFromDiagnoses } from './conditions.js';
import type { ItemFacts } from './vocabulary.js';

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

function days(from: string, to: string): number {
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

const FREQUENCIES: Array<[RegExp, number]> = [
  [/\b(q\.?\s?4\s?h|every 4 hours)\b/, 6],
  [/\b(q\.?\s?6\s?h|every 6 hours|qid|q\.i\.d|four times)\b/, 4],
  [/\b(q\.?\s?8\s?h|every 8 hours|tid|t\.i\.d|three times|thrice)\b/, 3],
  [/\b(q\.?\s?12\s?h|every 12 hours|bid|b\.i\.d|twice)\b/, 2],
  [/\b(q\.?\s?24\s?h|every 24 hours|qd|q\.d|qhs|hs|at bedtime|daily|once a day|once daily|per day|a day|every day|nightly|qam|qpm)\b/, 1],
];

export function dosesPerDay(frequency: string | null | undefined): number | undefined {
  if (!frequency) return undefined;
  const f = frequency.toLowerCase();
  const times = /(\d+)\s*(x|times)\s*(a|per|\/)\s*day/.exec(f);
  if (times) return Number(times[1]);
  for (const [re, n] of FREQUENCIES) if (re.test(f)) return n;
  return undefined;
}

export function durationDays(duration: string | null | undefined): number | undefined {
  if (!duration) return undefined;
  const m = /(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?\s*(day|week|wk|month|mo)/i.exec(duration);
  if (!m) return undefined;
  const n = Number(m[2] ?? m[1]);
  const unit = m[3].toLowerCase();
  return Math.round(unit.startsWith('d') ? n : unit.startsWith('w') ? n * 7 : n * 30);
}

export type ResolvedMedication = { name: string; since?: string; current: boolean; resolution: Resolution };

export type CaseContext = {
  asOf: AsOf;
  conditions: string[] | undefined;
  conditionsDerived: ReturnType<typeof conditionsFromDiagnoses> | undefined;
  medications: ResolvedMedication[] | undefined;
  requestedProducts: Product[];
};

export function caseContext(c: Case, index: CatalogIndex, today: string, editionStart?: (id: string) => string | undefined): CaseContext {
  const derived = c.conditions ? undefined : conditionsFromDiagnoses(c.diagnoses ?? []);
  return {
    asOf: asOfDate(c, today, editionStart),
    // no conditions and no diagnoses: the file does not say, which is not "none"
    conditions: c.conditions ?? (c.diagnoses ? (derived?.tags ?? []) : undefined),
    conditionsDerived: derived,
    medications: c.history?.medications?.map((m) => ({
      name: m.name,
      since: m.since,
      current: m.current !== false,
      resolution: resolveName(index, m.name),
    })),
    requestedProducts: c.requests
      .map((r) => resolveName(index, r.name, r.ingredients))
      .flatMap((r) => (r.status === 'resolved' ? [r.product] : [])),
  };
}

const ORAL_FORMS = new Set(['oral', 'injection']);
const ANALGESIC_CLASSES = ['opioid', 'nsaid', 'anticonvulsant', 'antidepressant', 'muscle-relaxant', 'topical-analgesic'];

function sameDrug(a: Product, b: Product): boolean {
  if (a.id === b.id) return true;
  if (!ORAL_FORMS.has(a.form) || !ORAL_FORMS.has(b.form) || a.ingredients.length === 0) return false;
  const ids = (p: Product) =>
    p.ingredients
      .map((i) => i.id)
      .sort()
      .join('+');
  return ids(a) === ids(b);
}

const classMemo = new WeakMap<Product, string[]>();

export function productClasses(p: Product, index: CatalogIndex): string[] {
  if (!ORAL_FORMS.has(p.form)) return p.classes;
  let classes = classMemo.get(p);
  if (!classes) {
    classes = [...new Set([...p.classes, ...p.ingredients.flatMap((i) => index.ingredients.get(i.id)?.classes ?? [])])];
    classMemo.set(p, classes);
  }
  return classes;
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
    // menthol or camphor beside a salicylate (Ben-Gay) does not make it a neuropathic-pain topical
    onlyRecommended:
      topical && ids.length > 0
        ? ids.some((id) => status(id) === 'recommended') &&
          ids.every((id) => status(id) === 'recommended' || status(id) === 'not-addressed')
        : undefined,
    onlyNsaid: topical && ids.length > 0 ? ids.every((id) => index.ingredients.get(id)?.classes.includes('nsaid')) : undefined,
  };
}

export function itemFacts(c: Case, req: Request, product: Product, ctx: CaseContext, index: CatalogIndex): ItemFacts {
  const perDay = dosesPerDay(req.frequency);
  const classes = productClasses(product, index);
  const statuses = topicalStatuses(product, index);

  const current = ctx.medications?.filter((m) => m.current && m.resolution.status === 'resolved');
  const resolvedCurrent = current?.map((m) => ({ med: m, product: (m.resolution as Extract<Resolution, { status: 'resolved' }>).product }));
  const same = resolvedCurrent?.filter((m) => sameDrug(m.product, product));
  const sinceDates = same?.flatMap((m) => (m.med.since ? [latestStart(m.med.since)] : [])) ?? [];
  const others = resolvedCurrent?.filter((m) => !sameDrug(m.product, product)) ?? [];
  const otherClasses = others.map((m) => productClasses(m.product, index));

  const treatments = product.treatmentType ? c.history?.treatments?.filter((t) => t.type === product.treatmentType) : undefined;
  const treatmentsKnown = c.history?.treatments !== undefined;
  const priorSessions =
    treatments && treatments.length > 0 && treatments.every((t) => t.sessions !== undefined)
      ? treatments.reduce((n, t) => n + (t.sessions ?? 0), 0)
      : undefined;
  const fi = treatments?.map((t) => t.functionalImprovement);
  const priorFunctionalImprovement =
    fi && fi.length > 0 ? (fi.some((v) => v === true) ? true : fi.every((v) => v === false) ? false : undefined) : undefined;

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

  const injuryDays = c.injury?.date ? days(c.injury.date, ctx.asOf.date) : undefined;
  const chronicByCondition = (ctx.conditions ?? []).some(
    (t) => t === 'chronic-pain' || t === 'chronic-low-back-pain' || t === 'post-laminectomy-syndrome',
  );
  const f = c.findings ?? {};
  const age = c.patient?.age;
  const giFactors = f.giRiskFactors;
  // aspirin, a corticosteroid or an anticoagulant taken now is a GI risk factor (CPMTG p.68)
  const riskyCoMedication = resolvedCurrent?.some(
    ({ product: p }) =>
      p.ingredients.some((i) => i.id === 'aspirin') ||
      productClasses(p, index).some((k) => k === 'corticosteroid' || k === 'anticoagulant'),
  );
  const giRisk =
    (giFactors && giFactors.length > 0) || (age !== undefined && age > 65) || riskyCoMedication
      ? true
      : giFactors !== undefined
        ? false
        : undefined;
  const relief =
    f.painWithMedication !== undefined && f.painWithoutMedication !== undefined
      ? f.painWithMedication < f.painWithoutMedication
      : undefined;
  const currentNsaid = [...(resolvedCurrent?.map((m) => m.product) ?? []), ...ctx.requestedProducts].some(
    (p) => p.id !== product.id && productClasses(p, index).includes('nsaid') && ORAL_FORMS.has(p.form),
  );

  // oral morphine equivalents: first number of the strength (mg of the opioid) x doses a day x factor
  const opioidIngredients = product.ingredients.filter((i) => index.ingredients.get(i.id)?.morphineFactor !== undefined);
  const mgPerDose = req.strength ? Number(/(\d+(?:\.\d+)?)/.exec(req.strength)?.[1]) : NaN;
  const morphineEquivalentDaily =
    opioidIngredients.length === 1 && perDay && Number.isFinite(mgPerDose) && !/mcg/i.test(req.strength ?? '')
      ? Math.round(mgPerDose * perDay * index.ingredients.get(opioidIngredients[0].id)!.morphineFactor! * 10) / 10
      : undefined;

  return {
    request: {
      kind: req.kind,
      name: req.name,
      strength: req.strength ?? undefined,
      quantity: req.quantity ?? undefined,
      frequency: req.frequency ?? undefined,
      duration: req.duration ?? undefined,
      sessions: req.sessions ?? undefined,
      perWeek: req.perWeek ?? undefined,
      weeks: req.weeks ?? undefined,
      bodyRegion: req.bodyRegion ?? undefined,
      levels: req.levels,
      acquisition: req.acquisition,
      morphineEquivalentDaily,
      indication: req.indication ? req.indication.trim().toLowerCase() : undefined,
      totalSessions: req.sessions ?? (req.perWeek && req.weeks ? req.perWeek * req.weeks : undefined),
      dosesPerDay: perDay,
      daysSupply: req.quantity && perDay ? Math.ceil(req.quantity / perDay) : undefined,
      // a quantity with a frequency states the duration as surely as words do
      durationDays:
        durationDays(req.duration) ??
        (req.weeks ? req.weeks * 7 : undefined) ??
        (req.quantity && perDay ? Math.ceil(req.quantity / perDay) : undefined),
    },
    drug: {
      id: product.id,
      form: product.form,
      classes,
      ingredients: product.ingredients.map((i) => i.id),
      ingredientClasses: [...new Set(product.ingredients.flatMap((i) => index.ingredients.get(i.id)?.classes ?? []))],
      notRecommendedIngredients: statuses.notRecommended,
      conditionalIngredients: statuses.conditional,
      notAddressedIngredients: statuses.notAddressed,
      onlyRecommendedIngredients: statuses.onlyRecommended,
      onlyNsaidIngredients: statuses.onlyNsaid,
      // a medication the catalog does not place on the MTUS Drug List is treated as unlisted
      formularyStatus: product.formulary
        ? product.formulary.exempt
          ? 'exempt'
          : 'non-exempt'
        : product.kind === 'medication'
          ? 'unlisted'
          : undefined,
      specialFill: product.formulary?.specialFill,
      perioperativeFill: product.formulary?.perioperativeFill,
    },
    patient: { age, sex: c.patient?.sex },
    case: {
      conditions: ctx.conditions,
      bodyRegions: c.injury?.bodyRegions,
      injuryDays,
      chronic: chronicByCondition || (injuryDays !== undefined && injuryDays >= 90) ? true : injuryDays !== undefined ? false : undefined,
    },
    findings: { ...f, giRisk, quantifiedPainRelief: relief },
    documentation: { ...(c.documentation ?? {}) },
    history: {
      medicationsListed: ctx.medications !== undefined,
      continuesCurrentUse: continues,
      // a drug documented as not in current use starts now: 0 days so far
      daysOfUse:
        sinceDates.length > 0
          ? Math.max(...sinceDates.map((s) => days(s, ctx.asOf.date)))
          : same !== undefined && same.length === 0
            ? 0
            : undefined,
      otherCurrentMuscleRelaxants: ctx.medications ? otherClasses.filter((k) => k.includes('muscle-relaxant')).length : undefined,
      otherCurrentAnalgesics: ctx.medications ? otherClasses.filter((k) => k.some((x) => ANALGESIC_CLASSES.includes(x))).length : undefined,
      currentNsaid: ctx.medications || currentNsaid ? currentNsaid : undefined,
      priorTreatment: isService ? continues : undefined,
      onOpioids: ctx.medications
        ? [...(resolvedCurrent ?? [])].some((m) => productClasses(m.product, index).includes('opioid'))
        : undefined,
      otherCurrentOpioids: ctx.medications ? otherClasses.filter((k) => k.includes('opioid')).length : undefined,
      otherCurrentBenzodiazepines: ctx.medications ? otherClasses.filter((k) => k.includes('benzodiazepine')).length : undefined,
      priorSessions,
      priorFunctionalImprovement,
    },
  };
}
