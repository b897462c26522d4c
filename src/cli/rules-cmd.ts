// `imr-check rules` and `imr-check rules test`.
import type { RulePack } from '../load/rules.js';
import { ruleRows, rulesText } from '../report/rules.js';
import { runRuleTests } from '../evaluate/rule-tests.js';

export function rulesList(pack: RulePack, json: boolean): string {
  return json ? JSON.stringify(ruleRows(pack), null, 2) : rulesText(pack);
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
