// The fact contract: every computed fact is read by a rule or shown with a result, and every fact
// a rule reads is produced for some item of the cases, the gold files or the rule tests. A fact
// derived for nothing, or a rule reading a fact nothing fills, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { caseContext, itemFacts } from '../../src/facts/derive.js';
import { DERIVED_FACTS, FACT_GROUPS, FACTS } from '../../src/facts/vocabulary.js';
import { loadCases } from '../../src/load/cases.js';
import { loadRulePack } from '../../src/load/rules.js';
import { type Case, caseSchema } from '../../src/schema/case.js';
import { ROOT, RULES_DIR } from '../helpers.js';

const pack = loadRulePack(RULES_DIR);

// every `fact:` named in a condition tree, and every {group.fact} in a message or fix
function factsIn(node: unknown, out: Set<string>): Set<string> {
  if (typeof node === 'string') {
    for (const m of node.matchAll(/\{([a-zA-Z]+\.[a-zA-Z]+)\}/g)) out.add(m[1]);
  } else if (Array.isArray(node)) {
    for (const n of node) factsIn(n, out);
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'fact' && typeof v === 'string') out.add(v);
      else factsIn(v, out);
    }
  }
  return out;
}

const read = new Set<string>();
for (const rule of pack.rules.values()) factsIn(rule, read);
factsIn(pack.conditions, read);
for (const t of pack.topics) factsIn({ appliesTo: t.appliesTo, appliesWhen: (t as { appliesWhen?: unknown }).appliesWhen }, read);

function corpus(): Case[] {
  const cases: Case[] = [];
  for (const loaded of loadCases([join(ROOT, 'cases'), join(ROOT, 'test/gold')])) if ('case' in loaded) cases.push(loaded.case);
  for (const f of readdirSync(RULES_DIR).filter((n) => n.endsWith('.test.yaml'))) {
    const suite = parse(readFileSync(join(RULES_DIR, f), 'utf8')) as { tests: Array<{ case: unknown }> };
    for (const t of suite.tests) {
      const r = caseSchema.safeParse(t.case);
      if (r.success) cases.push(r.data);
    }
  }
  return cases;
}

function produced(): Set<string> {
  const out = new Set<string>();
  for (const c of corpus()) {
    const ctx = caseContext(c, pack.index, pack.definitions, '2026-12-02');
    for (const { request, resolution } of ctx.items) {
      if (resolution.status !== 'resolved') continue;
      const facts = itemFacts(c, request, resolution.product, ctx, pack.index);
      for (const g of FACT_GROUPS)
        for (const [k, v] of Object.entries(facts[g] ?? {})) if (v !== undefined && v !== null) out.add(`${g}.${k}`);
    }
  }
  return out;
}

describe('the fact contract', () => {
  it('every computed fact is read by a rule, a shared condition or a message, or shown with a result', () => {
    const unread = Object.entries(DERIVED_FACTS)
      .filter(([path, info]) => !read.has(path) && !info.shown)
      .map(([path]) => path);
    expect(unread).toEqual([]);
  });

  it('every fact a rule reads is a declared fact and is produced for some item', () => {
    const made = produced();
    const undeclared = [...read].filter((p) => !(p in FACTS));
    const neverProduced = [...read].filter((p) => p in FACTS && !made.has(p));
    expect(undeclared).toEqual([]);
    expect(neverProduced).toEqual([]);
  });
});
