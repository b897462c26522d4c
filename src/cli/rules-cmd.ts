// `imr-check rules` and `imr-check rules test`.
import type { RulePack } from '../load/rules.js';
import { formatCitation } from '../explain/explain.js';
import { runRuleTests } from '../evaluate/rule-tests.js';

export function rulesList(pack: RulePack, json: boolean): string {
  const rows = [...pack.rules.values()].map((r) => ({
    id: r.id,
    topic: r.topic,
    title: r.title,
    reason: r.reason,
    decisive: r.decisive,
    fixable: r.fixable,
    basis: r.basis.confidence,
    citation: formatCitation(r.citation),
    status: r.status,
  }));
  if (json) return JSON.stringify(rows, null, 2);
  return rows
    .map(
      (r) =>
        `${r.id}\n  topic: ${r.topic}; reason: ${r.reason}; ${r.decisive ? 'decisive' : 'advisory'}; ${r.fixable ? 'fixable' : 'not fixable'}; basis ${r.basis}\n  ${r.title}\n  cites: ${r.citation}`,
    )
    .join('\n');
}

export async function rulesTestCommand(
  pack: RulePack,
  topics: string[],
  io: { out: (s: string) => void; err: (s: string) => void },
): Promise<number> {
  const report = await runRuleTests(pack, topics);
  for (const f of report.failures) io.out(`FAIL ${f.file} > ${f.test}\n  ${f.message.replace(/\n/g, '\n  ')}`);
  for (const t of report.todo) io.out(`TODO ${t.file} > ${t.test}: ${t.todo}${t.stillFails ? '' : ' (now passes: remove the todo)'}`);
  io.out(
    `rule tests: ${report.passed} passed, ${report.failures.length} failed, ${report.todo.length} todo (${report.files.length} files)`,
  );
  return report.failures.length > 0 ? 1 : 0;
}
