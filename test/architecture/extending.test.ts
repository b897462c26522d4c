// The README's "Adding a rule, a fact or an import pattern" section, tried step by step: each
// addition touches only the files the section names, and the tool picks it up.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { copiedFacts, FACTS } from '../../src/facts/vocabulary.js';
import { contextOf, contextTriggers, triggerHits } from '../../src/import/clinical.js';
import { contextFile, loadPatterns, PATTERNS_DIR } from '../../src/import/patterns.js';
import { runRuleTests } from '../../src/evaluate/rule-tests.js';
import { loadRulePack } from '../../src/load/rules.js';
import { requestSchema } from '../../src/schema/case.js';
import { RULES_DIR } from '../helpers.js';

const tempCopy = (from: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'imr-extending-'));
  cpSync(from, dir, { recursive: true });
  return dir;
};
const editYaml = (file: string, edit: (doc: Record<string, unknown>) => void) => {
  const doc = parse(readFileSync(file, 'utf8'));
  edit(doc);
  writeFileSync(file, stringify(doc));
};

describe('adding a rule: the topic file and its test file, nothing else', () => {
  it('a new rule with a firing and a passing test loads, runs and is counted as tested', async () => {
    const dir = tempCopy(RULES_DIR);
    editYaml(join(dir, 'muscle-relaxants.yaml'), (topic) => {
      (topic.rules as unknown[]).push({
        id: 'mtus.muscle-relaxants.supply-at-most-a-year',
        title: 'At most a year of tablets',
        requires: 'The quantity is at most 360 tablets.',
        when: { fact: 'request.quantity', operator: 'greaterThan', value: 360 },
        reason: 'indication-not-documented',
        citation: { section: 'Muscle relaxants (for pain)', pages: '63-66' },
        basis: { confidence: 'U-low', note: 'An example rule for the authoring test.' },
        decisive: false,
        message: 'More than a year of tablets is requested.',
        fix: 'Request a shorter supply.',
      });
    });
    const base = {
      requestDate: '2015-05-01',
      conditions: ['chronic-low-back-pain'],
    };
    const request = (quantity: number) => ({
      requests: [{ id: 'r', text: `Cyclobenzaprine 5mg #${quantity}`, kind: 'medication', name: 'cyclobenzaprine', quantity }],
    });
    editYaml(join(dir, 'muscle-relaxants.test.yaml'), (suite) => {
      (suite.tests as unknown[]).push(
        {
          name: 'a supply beyond a year fires the example rule',
          case: { id: 'x1', ...base, ...request(400) },
          expect: { r: { fires: ['mtus.muscle-relaxants.supply-at-most-a-year'] } },
        },
        {
          name: 'a short supply passes the example rule',
          case: { id: 'x2', ...base, ...request(15) },
          expect: { r: { passes: ['mtus.muscle-relaxants.supply-at-most-a-year'] } },
        },
      );
    });
    const pack = loadRulePack(dir);
    expect(pack.rules.has('mtus.muscle-relaxants.supply-at-most-a-year')).toBe(true);
    const report = await runRuleTests(pack, ['muscle-relaxants']);
    expect(report.failures.map((f) => f.message)).toEqual([]);
    expect(report.firing.get('mtus.muscle-relaxants.supply-at-most-a-year')).toBe(1);
    expect(report.passing.get('mtus.muscle-relaxants.supply-at-most-a-year')).toBe(1);
  });
});

describe('adding a fact: declared once in the case schema, with its label', () => {
  it('every request field a rule can read is a fact under the label the schema gives it', () => {
    for (const [key, field] of Object.entries(requestSchema.shape)) {
      const fact = FACTS[`request.${key}`];
      if (!fact) continue;
      const label = (field.meta() as { label?: string } | undefined)?.label ?? (field.unwrap?.().meta() as { label?: string })?.label;
      if (label) expect(fact.label).toBe(label);
    }
  });

  it('a new labelled field becomes a typed fact without touching the vocabulary', () => {
    const extended = requestSchema.extend({ painScoreGoal: z.number().meta({ label: 'pain score aimed for' }).optional() });
    expect(copiedFacts('request', extended)['request.painScoreGoal']).toEqual({ type: 'number', label: 'pain score aimed for' });
  });
});

describe('adding an import pattern: one entry in a data file under src/import/patterns', () => {
  it('a new negation trigger in context.yaml changes what the importer reads as negated', () => {
    const dir = `${tempCopy(PATTERNS_DIR)}/`;
    const sentence = 'Instability was excluded on examination.';
    const at = sentence.indexOf('Instability');
    const before = contextOf(sentence, at, at + 11, triggerHits(sentence, contextTriggers(loadPatterns('context.yaml', contextFile, dir))));
    expect(before.has('negated')).toBe(false);
    editYaml(`${dir}context.yaml`, (f) => {
      (f.triggers as unknown[]).push({ phrase: 'was excluded', category: 'negated', direction: 'backward' });
    });
    const triggers = contextTriggers(loadPatterns('context.yaml', contextFile, `${dir}./`));
    expect(contextOf(sentence, at, at + 11, triggerHits(sentence, triggers)).has('negated')).toBe(true);
  });
});
