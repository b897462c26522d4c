// From a validated case to a prediction per item: resolve the name, derive facts, run the
// applicable topics, and decide the outcome from the criteria.
import type { Case, Request } from '../schema/case.js';
import type { Product } from '../schema/rules.js';
import type { RulePack } from '../load/rules.js';
import type { Resolution } from '../facts/catalog.js';
import {
  type AsOf,
  type CaseContext,
  caseContext,
  type DoseReading,
  doseReading,
  itemFacts,
  productClasses,
  type ResolvedItem,
} from '../facts/derive.js';
import { DERIVED_FACTS, factValue } from '../facts/vocabulary.js';
import {
  type CompiledRule,
  type CompiledTopic,
  compileTopics,
  ruleSetFor,
  type RuleSetCache,
  runRuleSet,
  selectorMatches,
} from './engine.js';
import { type Checked, type Finding, explainOutcome } from './explain.js';

export type Outcome = 'upheld' | 'overturned' | 'not-covered';

export type ItemResult = {
  requestId: string;
  text: string;
  kind: Request['kind'];
  outcome: Outcome;
  resolution: {
    status: Resolution['status'];
    via?: string;
    matched?: string;
    note: string;
    product?: string;
    form?: string;
    ingredients?: string[];
    classes?: string[];
  };
  // a combination taken systemically (oral, injected): the strength of each ingredient and the one
  // that counts for the morphine-equivalent dose; and any medication whose frequency states more
  // than one unit a dose or a range: the units a dose and the doses a day the facts are worked from
  dose?: DoseReading;
  topics: Array<{ topic: string; edition: string; editionId: string; note?: string }>;
  // topics that would apply but have no edition in force on the case's date
  outOfForce: Array<{ topic: string; editions: string[] }>;
  findings: Finding[];
  advisories: Finding[];
  checked: Checked[];
  fixBeforeSubmitting: string[];
  derived: Record<string, unknown>;
  actual?: Request['actual'];
};

export type CaseResult = {
  caseId: string;
  file?: string;
  source?: string;
  asOf: AsOf;
  conditions: { tags: string[]; stated: boolean; derivedFrom?: Array<{ diagnosis: string; tags: string[] }> };
  items: ItemResult[];
};

export type Evaluator = {
  pack: RulePack;
  topics: CompiledTopic[];
  today: string;
  editionStart: (id: string) => string | undefined;
  ruleSets: RuleSetCache;
};

export function createEvaluator(pack: RulePack, options: { today?: string } = {}): Evaluator {
  const starts = new Map<string, string>();
  for (const t of pack.topics) for (const e of t.editions) if (!starts.has(e.id) || e.from < starts.get(e.id)!) starts.set(e.id, e.from);
  return {
    pack,
    topics: compileTopics(pack),
    today: options.today ?? new Date().toISOString().slice(0, 10),
    editionStart: (id) => starts.get(id),
    ruleSets: new Map(),
  };
}

export function editionInForce(
  t: { editions: Array<{ id: string; name: string; from: string; to: string | null; note?: string }> },
  date: string,
) {
  return t.editions.find((e) => e.from <= date && (e.to === null || date <= e.to));
}

// Derived facts worth showing with a result: those the vocabulary marks as shown.
const SHOWN_DERIVED = Object.entries(DERIVED_FACTS)
  .filter(([, f]) => f.shown)
  .map(([path]) => path);

type Applicable = {
  applicable: CompiledRule[];
  editionOf: Map<string, { name: string; id: string; note?: string }>;
  // topics that would apply but have no edition in force, unless another edition covers the family
  outOfForce: ItemResult['outOfForce'];
};

type InForce = { byTopic: Map<string, ReturnType<typeof editionInForce>>; signature: string };
const inForceMemo = new WeakMap<Evaluator, Map<string, InForce>>();

// The edition of each topic in force on a date; dates with the same editions share a signature.
function editionsOn(ev: Evaluator, date: string): InForce {
  let memo = inForceMemo.get(ev);
  if (!memo) inForceMemo.set(ev, (memo = new Map()));
  let hit = memo.get(date);
  if (!hit) {
    const byTopic = new Map(ev.topics.map((c) => [c.topic.topic, editionInForce(c.topic, date)]));
    hit = { byTopic, signature: [...byTopic.values()].map((e) => e?.id ?? '-').join(',') };
    if (memo.size > 20_000) memo.clear();
    memo.set(date, hit);
  }
  return hit;
}

// Which rules apply depends only on the item's kind, catalog entry and date: work it out once.
const applicableMemo = new WeakMap<Evaluator, Map<string, Applicable>>();

export function applicableRules(ev: Evaluator, kind: string, product: Product, classes: string[], date: string): Applicable {
  let memo = applicableMemo.get(ev);
  if (!memo) applicableMemo.set(ev, (memo = new Map()));
  const inForce = editionsOn(ev, date);
  const key = `${kind}|${product.id}|${product.ingredients.map((i) => i.id).join('+')}|${product.form}|${inForce.signature}`;
  const hit = memo.get(key);
  if (hit) return hit;
  const found: Applicable = { applicable: [], editionOf: new Map(), outOfForce: [] };
  const stale: Array<{ topic: string; family: string; editions: string[] }> = [];
  const familiesInForce = new Set<string>();
  for (const compiled of ev.topics) {
    const t = compiled.topic;
    if (!selectorMatches(t.appliesTo, kind, product, classes)) continue;
    const rules = compiled.rules.filter((r) => selectorMatches(r.appliesTo, kind, product, classes));
    if (rules.length === 0) continue;
    const edition = inForce.byTopic.get(t.topic);
    if (!edition) {
      // never judge by a stale edition silently: report it unless another edition covers the family
      if (t.counts === 'coverage')
        stale.push({
          topic: t.topic,
          family: t.family ?? t.topic,
          editions: t.editions.map((e) => `${e.name}, ${e.from} to ${e.to ?? 'now'}`),
        });
      continue;
    }
    familiesInForce.add(t.family ?? t.topic);
    found.editionOf.set(t.topic, edition);
    found.applicable.push(...rules);
  }
  found.outOfForce = stale.filter((x) => !familiesInForce.has(x.family)).map(({ topic, editions }) => ({ topic, editions }));
  if (memo.size > 50_000) memo.clear();
  memo.set(key, found);
  return found;
}

// One item, its name already resolved. `outcomes` holds the predictions already made for the
// case's other items (an item that goes with a requested surgery follows the surgery's).
export async function evaluateItem(
  ev: Evaluator,
  c: Case,
  item: ResolvedItem,
  ctx: CaseContext,
  outcomes: Map<string, Outcome> = new Map(),
): Promise<ItemResult> {
  const { request: req, resolution } = item;
  const base = { requestId: req.id, text: req.text, kind: req.kind, actual: req.actual };
  if (resolution.status === 'unknown') {
    return {
      ...base,
      outcome: 'not-covered',
      resolution: { status: 'unknown', note: resolution.note },
      topics: [],
      outOfForce: [],
      findings: [],
      advisories: [],
      checked: [],
      fixBeforeSubmitting: [],
      derived: {},
    };
  }
  const product = resolution.product;
  const classes = productClasses(product, ev.pack.index, ev.pack.definitions);
  const facts = itemFacts(c, req, product, ctx, ev.pack.index, outcomes);
  const lookup = (path: string) => factValue(facts, path);

  const findings: Finding[] = [];
  const advisories: Finding[] = [];
  const checked: Checked[] = [];
  const topics: ItemResult['topics'] = [];
  let covered = false;
  const { applicable, editionOf, outOfForce } = applicableRules(ev, req.kind, product, classes, ctx.asOf.date);
  if (applicable.length > 0) {
    const ruleOutcomes = await runRuleSet(ruleSetFor(ev.ruleSets, applicable, ev.pack.conditions), facts);
    const topicUsed = new Set<string>();
    for (const o of ruleOutcomes) {
      if (!o.applicable) continue;
      topicUsed.add(o.rule.topic);
      const edition = editionOf.get(o.rule.topic)!;
      const { finding, checked: ok } = explainOutcome(o, lookup, (path) => facts.why?.[path]);
      if (finding) (finding.decisive ? findings : advisories).push({ ...finding, edition: edition.name });
      if (ok) checked.push(ok);
    }
    for (const compiled of ev.topics) {
      const t = compiled.topic;
      if (!topicUsed.has(t.topic)) continue;
      const edition = editionOf.get(t.topic)!;
      topics.push({ topic: t.topic, edition: edition.name, editionId: edition.id, ...(edition.note ? { note: edition.note } : {}) });
      if (t.counts === 'coverage') covered = true;
    }
  }
  // a request too incomplete to judge (no amount of a drug) is decided by that alone, even where no
  // clinical topic covers the item; met completeness criteria alone still make no prediction
  if (findings.length > 0) covered = true;
  const outcome: Outcome = !covered ? 'not-covered' : findings.length > 0 ? 'upheld' : 'overturned';
  const reading = doseReading(product, ev.pack.index, req.strength, resolution, req.frequency);
  const combination = product.ingredients.length > 1 && ev.pack.definitions.systemicForms.value.includes(product.form);
  const dose =
    req.kind === 'medication' && (combination || worthSaying(reading))
      ? withWhy(reading, facts.why?.['request.morphineEquivalentDaily'])
      : undefined;
  const derived: Record<string, unknown> = {};
  for (const path of SHOWN_DERIVED) {
    const v = lookup(path);
    if (v !== undefined && !(Array.isArray(v) && v.length === 0)) derived[path] = v;
  }
  return {
    ...base,
    outcome,
    resolution: {
      status: 'resolved',
      via: resolution.via,
      matched: resolution.matched,
      note: resolution.note,
      product: product.id,
      form: product.form,
      ingredients: product.ingredients.map((i) => i.id),
      classes,
    },
    ...(dose ? { dose } : {}),
    topics,
    outOfForce,
    findings,
    advisories,
    checked,
    fixBeforeSubmitting: [...new Set([...findings, ...advisories].filter((f) => f.fixable).map((f) => f.fix))],
    derived,
  };
}

const withWhy = (d: DoseReading, why: string | undefined): DoseReading => (why ? { ...d, why } : d);

// a dose whose reading is more than its strength: more than one unit a dose, or a range kept at its
// upper bound (units a dose, or doses a day)
const worthSaying = (d: DoseReading): boolean =>
  (d.perDose !== undefined && (d.perDose.count !== 1 || d.perDose.low !== undefined)) || d.dosesPerDay?.ranged === true;

// One item of a case judged in the case's context, as evaluateCase judges it (a changed order is
// checked again this way). An item that goes with a requested surgery is judged as if the surgery's
// own prediction were not yet known.
export async function evaluateCaseItem(ev: Evaluator, c: Case, requestId: string): Promise<ItemResult | undefined> {
  const ctx = caseContext(c, ev.pack.index, ev.pack.definitions, ev.today, ev.editionStart);
  const item = ctx.items.find((i) => i.request.id === requestId);
  return item ? evaluateItem(ev, c, item, ctx) : undefined;
}

export async function evaluateCase(ev: Evaluator, c: Case, file?: string): Promise<CaseResult> {
  const ctx = caseContext(c, ev.pack.index, ev.pack.definitions, ev.today, ev.editionStart);
  // a requested surgery is judged before the items that go with it; results keep the case's order
  const surgeryItems = new Set((c.surgeries ?? []).flatMap((s) => (s.request ? [s.request] : [])));
  const order = [...ctx.items.filter((i) => surgeryItems.has(i.request.id)), ...ctx.items.filter((i) => !surgeryItems.has(i.request.id))];
  const outcomes = new Map<string, Outcome>();
  const byId = new Map<string, ItemResult>();
  // one item at a time: concurrent runs on one Engine share its state
  for (const item of order) {
    const r = await evaluateItem(ev, c, item, ctx, outcomes);
    outcomes.set(r.requestId, r.outcome);
    byId.set(r.requestId, r);
  }
  return {
    caseId: c.id,
    file,
    ...(c.source ? { source: c.source } : {}),
    asOf: ctx.asOf,
    conditions: { tags: ctx.conditions ?? [], stated: ctx.conditions !== undefined, derivedFrom: ctx.conditionsDerived?.from },
    items: c.requests.map((r) => byId.get(r.id)!),
  };
}
