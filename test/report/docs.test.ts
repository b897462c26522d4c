// The documents under docs/ are generated; a change to the schema or the rules must regenerate them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedDocs } from '../../src/report/docs.js';
import { runRuleTests } from '../../src/evaluate/rule-tests.js';
import { ROOT, rulePack } from '../helpers.js';

describe('generated documents', () => {
  it('docs/ is current (run `npm run docs` after changing the schema or the rules)', async () => {
    const pack = rulePack();
    const docs = generatedDocs(pack, (await runRuleTests(pack)).examples);
    for (const [name, text] of Object.entries(docs)) {
      expect(readFileSync(join(ROOT, 'docs', name), 'utf8'), `docs/${name} is stale: run npm run docs`).toBe(text);
    }
  });

  it('the case format lists every field with its label, new fields included', () => {
    const md = generatedDocs(rulePack(), new Map())['case-format.md'];
    expect(md).toMatch(/\| `requests\[\]\.certified\.sessions` \| number \| sessions certified \|/);
    expect(md).toMatch(/\| `examination\[\]\.straightLegRaise` \| boolean \| positive straight-leg raise \|/);
  });

  it('the rule-format JSON Schema requires a rule id and describes shared conditions', () => {
    const schema = JSON.parse(generatedDocs(rulePack(), new Map())['rule-format.schema.json']);
    expect(schema.required).toEqual(expect.arrayContaining(['topic', 'editions', 'rules']));
    expect(JSON.stringify(schema)).toMatch(/"condition"/);
  });
});
