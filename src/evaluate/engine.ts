// Running rules with json-rules-engine. json-rules-engine clones every rule's conditions on every
// run, so the cost of a run grows with the rules it holds, applicable or not. The rules that apply
// to an item depend only on its kind, its catalog entry and the editions in force, so each distinct
// set of applicable rules gets one Engine, built on first use and reused for every later item with
// the same set: one run per item, holding only rules that apply. Never an Engine per item.
import { Engine, Operator, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { ConditionNode, Product, Selector } from '../schema/rules.js';
import { OPERATORS, runOperator } from '../schema/operators.js';
import type { LoadedRule, LoadedTopic, RulePack } from '../load/rules.js';
import type { ItemFacts } from '../facts/vocabulary.js';

export type CompiledRule = LoadedRule & { order: number };

export type CompiledTopic = {
  topic: LoadedTopic;
  rules: CompiledRule[];
};

// Every operator from the one table, built-in names included, so the engine's answer on a missing
// fact is the one the table states.
const ENGINE_OPERATORS = OPERATORS.map((name) => new Operator(name, (fact: unknown, value: unknown) => runOperator(name, fact, value)));

// Our facts are one level deep (group.key), so a direct property read replaces JSONPath.
const pathResolver = (value: object, path: string): unknown =>
  value === null || value === undefined ? undefined : (value as Record<string, unknown>)[path];

function toEngineCondition(node: ConditionNode): TopLevelCondition | Record<string, unknown> {
  if ('all' in node) return { all: node.all.map(toEngineCondition) };
  if ('any' in node) return { any: node.any.map(toEngineCondition) };
  if ('not' in node) return { not: toEngineCondition(node.not) };
  if ('condition' in node) return { condition: node.condition };
  const dot = node.fact.indexOf('.');
  return {
    fact: node.fact.slice(0, dot),
    path: node.fact.slice(dot + 1),
    operator: node.operator,
    value: node.value ?? null,
  };
}

// The gate (appliesWhen) runs first; when it fails, the criterion itself is not evaluated.
function engineRule(rule: LoadedRule): RuleProperties {
  const parts: Array<Record<string, unknown>> = [];
  if (rule.appliesWhen) parts.push({ all: [toEngineCondition(rule.appliesWhen)], priority: 50 });
  parts.push({ all: [toEngineCondition(rule.when)], priority: 1 });
  return { name: rule.id, priority: 1, conditions: { all: parts } as unknown as TopLevelCondition, event: { type: rule.id } };
}

export function compileTopics(pack: RulePack): CompiledTopic[] {
  return pack.topics.map((topic) => ({
    topic,
    rules: topic.rules.filter((r) => r.status !== 'deprecated').map((r, order) => ({ ...r, order })),
  }));
}

export function selectorMatches(sel: Selector | undefined, kind: string, product: Product, classes: string[]): boolean {
  if (!sel) return true;
  if (sel.except && selectorMatches({ ...sel.except, except: undefined }, kind, product, classes)) return false;
  if (sel.kinds && !sel.kinds.includes(kind as never)) return false;
  if (sel.forms && !sel.forms.includes(product.form)) return false;
  if (sel.products && !sel.products.includes(product.id)) return false;
  if (sel.classes && !sel.classes.some((c) => classes.includes(c))) return false;
  if (sel.ingredients && !sel.ingredients.some((i) => product.ingredients.some((x) => x.id === i))) return false;
  return true;
}

export type RuleSet = { engine: Engine; rules: CompiledRule[] };
export type RuleSetCache = Map<string, RuleSet>;
const CACHE_LIMIT = 5_000;

export function ruleSetFor(cache: RuleSetCache, rules: CompiledRule[], conditions: RulePack['conditions']): RuleSet {
  const key = rules.map((r) => r.id).join('\n');
  let set = cache.get(key);
  if (!set) {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver });
    for (const op of ENGINE_OPERATORS) engine.addOperator(op);
    // json-rules-engine takes only all/any/not/condition at the top of a named condition
    for (const [name, node] of Object.entries(conditions)) {
      const top = 'fact' in node ? { all: [toEngineCondition(node)] } : toEngineCondition(node);
      engine.setCondition(name, top as TopLevelCondition);
    }
    for (const r of rules) engine.addRule(engineRule(r));
    set = { engine, rules };
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(key, set);
  }
  return set;
}

export type RuleOutcome = {
  rule: CompiledRule;
  applicable: boolean;
  fired: boolean;
  // the `when` subtree of the result, with each leaf's factResult and result
  tree: unknown;
};

type ResultNode = { result?: boolean; all?: ResultNode[] };

export async function runRuleSet(set: RuleSet, facts: ItemFacts): Promise<RuleOutcome[]> {
  const { results, failureResults } = await set.engine.run({ ...facts });
  const byName = new Map<string, { result: boolean; conditions: { all: ResultNode[] } }>();
  for (const r of results) byName.set(r.name, r as never);
  for (const r of failureResults) byName.set(r.name, r as never);
  return set.rules.map((rule) => {
    const r = byName.get(rule.id);
    const parts = r?.conditions.all ?? [];
    const whenPart = parts[parts.length - 1];
    return {
      rule,
      applicable: parts.slice(0, -1).every((p) => p.result === true),
      fired: r?.result === true,
      tree: whenPart?.all?.[0],
    };
  });
}
