// What the rule format offers authors works end to end: shared conditions run and explain their
// facts, an experimental rule is only advisory, and appliesTo.except leaves items out.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { createEvaluator, evaluateCase } from '../../src/evaluate/evaluate.js';
import { loadRulePack } from '../../src/load/rules.js';
import { caseSchema } from '../../src/schema/case.js';
import { RULES_DIR } from '../helpers.js';

const product = (id: string) => ({
  id,
  names: [id],
  kind: 'medication',
  form: 'oral',
  ingredients: [{ id }],
  classes: ['muscle-relaxant'],
});
const rule = (id: string, extra: Record<string, unknown>) => ({
  id: `mtus.demo.${id}`,
  title: id,
  requires: 'a documented flare-up',
  when: { condition: 'no-flare' },
  reason: 'no-acute-exacerbation',
  citation: { section: 'Muscle relaxants', pages: '63-66' },
  basis: { confidence: 'C', note: 'demo' },
  message: 'm',
  fix: 'f',
  ...extra,
});

function demoPack() {
  const dir = mkdtempSync(join(tmpdir(), 'imr-authoring-'));
  copyFileSync(join(RULES_DIR, 'reasons.yaml'), join(dir, 'reasons.yaml'));
  copyFileSync(join(RULES_DIR, 'definitions.yaml'), join(dir, 'definitions.yaml'));
  writeFileSync(
    join(dir, 'catalog.yaml'),
    stringify({
      ingredients: ['baclofen', 'tizanidine'].map((id) => ({ id, names: [], classes: ['muscle-relaxant'] })),
      products: [product('baclofen'), product('tizanidine')],
    }),
  );
  writeFileSync(
    join(dir, 'demo.yaml'),
    stringify({
      topic: 'demo',
      title: 'Demo',
      editions: [{ id: 'e', name: 'E', from: '2009-07-18', to: null }],
      appliesTo: { classes: ['muscle-relaxant'] },
      defaults: { guideline: 'MTUS CPMTG (2009)' },
      conditions: {
        'no-flare': { description: 'no flare-up documented', condition: { fact: 'findings.acuteExacerbation', operator: 'isNotTrue' } },
      },
      rules: [rule('flare', { appliesTo: { except: { products: ['tizanidine'] } } }), rule('trial', { status: 'experimental' })],
    }),
  );
  return loadRulePack(dir);
}

const caseWith = (name: string, acuteExacerbation?: boolean) =>
  caseSchema.parse({
    id: 'c',
    requestDate: '2015-01-01',
    ...(acuteExacerbation === undefined ? {} : { findings: { acuteExacerbation } }),
    requests: [{ id: 'r', text: name, kind: 'medication', name }],
  });

describe('rule authoring', () => {
  const ev = createEvaluator(demoPack());

  it('runs a shared condition and explains the facts inside it', async () => {
    const [item] = (await evaluateCase(ev, caseWith('baclofen', false))).items;
    const f = item.findings.find((x) => x.ruleId === 'mtus.demo.flare');
    expect(f?.found.map((n) => n.fact)).toEqual(['findings.acuteExacerbation']);
    expect(f?.evidence).toBe('documented');
    expect(f?.citation).toBe('MTUS CPMTG (2009), Muscle relaxants, p. 63-66');
    expect(f?.requires).toBe('a documented flare-up');
  });

  it('reports an experimental rule as an advisory only', async () => {
    const [item] = (await evaluateCase(ev, caseWith('baclofen'))).items;
    expect(item.findings.map((f) => f.ruleId)).toEqual(['mtus.demo.flare']);
    expect(item.advisories).toContainEqual(expect.objectContaining({ ruleId: 'mtus.demo.trial', experimental: true, decisive: false }));
  });

  it('leaves out items that appliesTo.except names', async () => {
    const [item] = (await evaluateCase(ev, caseWith('tizanidine'))).items;
    expect(item.findings).toEqual([]);
    expect(item.checked.map((c) => c.ruleId)).toEqual([]);
    expect(item.advisories.map((c) => c.ruleId)).toEqual(['mtus.demo.trial']);
  });

  it('meets the criterion when the shared condition does not hold', async () => {
    const [item] = (await evaluateCase(ev, caseWith('baclofen', true))).items;
    expect(item.outcome).toBe('overturned');
    expect(item.checked).toContainEqual(expect.objectContaining({ ruleId: 'mtus.demo.flare', status: 'met' }));
  });
});
