// Runs every rules/<topic>.test.yaml as vitest tests, and checks the runner's strictness.
import { mkdtempSync, readdirSync, cpSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRuleTests } from '../../src/evaluate/rule-tests.js';
import { loadRulePack } from '../../src/load/rules.js';
import { RULES_DIR, rulePack } from '../helpers.js';

const topics = readdirSync(RULES_DIR)
  .filter((f) => f.endsWith('.test.yaml'))
  .map((f) => f.replace('.test.yaml', ''));

describe('rule tests beside each topic', () => {
  it('every topic with rules has a test file', () => {
    const ruleTopics = new Set([...rulePack().rules.values()].map((r) => r.topic));
    expect([...ruleTopics].filter((t) => !topics.includes(t))).toEqual([]);
  });

  for (const topic of topics) {
    it(`${topic}: every case passes and every rule has a firing and a passing case`, async () => {
      const report = await runRuleTests(rulePack(), [topic]);
      expect(report.failures.map((f) => `${f.test}: ${f.message}`)).toEqual([]);
      expect(report.passed).toBeGreaterThan(0);
    });
  }

  it('fails a rule that has no firing case, and an expectation that does not hold', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-ruletests-'));
    cpSync(RULES_DIR, dir, { recursive: true });
    writeFileSync(
      join(dir, 'heat-therapy.test.yaml'),
      `topic: heat-therapy
today: "2015-06-01"
tests:
  - name: flare documented
    case:
      id: h1
      injury: { date: 2010-01-01 }
      findings: { acuteExacerbation: true }
      documentation: { homeExerciseProgram: true }
      requests: [{ id: r, text: "ThermaCare #10", kind: dme, name: ThermaCare, quantity: 10 }]
    expect:
      r: { outcome: upheld, passes: [mtus.heat-therapy.flare-ups] }
`,
    );
    const report = await runRuleTests(loadRulePack(dir), ['heat-therapy']);
    const messages = report.failures.map((f) => f.message).join('\n');
    expect(messages).toMatch(/outcome: expected upheld, got overturned/);
    expect(messages).toMatch(/mtus\.heat-therapy\.flare-ups: no test case fires this rule/);
    expect(messages).toMatch(/mtus\.heat-therapy\.exercise-emphasis: no test case fires this rule/);
  });
});
