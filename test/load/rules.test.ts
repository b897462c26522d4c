import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadRulePack, RulePackError } from '../../src/load/rules.js';
import { RULES_DIR, rulePack } from '../helpers.js';

const catalog = {
  ingredients: [{ id: 'baclofen', names: [], classes: ['muscle-relaxant'] }],
  products: [
    {
      id: 'baclofen',
      names: ['baclofen'],
      kind: 'medication',
      form: 'oral',
      ingredients: [{ id: 'baclofen' }],
      classes: ['muscle-relaxant'],
    },
  ],
};

const goodRule = {
  id: 'mtus.demo.flare',
  title: 'demo',
  requires: 'A documented acute exacerbation',
  when: { fact: 'findings.acuteExacerbation', operator: 'isNotTrue' },
  reason: 'no-acute-exacerbation',
  citation: { guideline: 'MTUS CPMTG (2009)', section: 'Muscle relaxants', pages: '63-66' },
  basis: { confidence: 'C', note: 'seed 000' },
  message: 'm',
  fixable: true,
  fix: 'f',
};

function packWith(rules: unknown[], topic = 'demo', extra: Record<string, unknown> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'imr-rules-'));
  copyFileSync(join(RULES_DIR, 'reasons.yaml'), join(dir, 'reasons.yaml'));
  copyFileSync(join(RULES_DIR, 'definitions.yaml'), join(dir, 'definitions.yaml'));
  writeFileSync(join(dir, 'catalog.yaml'), stringify(catalog));
  writeFileSync(
    join(dir, `${topic}.yaml`),
    stringify({
      topic,
      title: 'Demo',
      editions: [{ id: 'e', name: 'E', from: '2009-07-18', to: null }],
      appliesTo: { classes: ['muscle-relaxant'] },
      ...extra,
      rules,
    }),
  );
  return dir;
}

function problemsOf(dir: string): string {
  try {
    loadRulePack(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(RulePackError);
    return (e as Error).message;
  }
  throw new Error('expected the pack to be rejected');
}

describe('rule loader', () => {
  it('loads the shipped pack', () => {
    const pack = rulePack();
    expect(pack.rules.size).toBeGreaterThan(30);
    for (const rule of pack.rules.values()) {
      expect(rule.citation.guideline).toBeTruthy();
      expect(pack.reasonTags.has(rule.reason)).toBe(true);
    }
  });

  it('loads a minimal valid pack', () => {
    expect(loadRulePack(packWith([goodRule])).rules.has('mtus.demo.flare')).toBe(true);
  });

  it('rejects an unknown reason tag', () => {
    expect(problemsOf(packWith([{ ...goodRule, reason: 'too-costly' }]))).toMatch(
      /demo\.yaml: rules\[0\]\.reason: unknown reason tag "too-costly"/,
    );
  });

  it('rejects an unknown fact', () => {
    expect(problemsOf(packWith([{ ...goodRule, when: { fact: 'findings.flare', operator: 'isNotTrue' } }]))).toMatch(
      /rules\[0\]\.when\.fact: unknown fact "findings\.flare"/,
    );
  });

  it('rejects an unknown operator and an operator that does not fit the fact', () => {
    expect(problemsOf(packWith([{ ...goodRule, when: { fact: 'findings.acuteExacerbation', operator: 'isFalsey' } }]))).toMatch(
      /rules\[0\]\.when/,
    );
    expect(problemsOf(packWith([{ ...goodRule, when: { fact: 'history.daysOfUse', operator: 'containsAny', value: ['x'] } }]))).toMatch(
      /operator containsAny does not apply to the number fact history\.daysOfUse/,
    );
    expect(problemsOf(packWith([{ ...goodRule, when: { fact: 'history.daysOfUse', operator: 'greaterThan', value: '21' } }]))).toMatch(
      /needs a number value/,
    );
  });

  it('requires every rule to state its criterion positively (requires)', () => {
    const { requires: _, ...noRequires } = goodRule;
    expect(problemsOf(packWith([noRequires]))).toMatch(/rules\[0\]\.requires/);
  });

  it('fills the topic default guideline into citations, and needs one from somewhere', () => {
    const bare = { ...goodRule, citation: { section: 'Muscle relaxants', pages: '63-66' } };
    const pack = loadRulePack(packWith([bare], 'demo', { defaults: { guideline: 'MTUS CPMTG (2009)' } }));
    expect(pack.rules.get('mtus.demo.flare')?.citation.guideline).toBe('MTUS CPMTG (2009)');
    expect(problemsOf(packWith([bare]))).toMatch(/rules\[0\]\.citation\.guideline: a citation needs a guideline/);
  });

  it('resolves shared conditions by name and rejects an unknown one', () => {
    const flare = { description: 'a flare-up is not documented', condition: { fact: 'findings.acuteExacerbation', operator: 'isNotTrue' } };
    const pack = loadRulePack(packWith([{ ...goodRule, when: { condition: 'no-flare' } }], 'demo', { conditions: { 'no-flare': flare } }));
    expect(pack.rules.get('mtus.demo.flare')?.when).toEqual({ condition: 'demo.no-flare' });
    expect(pack.conditions['demo.no-flare']).toEqual(flare.condition);
    expect(problemsOf(packWith([{ ...goodRule, when: { condition: 'nowhere' } }]))).toMatch(/no shared condition "nowhere"/);
  });

  it('takes fixable from the reason tag unless the rule says otherwise', () => {
    const { fixable: _, ...noFixable } = goodRule;
    expect(loadRulePack(packWith([noFixable])).rules.get('mtus.demo.flare')?.fixable).toBe(true);
    expect(loadRulePack(packWith([{ ...noFixable, fixable: false }])).rules.get('mtus.demo.flare')?.fixable).toBe(false);
  });

  it('rejects duplicate ids', () => {
    expect(problemsOf(packWith([goodRule, goodRule]))).toMatch(/duplicate rule id "mtus\.demo\.flare"/);
  });

  it('rejects a rule without a citation, or a citation without pages or location', () => {
    const { citation: _, ...noCitation } = goodRule;
    expect(problemsOf(packWith([noCitation]))).toMatch(/rules\[0\]\.citation/);
    expect(problemsOf(packWith([{ ...goodRule, citation: { guideline: 'g', section: 's' } }]))).toMatch(/citation needs pages/);
  });

  it('rejects a decisive rule that rests on an unconfirmed medium-confidence fact', () => {
    expect(problemsOf(packWith([{ ...goodRule, basis: { confidence: 'U-med', note: 'n' } }]))).toMatch(
      /decisive rule must rest on \[C\] or \[U-hi\]/,
    );
  });

  it('rejects ids outside the topic namespace and selectors naming unknown catalog entries', () => {
    expect(problemsOf(packWith([{ ...goodRule, id: 'mtus.other.flare' }]))).toMatch(/must start with mtus\.demo\./);
    expect(problemsOf(packWith([{ ...goodRule, appliesTo: { ingredients: ['unobtainium'] } }]))).toMatch(
      /ingredient "unobtainium" is not in the catalog/,
    );
  });
});
