// The current-era cases (cases/current): requests dated from 1 December 2017, judged under the
// ACOEM-based MTUS and the MTUS Drug Formulary. Public IMR decisions and constructed cases are
// measured apart; each part must reach balanced accuracy 0.80 with coverage 0.90.
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/load/cases.js';
import { evaluateCase, type CaseResult } from '../../src/evaluate/evaluate.js';
import { addCase, emptyMetrics, finish, isConstructed } from '../../src/report/metrics.js';
import { CURRENT_CASES_DIR, evaluator, rulePack } from '../helpers.js';

async function results(): Promise<CaseResult[]> {
  const ev = evaluator('2026-12-01');
  const out: CaseResult[] = [];
  for (const loaded of loadCases([CURRENT_CASES_DIR], rulePack().reasonTags)) {
    if ('error' in loaded) throw loaded.error;
    out.push(await evaluateCase(ev, loaded.case, loaded.file));
  }
  return out;
}

describe('current-era cases', () => {
  it('has at least 20 items, all dated from 1 December 2017, real ones naming their source', async () => {
    const rs = await results();
    expect(rs.flatMap((r) => r.items).length).toBeGreaterThanOrEqual(20);
    for (const r of rs) {
      expect(r.asOf.date >= '2017-12-01').toBe(true);
      expect(r.source).toMatch(/^(constructed: |https?:\/\/)/);
    }
    expect(rs.some((r) => !isConstructed(r.source))).toBe(true);
  });

  it('reaches balanced accuracy 0.80 with coverage 0.90, for real and constructed cases apart', async () => {
    const m = emptyMetrics();
    for (const r of await results()) addCase(m, r);
    const f = finish(m);
    for (const part of [f.byOrigin.real, f.byOrigin.constructed]) {
      expect(part.items).toBeGreaterThan(0);
      expect(part.coverage).toBeGreaterThanOrEqual(0.9);
      expect(part.balancedAccuracy).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives every drug a formulary finding that says what lets it through or that review is needed', async () => {
    for (const r of await results()) {
      for (const i of r.items.filter((x) => x.kind === 'medication')) {
        expect(i.derived['drug.formularyPolicy']).toBeDefined();
        expect(i.topics.map((t) => t.topic)).toContain('drug-formulary');
      }
    }
  });
});
