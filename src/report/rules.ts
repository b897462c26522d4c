// The rule pack as a list: what `rules` prints and `GET /api/rules` answers.
import type { RulePack } from '../load/rules.js';
import { formatCitation } from '../evaluate/explain.js';

export function ruleRows(pack: RulePack) {
  return [...pack.rules.values()].map((r) => ({
    id: r.id,
    topic: r.topic,
    title: r.title,
    requires: r.requires,
    reason: r.reason,
    decisive: r.decisive && r.status !== 'experimental',
    fixable: r.fixable,
    basis: r.basis.confidence,
    citation: formatCitation(r.citation),
    status: r.status,
  }));
}

export function rulesText(pack: RulePack): string {
  return ruleRows(pack)
    .map(
      (r) =>
        `${r.id}\n  topic: ${r.topic}; reason: ${r.reason}; ${r.decisive ? 'decisive' : 'advisory'}${r.status === 'active' ? '' : ` (${r.status})`}; ${r.fixable ? 'fixable' : 'not fixable'}; basis ${r.basis}\n  ${r.title}${r.requires ? `\n  requires: ${r.requires}` : ''}\n  cites: ${r.citation}`,
    )
    .join('\n');
}
