// Building json-rules-engine Engines once per topic, and running one item through the topics
// that apply to it. Rules are gated so an inapplicable rule costs one comparison.
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { ConditionNode, Rule, Selector, TopicFile } from '../schema/rules.js';
import type { RulePack } from '../load/rules.js';
import type { ItemFacts } from '../facts/vocabulary.js';
import type { Product } from '../schema/rules.js';
import { CUSTOM_OPERATORS } from './operators.js';

export type CompiledTopic = {
  topic: TopicFile & { file: string };
  engine: Engine;
  rules: Array<Rule & { topic: string; order: number }>;
};

// Our facts are one level deep (group.key), so a direct property read replaces JSONPath.
const pathResolver = (value: object, path: string): unknown =>
  value === null || value === undefined ? undefined : (value as Record<string, unknown>)[path];

function toEngineCondition(node: ConditionNode): TopLevelCondition | Record<string, unknown> {
  if ('all' in node) return { all: node.all.map(toEngineCondition) };
  if ('any' in node) return { any: node.any.map(toEngineCondition) };
  if ('not' in node) return { not: toEngineCondition(node.not) };
  const dot = node.fact.indexOf('.');
  return {
    fact: node.fact.slice(0, dot),
    path: node.fact.slice(dot + 1),
    operator: node.operator,
    value: node.value ?? null,
    // kept on the live result object so explanations can name the fact as the rule wrote it
    factPath: node.fact,
  };
}

export const GATE_FACT = 'applicable';

function engineRule(rule: Rule, order: number): RuleProperties {
  const parts: Array<Record<string, unknown>> = [
    { fact: GATE_FACT, path: String(order), operator: 'equal', value: true, priority: 100 },
  ];
  if (rule.appliesWhen) parts.push({ all: [toEngineCondition(rule.appliesWhen)], priority: 50 });
  parts.push({ all: [toEngineCondition(rule.when)], priority: 1 });
  return {
    name: rule.id,
    priority: 1,
    conditions: { all: parts } as unknown as TopLevelCondition,
    event: { type: rule.id },
  };
}

export function compileTopics(pack: RulePack): CompiledTopic[] {
  return pack.topics.map((topic) => {
    const engine = new Engine([], { allowUndefinedFacts: true, pathResolver });
    for (const op of CUSTOM_OPERATORS) engine.addOperator(op);
    const rules = topic.rules
      .filter((r) => r.status === 'active')
      .map((r, order) => ({ ...r, topic: topic.topic, order }));
    rules.forEach((r) => engine.addRule(engineRule(r, r.order)));
    return { topic, engine, rules };
  });
}

export function selectorMatches(sel: Selector | undefined, kind: string, product: Product, classes: string[]): boolean {
  if (!sel) return true;
  if (sel.kinds && !sel.kinds.includes(kind as never)) return false;
  if (sel.forms && !sel.forms.includes(product.form)) return false;
  if (sel.products && !sel.products.includes(product.id)) return false;
  if (sel.classes && !sel.classes.some((c) => classes.includes(c))) return false;
  if (sel.ingredients && !sel.ingredients.some((i) => product.ingredients.some((x) => x.id === i))) return false;
  return true;
}

export type RuleOutcome = {
  rule: Rule & { topic: string; order: number };
  applicable: boolean;
  fired: boolean;
  // the `when` subtree of the result, with each leaf's factResult and result
  tree: unknown;
};

export async function runTopic(compiled: CompiledTopic, applicable: boolean[], facts: ItemFacts): Promise<RuleOutcome[]> {
  const { results, failureResults } = await compiled.engine.run({ ...facts, [GATE_FACT]: applicable });
  const byName = new Map<string, { result: boolean; conditions: { all: Array<{ result?: boolean; all?: unknown[] }> } }>();
  for (const r of [...results, ...failureResults]) byName.set(r.name, r as never);
  return compiled.rules.map((rule) => {
    const r = byName.get(rule.id);
    const parts = r?.conditions.all ?? [];
    const whenPart = parts[parts.length - 1];
    const gatesPassed = parts.slice(0, -1).every((p) => p.result === true);
    return {
      rule,
      applicable: applicable[rule.order] === true && gatesPassed,
      fired: r?.result === true,
      tree: (whenPart?.all as unknown[] | undefined)?.[0],
    };
  });
}
