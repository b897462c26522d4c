// Reading json-rules-engine's result tree as a reviewer would: which criterion is unmet, on what
// facts, and whether the fact was documented as absent or simply not stated.
import { FACTS } from '../facts/vocabulary.js';
import type { Citation, Rule } from '../schema/rules.js';
import { isMissingValue, OPERATOR_TABLE, type OperatorName } from '../schema/operators.js';
import type { RuleOutcome } from './engine.js';

type Leaf = { fact: string; path: string; operator: string; value: unknown; factResult?: unknown; result?: boolean };
type Node = { all?: Node[]; any?: Node[]; not?: Node; result?: boolean } & Partial<Leaf>;

// the fact as the rule wrote it: group "documentation" + path "urineDrugScreen"
const factPathOf = (l: Leaf) => `${l.fact}.${l.path}`;

export type FactNote = { fact: string; label: string; value: unknown; stated: boolean; text: string };

export type Finding = {
  ruleId: string;
  title: string;
  // the criterion stated as met, in plain words
  requires?: string;
  // an experimental rule is reported as an advisory whatever its `decisive`
  experimental?: boolean;
  topic: string;
  reason: string;
  decisive: boolean;
  status: 'unmet';
  // "not-documented": the criterion fails because a fact it needs is not stated in the file
  evidence: 'documented' | 'not-documented';
  message: string;
  found: FactNote[];
  citation: string;
  citationParts: Citation;
  basis: Rule['basis'];
  fixable: boolean;
  fix: string;
  // the edition in force on the case's date, under which the criterion was applied
  edition?: string;
};

export type Checked = {
  ruleId: string;
  title: string;
  requires?: string;
  status: 'met' | 'not-assessable';
  // for not-assessable: the facts that were not stated
  missing?: string[];
  // for not-assessable: why some of those facts have no value, where derivation knows (a drug the
  // reference gives no conversion factor for); facts with the same reason together
  why?: Array<{ facts: string[]; reason: string }>;
};

const isMissing = isMissingValue;

export function describeValue(value: unknown): string {
  if (isMissing(value)) return 'not stated';
  if (value === true) return 'documented';
  if (value === false) return 'documented as absent';
  if (Array.isArray(value)) return value.length === 0 ? 'none documented' : value.join(', ');
  return String(value);
}

function isLeaf(n: Node): n is Node & Leaf {
  return typeof n.fact === 'string';
}

// The leaves that made `node` come out as `want`.
function decisiveLeaves(node: Node, want: boolean): Leaf[] {
  if (isLeaf(node)) return node.result === want ? [node] : [];
  if (node.not) return decisiveLeaves(node.not, !want);
  const kids = node.all ?? node.any ?? [];
  const conjunctive = node.all !== undefined;
  // all/true and any/false need every child; all/false and any/true need only the deciding ones
  const needsEvery = conjunctive === want;
  const chosen = needsEvery ? kids : kids.filter((k) => k.result === want);
  return chosen.flatMap((k) => decisiveLeaves(k, want));
}

function allLeaves(node: Node): Leaf[] {
  if (isLeaf(node)) return [node];
  if (node.not) return allLeaves(node.not);
  return (node.all ?? node.any ?? []).flatMap(allLeaves);
}

function note(leaf: Leaf): FactNote {
  const path = factPathOf(leaf);
  const label = FACTS[path]?.label ?? path;
  return {
    fact: path,
    label,
    value: leaf.factResult ?? null,
    stated: !isMissing(leaf.factResult),
    text: `${label}: ${describeValue(leaf.factResult)}`,
  };
}

export function formatCitation(c: Citation): string {
  const where = c.pages ? `p. ${c.pages}` : (c.location ?? '');
  return `${c.guideline}, ${c.section}${where ? `, ${where}` : ''}${c.nonMtus ? ' (non-MTUS source)' : ''}`;
}

// "{request.quantity}" in a message becomes the fact's value, or "not stated".
export function interpolate(text: string, lookup: (path: string) => unknown): string {
  return text.replace(/\{([a-zA-Z]+\.[a-zA-Z]+)\}/g, (_, path: string) => describeValue(lookup(path)));
}

export function explainOutcome(
  o: RuleOutcome,
  lookup: (path: string) => unknown,
  whyMissing: (path: string) => string | undefined = () => undefined,
): { finding?: Finding; checked?: Checked } {
  const tree = o.tree as Node | undefined;
  const { rule } = o;
  if (o.fired && tree) {
    const found = dedupe(decisiveLeaves(tree, true).map(note));
    return {
      finding: {
        ruleId: rule.id,
        title: rule.title,
        topic: rule.topic,
        reason: rule.reason,
        requires: rule.requires,
        decisive: rule.decisive && rule.status !== 'experimental',
        ...(rule.status === 'experimental' ? { experimental: true } : {}),
        status: 'unmet',
        evidence: found.some((f) => !f.stated) ? 'not-documented' : 'documented',
        message: interpolate(rule.message, lookup),
        found,
        citation: formatCitation(rule.citation),
        citationParts: rule.citation,
        basis: rule.basis,
        fixable: rule.fixable,
        fix: interpolate(rule.fix, lookup),
      },
    };
  }
  // not fired: met, unless it stayed quiet only because a fact was not there to compare and
  // that fact could have made it fire (three-valued: a missing comparison is "unknown")
  const silent = tree ? allLeaves(tree).filter(isSilentlyMissing) : [];
  if (silent.length > 0 && tree && kleene(tree) === undefined) {
    const missing = [...new Set(silent.map(factPathOf))];
    const why = groupReasons(missing, whyMissing);
    return {
      checked: {
        ruleId: rule.id,
        title: rule.title,
        requires: rule.requires,
        status: 'not-assessable',
        missing,
        ...(why.length > 0 ? { why } : {}),
      },
    };
  }
  return { checked: { ruleId: rule.id, title: rule.title, requires: rule.requires, status: 'met' } };
}

// the reasons known for missing facts, each with the facts it explains, in the order first met
function groupReasons(facts: string[], whyMissing: (path: string) => string | undefined): Array<{ facts: string[]; reason: string }> {
  const byReason = new Map<string, string[]>();
  for (const fact of facts) {
    const reason = whyMissing(fact);
    if (reason) byReason.set(reason, [...(byReason.get(reason) ?? []), fact]);
  }
  return [...byReason].map(([reason, fs]) => ({ facts: fs, reason }));
}

function isSilentlyMissing(l: Leaf): boolean {
  return l.result === false && isMissing(l.factResult) && OPERATOR_TABLE[l.operator as OperatorName]?.onMissing === 'unknown';
}

// true / false / undefined (unknown) for a result tree whose silent-missing leaves are unknown
function kleene(node: Node): boolean | undefined {
  if (isLeaf(node)) return isSilentlyMissing(node) ? undefined : node.result === true;
  if (node.not) {
    const v = kleene(node.not);
    return v === undefined ? undefined : !v;
  }
  const values = (node.all ?? node.any ?? []).map(kleene);
  if (node.all) return values.includes(false) ? false : values.includes(undefined) ? undefined : true;
  return values.includes(true) ? true : values.includes(undefined) ? undefined : false;
}

function dedupe(notes: FactNote[]): FactNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => {
    if (seen.has(n.fact)) return false;
    seen.add(n.fact);
    return true;
  });
}
