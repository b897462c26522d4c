// Which items a rule pack covers over a corpus, and the uncovered names grouped by kind and by
// why (unknown name, no rule, no edition in force), so the next rules to write are obvious.
import type { CaseResult } from '../evaluate/evaluate.js';

type Why = 'unknown name' | 'no rule for this item' | 'no edition in force on the date';

export type Coverage = {
  items: number;
  covered: number;
  share: number | null;
  uncovered: Record<string, Array<{ name: string; count: number; why: Why }>>;
};

export type CoverageAccumulator = { items: number; covered: number; byKind: Map<string, Map<string, { count: number; why: Why }>> };

export const emptyCoverage = (): CoverageAccumulator => ({ items: 0, covered: 0, byKind: new Map() });

// "Retrospective request for 1 prescription of Baclofen 10mg #90" -> "baclofen"
function itemName(text: string, matched?: string): string {
  if (matched) return matched.toLowerCase();
  return (
    text
      .toLowerCase()
      .replace(/^(prospective|retrospective)( request)?( for)?\s*/, '')
      .replace(/\s*[#(].*$/, '')
      .replace(/\s+\d.*$/, '')
      .trim() || text.toLowerCase()
  );
}

export function addCoverage(acc: CoverageAccumulator, r: CaseResult): void {
  for (const item of r.items) {
    acc.items += 1;
    if (item.outcome !== 'not-covered') {
      acc.covered += 1;
      continue;
    }
    const why: Why =
      item.resolution.status === 'unknown'
        ? 'unknown name'
        : item.outOfForce.length > 0
          ? 'no edition in force on the date'
          : 'no rule for this item';
    const kind = item.kind;
    const name = itemName(item.text, item.resolution.status === 'resolved' ? item.resolution.product : undefined);
    const names = acc.byKind.get(kind) ?? new Map();
    const entry = names.get(name) ?? { count: 0, why };
    entry.count += 1;
    names.set(name, entry);
    acc.byKind.set(kind, names);
  }
}

export function finishCoverage(acc: CoverageAccumulator): Coverage {
  const uncovered: Coverage['uncovered'] = {};
  for (const [kind, names] of [...acc.byKind.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    uncovered[kind] = [...names.entries()]
      .map(([name, v]) => ({ name, count: v.count, why: v.why }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  }
  return { items: acc.items, covered: acc.covered, share: acc.items ? acc.covered / acc.items : null, uncovered };
}

export function coverageText(c: Coverage): string {
  const pct = c.share === null ? 'n/a' : `${(c.share * 100).toFixed(1)}%`;
  const lines = [`items: ${c.items}; covered: ${c.covered} (${pct}); not covered: ${c.items - c.covered}`];
  for (const [kind, names] of Object.entries(c.uncovered)) {
    const total = names.reduce((n, x) => n + x.count, 0);
    lines.push('', `${kind} (${total} not covered):`);
    for (const x of names) lines.push(`  ${String(x.count).padStart(4)}  ${x.name}  [${x.why}]`);
  }
  return lines.join('\n');
}
