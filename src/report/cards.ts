// CDS Hooks cards: the wording of a prediction for an EHR, as text.ts words it for a terminal.
// One warning card per item predicted upheld, one info card for the items predicted overturned,
// one for items with no prediction, one listing what was not read from the orders. Suggestions
// (an updated draft order) are built here in words and attached by the service (src/serve/cds.ts).
import { randomUUID } from 'node:crypto';
import type { CaseResult, ItemResult } from '../evaluate/evaluate.js';
import type { Finding } from '../evaluate/explain.js';
import type { ConditionNode } from '../schema/rules.js';
import type { RulePack } from '../load/rules.js';
import { itemSummary, notAssessableText, OUTCOME_WORD } from './summary.js';

export const SOURCE_LABEL = 'imr-check (MTUS rules)';

// CDS Hooks 2.0 card (https://cds-hooks.hl7.org/2.0/#card-attributes)
export type Action = { type: 'create' | 'update' | 'delete'; description: string; resource?: unknown; resourceId?: string };
export type Suggestion = { label: string; uuid: string; isRecommended?: boolean; actions: Action[] };
export type Card = {
  uuid: string;
  summary: string;
  detail?: string;
  indicator: 'info' | 'warning' | 'critical';
  source: { label: string; url?: string };
  suggestions?: Suggestion[];
  selectionBehavior?: 'at-most-one' | 'any';
};

// what the cards say about where each value came from (src/import/fhir.ts fills it)
export type OrderNotes = {
  readFromText: Map<string, string[]>;
  unmappedByItem: Map<string, string[]>;
  unmapped: string[];
};

const md = (s: string) => s.replace(/([\\`*_[\]<>#|])/g, '\\$1');

export function clip(s: string, max = 140): string {
  return s.length <= max ? s : `${s.slice(0, max - 1).trimEnd()}…`;
}

function findingLines(f: Finding, advisory: boolean): string {
  const evidence = f.evidence === 'not-documented' ? 'not documented' : 'documented';
  return `- ${advisory ? 'Advisory: ' : ''}**${md(f.title)}** (${evidence}${f.fixable ? ', fixable' : ''}). ${md(f.message)}  \n  *Cites:* ${md(f.citation)}`;
}

function itemDetail(item: ItemResult, m: OrderNotes, date: string): string {
  const out = [`**Predicted IMR outcome: ${OUTCOME_WORD[item.outcome]}**: ${md(itemSummary(item, date))}`, ''];
  if (item.findings.length) out.push('**Unmet criteria**', '', ...item.findings.map((f) => findingLines(f, false)), '');
  if (item.advisories.length) out.push('**Advisory**', '', ...item.advisories.map((f) => findingLines(f, true)), '');
  if (item.fixBeforeSubmitting.length)
    out.push('**Fix before submitting**', '', ...item.fixBeforeSubmitting.map((f, i) => `${i + 1}. ${md(f)}`), '');
  const na = item.checked.filter((c) => c.status === 'not-assessable');
  if (na.length)
    out.push('**Not assessable** (facts not stated)', '', ...na.map((c) => `- ${md(c.title)} (${md(notAssessableText(c))})`), '');
  const met = item.checked.filter((c) => c.status === 'met');
  if (met.length) out.push(`**Met:** ${met.map((c) => md(c.title)).join('; ')}`, '');
  out.push(`*Read as:* ${md(item.resolution.note)}`);
  const notes = m.readFromText.get(item.requestId) ?? [];
  if (notes.length) out.push('', `*From the order:* ${md(notes.join('; '))}`);
  const left = m.unmappedByItem.get(item.requestId) ?? [];
  if (left.length) out.push('', `*Not read from this order:* ${md(left.join('; '))}`);
  return out.join('\n');
}

const card = (indicator: Card['indicator'], summary: string, detail: string): Card => ({
  uuid: randomUUID(),
  summary: clip(summary),
  detail,
  indicator,
  source: { label: SOURCE_LABEL },
});

export function notCheckedCard(issues: Array<{ path: string; message: string }>): Card {
  return card(
    'info',
    'imr-check could not check these orders',
    ['The orders do not make a valid case:', '', ...issues.map((i) => `- ${md(i.path)}: ${md(i.message)}`)].join('\n'),
  );
}

// result is null when no order could be checked (the cards then only report what was not read)
// `suggest` gives the suggestions for an item predicted upheld (an updated draft order), if any
export function cardsFor(result: CaseResult | null, m: OrderNotes, suggest: (item: ItemResult) => Suggestion[] = () => []): Card[] {
  const cards: Card[] = [];
  const items = result?.items ?? [];
  const date = result?.asOf.date ?? '';
  for (const item of items.filter((i) => i.outcome === 'upheld')) {
    const fixable = item.findings.every((f) => f.fixable);
    const tail = fixable ? ` (${item.fixBeforeSubmitting.length} to fix before submitting)` : ' (documentation alone will not fix it)';
    const name = clip(item.text, 140 - 'IMR: denial of  likely upheld'.length - tail.length);
    const c = card('warning', `IMR: denial of ${name} likely upheld${tail}`, itemDetail(item, m, date));
    const suggestions = suggest(item);
    if (suggestions.length) {
      c.suggestions = suggestions;
      c.selectionBehavior = 'at-most-one';
    }
    cards.push(c);
  }
  const overturned = items.filter((i) => i.outcome === 'overturned');
  if (overturned.length) {
    cards.push(
      card(
        'info',
        `IMR: likely medically necessary: ${overturned.map((i) => i.text).join('; ')}`,
        overturned.map((i) => `### ${md(i.text)}\n\n${itemDetail(i, m, date)}`).join('\n\n'),
      ),
    );
  }
  const uncovered = items.filter((i) => i.outcome === 'not-covered');
  if (uncovered.length) {
    cards.push(
      card(
        'info',
        `No IMR prediction for ${uncovered.map((i) => i.text).join('; ')}`,
        uncovered.map((i) => `- **${md(i.text)}**: ${md(itemSummary(i, date))}`).join('\n'),
      ),
    );
  }
  const itemLeft = [...m.unmappedByItem.values()].flat();
  if (m.unmapped.length || itemLeft.length) {
    cards.push(
      card(
        'info',
        'imr-check: some order and patient details were not read (listed)',
        ['Not carried into the prediction (reported, not guessed):', '', ...[...m.unmapped, ...itemLeft].map((u) => `- ${md(u)}`)].join(
          '\n',
        ),
      ),
    );
  }
  return cards;
}

// ---- suggestions: changes to the order itself -----------------------------------------------------

// A change to the draft order that meets an unmet criterion by itself: a supply no longer than the
// rule's limit, or no more sessions than it allows. Read from the rule's own condition (the limit
// it compares a request fact with) and the value found, so it follows the rule pack.
export type OrderChange = { ruleId: string; field: 'supplyDays' | 'sessions'; from: number; to: number };

const CHANGE_FACTS: Record<string, OrderChange['field']> = {
  'request.daysSupply': 'supplyDays',
  'request.durationDays': 'supplyDays',
  'request.totalSessions': 'sessions',
};

type Limit = { fact: string; max: number };

// the upper limits a rule's failure condition states on facts an order change can meet
function limitsOf(node: ConditionNode, pack: RulePack, topic: string, out: Limit[], depth = 0): Limit[] {
  if (depth > 20) return out;
  if ('all' in node) for (const n of node.all) limitsOf(n, pack, topic, out, depth + 1);
  else if ('any' in node) for (const n of node.any) limitsOf(n, pack, topic, out, depth + 1);
  else if ('condition' in node) {
    const named = pack.conditions[`${topic}.${node.condition}`] ?? pack.conditions[node.condition];
    if (named) limitsOf(named, pack, topic, out, depth + 1);
  } else if ('fact' in node && CHANGE_FACTS[node.fact] && typeof node.value === 'number') {
    // a negated condition states no upper limit
    if (node.operator === 'greaterThan') out.push({ fact: node.fact, max: node.value });
    else if (node.operator === 'greaterThanInclusive') out.push({ fact: node.fact, max: node.value - 1 });
  }
  return out;
}

export function orderChanges(item: ItemResult, pack: RulePack): OrderChange[] {
  const best = new Map<OrderChange['field'], OrderChange>();
  for (const f of item.findings) {
    const rule = pack.rules.get(f.ruleId);
    if (!rule) continue;
    for (const limit of limitsOf(rule.when as ConditionNode, pack, rule.topic, [])) {
      const found = f.found.find((n) => n.fact === limit.fact && typeof n.value === 'number');
      const from = found?.value as number | undefined;
      if (from === undefined || from <= limit.max || limit.max < 1) continue;
      const field = CHANGE_FACTS[limit.fact];
      const seen = best.get(field);
      if (!seen || limit.max < seen.to) best.set(field, { ruleId: f.ruleId, field, from, to: limit.max });
    }
  }
  return [...best.values()];
}

export function changeLabel(ch: OrderChange): string {
  return ch.field === 'supplyDays'
    ? `Change the order to a ${ch.to}-day supply (was ${ch.from} days)`
    : `Change the order to ${ch.to} sessions (was ${ch.from})`;
}
