// CDS Hooks cards: the wording of a prediction for an EHR, as text.ts words it for a terminal.
// One warning card per item predicted upheld, one info card for the items predicted overturned,
// one for items with no prediction, one listing what was not read from the orders, one listing
// unusual values (the warnings `check` prints with a result). Suggestions
// (an updated draft order) are built here in words and attached by the service (src/serve/cds.ts).
import { randomUUID } from 'node:crypto';
import type { CaseResult, ItemResult } from '../evaluate/evaluate.js';
import type { Finding } from '../evaluate/explain.js';
import type { ConditionNode } from '../schema/rules.js';
import { type InputIssue, issueText } from '../load/errors.js';
import type { RulePack } from '../load/rules.js';
import { doseWords, itemSummary, notAssessable, notAssessableLine, OUTCOME_WORD } from './summary.js';

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
  // each in the words `check` prints after "? not assessable: "
  const na = notAssessable(item);
  if (na.length) out.push('**Not assessable from what was sent**', '', ...na.map((c) => `- ${md(notAssessableLine(c))}`), '');
  const met = item.checked.filter((c) => c.status === 'met');
  if (met.length) out.push(`**Met:** ${met.map((c) => md(c.title)).join('; ')}`, '');
  out.push(`*Read as:* ${md(item.resolution.note)}`);
  const dose = doseWords(item);
  if (dose) out.push('', `*Strength:* ${md(dose)}`);
  const notes = m.readFromText.get(item.requestId) ?? [];
  if (notes.length) out.push('', `*From the order:* ${md(notes.join('; '))}`);
  const left = m.unmappedByItem.get(item.requestId) ?? [];
  if (left.length) out.push('', `*Not read from this order:* ${md(left.join('; '))}`);
  return out.join('\n');
}

// how a name was read, for an item with no prediction (an unknown name says so in its summary)
function readAs(item: ItemResult): string {
  if (item.resolution.status !== 'resolved') return '';
  const dose = doseWords(item);
  return `  \n  *Read as:* ${md(item.resolution.note)}${dose ? `  \n  *Strength:* ${md(dose)}` : ''}`;
}

const card = (indicator: Card['indicator'], summary: string, detail: string): Card => ({
  uuid: randomUUID(),
  summary: clip(summary),
  detail,
  indicator,
  source: { label: SOURCE_LABEL },
});

export function notCheckedCard(issues: InputIssue[]): Card {
  return card(
    'info',
    'imr-check could not check these orders',
    ['The orders do not make a valid case:', '', ...issues.map((i) => `- ${md(issueText(i))}`)].join('\n'),
  );
}

// result is null when no order could be checked (the cards then only report what was not read)
// `suggest` gives the suggestions for an item predicted upheld (an updated draft order), if any
// `warnings`: unusual values in the case the orders make, in the words `check` prints them
export function cardsFor(
  result: CaseResult | null,
  m: OrderNotes,
  suggest: (item: ItemResult) => Suggestion[] = () => [],
  warnings: InputIssue[] = [],
): Card[] {
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
  // a warning, so before the info cards
  if (warnings.length) {
    cards.push(
      card(
        'warning',
        'imr-check: unusual values in these orders (check them before signing)',
        ['Judged as sent, but unusual enough to be a typing error:', '', ...warnings.map((w) => `- ${md(issueText(w))}`)].join('\n'),
      ),
    );
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
        uncovered.map((i) => `- **${md(i.text)}**: ${md(itemSummary(i, date))}${readAs(i)}`).join('\n'),
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
// rule's limit, no more sessions, sessions a week, weeks or units than it allows, or fewer doses a
// day where the daily morphine-equivalent dose is over its limit. Read from the rule's own
// condition (the limit it compares a request fact with) and the values found, so it follows the
// rule pack. The service checks each change again before offering it (src/serve/cds.ts).
export type OrderField = 'supplyDays' | 'sessions' | 'dosesPerDay' | 'quantity' | 'perWeek' | 'weeks';
// `ruleIds`: the unmet criteria the new value meets (the tightest limit first)
export type OrderChange = { ruleIds: string[]; field: OrderField; from: number; to: number };

// The facts a rule may cap that an order change moves, and the field that moves them
const CHANGE_FACTS: Record<string, OrderField> = {
  'request.daysSupply': 'supplyDays',
  'request.durationDays': 'supplyDays',
  'request.totalSessions': 'sessions',
  // prior sessions counted in the total stay as they are: the change leaves room for them
  'request.totalWithPriorSessions': 'sessions',
  'request.quantity': 'quantity',
  'request.perWeek': 'perWeek',
  'request.weeks': 'weeks',
  // the daily dose follows the doses a day at the strength ordered
  'request.morphineEquivalentDaily': 'dosesPerDay',
  // other current opioids in the regimen stay as they are
  'history.regimenMorphineEquivalentDaily': 'dosesPerDay',
};

// the order the changes are stated in: the span, the rhythm, then the counts
const FIELD_ORDER: OrderField[] = ['supplyDays', 'dosesPerDay', 'weeks', 'perWeek', 'sessions', 'quantity'];

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

const numberOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

// The field's value now and the value that brings the fact to its limit. A total that counts prior
// sessions leaves room for them; a daily dose scales with the doses a day (a dose of an opioid is
// not changed), so fewer doses a day, whole ones, bring it under the limit.
function target(limit: Limit, value: number, derived: Record<string, unknown>): { from: number; to: number } | undefined {
  const field = CHANGE_FACTS[limit.fact];
  if (limit.fact === 'request.totalWithPriorSessions') {
    const requested = numberOf(derived['request.totalSessions']);
    return requested === undefined ? undefined : { from: requested, to: limit.max - (value - requested) };
  }
  if (field === 'dosesPerDay') {
    const perDay = numberOf(derived['request.dosesPerDay']);
    const own = numberOf(derived['request.morphineEquivalentDaily']);
    if (perDay === undefined || own === undefined || own <= 0) return undefined;
    const allowed = limit.fact === 'request.morphineEquivalentDaily' ? limit.max : limit.max - (value - own);
    return { from: perDay, to: Math.floor((perDay * allowed) / own + 1e-9) };
  }
  return { from: value, to: limit.max };
}

export function orderChanges(item: ItemResult, pack: RulePack): OrderChange[] {
  // every value each unmet criterion allows, by field; the change takes the lowest, which meets them all
  const wanted = new Map<OrderField, Array<{ ruleId: string; from: number; to: number }>>();
  for (const f of item.findings) {
    const rule = pack.rules.get(f.ruleId);
    if (!rule) continue;
    for (const limit of limitsOf(rule.when as ConditionNode, pack, rule.topic, [])) {
      const value = numberOf(f.found.find((n) => n.fact === limit.fact)?.value) ?? numberOf(item.derived[limit.fact]);
      if (value === undefined || value <= limit.max) continue;
      const t = target(limit, value, item.derived);
      if (!t || t.to < 1 || t.to >= t.from) continue;
      const field = CHANGE_FACTS[limit.fact];
      wanted.set(field, [...(wanted.get(field) ?? []), { ruleId: f.ruleId, ...t }]);
    }
  }
  return [...wanted]
    .sort(([a], [b]) => FIELD_ORDER.indexOf(a) - FIELD_ORDER.indexOf(b))
    .map(([field, ws]) => {
      const tightest = ws.reduce((a, b) => (b.to < a.to ? b : a));
      const ruleIds = [...new Set([tightest, ...ws].map((w) => w.ruleId))];
      return { ruleIds, field, from: tightest.from, to: tightest.to };
    });
}

export function changeLabel(ch: OrderChange): string {
  switch (ch.field) {
    case 'supplyDays':
      return `Change the order to a ${ch.to}-day supply (was ${ch.from} days)`;
    case 'sessions':
      return `Change the order to ${ch.to} sessions (was ${ch.from})`;
    case 'dosesPerDay':
      return `Change the order to ${ch.to} doses a day (was ${ch.from}), the quantity in proportion`;
    case 'quantity':
      return `Change the quantity to ${ch.to} (was ${ch.from})`;
    case 'perWeek':
      return `Change the order to ${ch.to} sessions a week (was ${ch.from})`;
    case 'weeks':
      return `Change the order to ${ch.to} weeks (was ${ch.from})`;
  }
}
