// Running the rule tests beside each topic. Strict: unknown rule ids, duplicate test names and a
// rule without both a firing and a passing case are failures.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RulePack } from '../load/rules.js';
import { InputError, zodIssues } from '../load/errors.js';
import { readData } from '../load/read.js';
import { validateCase } from '../load/cases.js';
import { type Expectation, type RuleTestFile, ruleTestFileSchema } from '../schema/rule-tests.js';
import { createEvaluator, evaluateCase, type ItemResult } from './evaluate.js';

export type RuleTestExamples = Map<string, { fires?: { test: string; text: string }; passes?: { test: string; text: string } }>;

export type RuleTestFailure = { file: string; test: string; message: string };
export type RuleTestReport = {
  files: string[];
  tests: number;
  passed: number;
  todo: Array<{ file: string; test: string; todo: string; stillFails: boolean }>;
  failures: RuleTestFailure[];
  firing: Map<string, number>;
  passing: Map<string, number>;
  examples: RuleTestExamples;
};

export function ruleTestFiles(pack: RulePack, topics: string[] = []): string[] {
  return readdirSync(pack.dir)
    .filter((f) => /\.test\.ya?ml$/.test(f))
    .filter((f) => topics.length === 0 || topics.includes(f.replace(/\.test\.ya?ml$/, '')))
    .sort()
    .map((f) => join(pack.dir, f));
}

function statusOf(item: ItemResult, ruleId: string): 'fires' | 'passes' | 'notAssessable' | 'notApplicable' {
  if ([...item.findings, ...item.advisories].some((f) => f.ruleId === ruleId)) return 'fires';
  const c = item.checked.find((x) => x.ruleId === ruleId);
  if (!c) return 'notApplicable';
  return c.status === 'met' ? 'passes' : 'notAssessable';
}

function check(item: ItemResult, exp: Expectation, known: Set<string>): string[] {
  const problems: string[] = [];
  if (exp.outcome && item.outcome !== exp.outcome)
    problems.push(
      `outcome: expected ${exp.outcome}, got ${item.outcome}${item.findings.length ? ` (unmet: ${item.findings.map((f) => f.ruleId).join(', ')})` : ''}`,
    );
  for (const key of ['fires', 'passes', 'notAssessable', 'notApplicable'] as const) {
    for (const id of exp[key] ?? []) {
      if (!known.has(id)) {
        problems.push(`unknown rule id "${id}" in ${key}`);
        continue;
      }
      const got = statusOf(item, id);
      if (got !== key) problems.push(`${id}: expected ${key}, got ${got}`);
    }
  }
  for (const [id, want] of Object.entries(exp.evidence ?? {})) {
    const f = [...item.findings, ...item.advisories].find((x) => x.ruleId === id);
    if (!f) problems.push(`${id}: expected evidence ${want}, but the rule did not fire`);
    else if (f.evidence !== want) problems.push(`${id}: expected evidence ${want}, got ${f.evidence}`);
  }
  return problems;
}

export async function runRuleTests(pack: RulePack, topics: string[] = []): Promise<RuleTestReport> {
  const report: RuleTestReport = {
    files: [],
    tests: 0,
    passed: 0,
    todo: [],
    failures: [],
    firing: new Map(),
    passing: new Map(),
    examples: new Map(),
  };
  const known = new Set(pack.rules.keys());
  const testedTopics = new Set<string>();
  for (const file of ruleTestFiles(pack, topics)) {
    report.files.push(file);
    let suite: RuleTestFile;
    try {
      const parsed = ruleTestFileSchema.safeParse(readData(file));
      if (!parsed.success) throw new InputError(file, zodIssues(parsed.error));
      suite = parsed.data;
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      report.failures.push({ file, test: '(file)', message: e.message });
      continue;
    }
    testedTopics.add(suite.topic);
    const ev = createEvaluator(pack, { today: suite.today });
    const names = new Set<string>();
    for (const t of suite.tests) {
      report.tests += 1;
      if (names.has(t.name)) {
        report.failures.push({ file, test: t.name, message: 'duplicate test name' });
        continue;
      }
      names.add(t.name);
      let problems: string[] = [];
      try {
        const c = validateCase(t.case, `${file} > ${t.name} > case`, pack.reasonTags);
        const result = await evaluateCase(ev, c);
        for (const [reqId, exp] of Object.entries(t.expect)) {
          const item = result.items.find((i) => i.requestId === reqId);
          if (!item) {
            problems.push(`no request "${reqId}" in the case`);
            continue;
          }
          problems.push(...check(item, exp, known).map((p) => `${reqId}: ${p}`));
          if (!t.todo) {
            for (const id of exp.fires ?? []) report.firing.set(id, (report.firing.get(id) ?? 0) + 1);
            for (const id of exp.passes ?? []) report.passing.set(id, (report.passing.get(id) ?? 0) + 1);
            const text = item.text;
            for (const id of exp.fires ?? []) {
              const e = report.examples.get(id) ?? {};
              e.fires ??= { test: t.name, text };
              report.examples.set(id, e);
            }
            for (const id of exp.passes ?? []) {
              const e = report.examples.get(id) ?? {};
              e.passes ??= { test: t.name, text };
              report.examples.set(id, e);
            }
          }
        }
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        problems = [e.message];
      }
      if (t.todo) report.todo.push({ file, test: t.name, todo: t.todo, stillFails: problems.length > 0 });
      else if (problems.length) report.failures.push({ file, test: t.name, message: problems.join('\n') });
      else report.passed += 1;
    }
  }
  // every rule of a tested topic needs a firing and a passing case
  for (const rule of pack.rules.values()) {
    if (rule.status !== 'active') continue;
    if (topics.length > 0 && !topics.includes(rule.topic)) continue;
    const file = join(pack.dir, `${rule.topic}.test.yaml`);
    if (!existsSync(file)) {
      report.failures.push({ file, test: '(coverage)', message: `${rule.id}: topic ${rule.topic} has no test file` });
      continue;
    }
    if (!report.firing.get(rule.id))
      report.failures.push({ file, test: '(coverage)', message: `${rule.id}: no test case fires this rule` });
    if (!report.passing.get(rule.id))
      report.failures.push({ file, test: '(coverage)', message: `${rule.id}: no test case passes this rule` });
  }
  return report;
}
