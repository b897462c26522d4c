// The current-era cases (cases/current): requests dated from 1 December 2017, judged under the
// ACOEM-based MTUS and the MTUS Drug Formulary. Public IMR decisions and constructed cases are
// measured apart; each part must reach balanced accuracy 0.80 with coverage 0.90.
import { describe, expect, it } from 'vitest';
import { loadCases } from '../../src/load/cases.js';
import { evaluateCase, type CaseResult } from '../../src/evaluate/evaluate.js';
import { addCase, emptyMetrics, finish, isConstructed } from '../../src/report/metrics.js';
import { caseSchema } from '../../src/schema/case.js';
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

// Issue list of what an office sends today: each, with no request date (judged as of today),
// gets a prediction with citations rather than "not covered".
const TODAY_ITEMS: Array<Record<string, unknown>> = [
  { text: 'Cyclobenzaprine 5mg #20', kind: 'medication', name: 'cyclobenzaprine', strength: '5 mg', quantity: 20, frequency: 'BID' },
  { text: 'Norco 10/325mg #60', kind: 'medication', name: 'Norco', strength: '10/325 mg', quantity: 60, frequency: 'BID' },
  { text: 'Diclofenac 1% gel', kind: 'medication', name: 'Voltaren gel', quantity: 1, frequency: 'QID', bodyRegion: 'knee' },
  { text: 'Naproxen 500mg #60', kind: 'medication', name: 'naproxen', strength: '500 mg', quantity: 60, frequency: 'BID' },
  { text: 'Omeprazole 20mg #30', kind: 'medication', name: 'omeprazole', strength: '20 mg', quantity: 30, frequency: 'daily' },
  { text: 'Duloxetine 30mg #30', kind: 'medication', name: 'duloxetine', strength: '30 mg', quantity: 30, frequency: 'daily' },
  { text: 'Gabapentin 300mg #90', kind: 'medication', name: 'gabapentin', strength: '300 mg', quantity: 90, frequency: 'TID' },
  { text: 'Zolpidem 5mg #10', kind: 'medication', name: 'zolpidem', strength: '5 mg', quantity: 10, frequency: 'at bedtime' },
  { text: 'Lorazepam 0.5mg #7', kind: 'medication', name: 'lorazepam', strength: '0.5 mg', quantity: 7, frequency: 'daily' },
  { text: 'Physical therapy 2x3 lumbar', kind: 'therapy', name: 'physical therapy', perWeek: 2, weeks: 3, bodyRegion: 'lumbar' },
  { text: 'Chiropractic 1x6 lumbar', kind: 'therapy', name: 'chiropractic', perWeek: 1, weeks: 6, bodyRegion: 'lumbar' },
  { text: 'Acupuncture 1x6', kind: 'therapy', name: 'acupuncture', perWeek: 1, weeks: 6, bodyRegion: 'lumbar' },
  { text: 'MRI of the lumbar spine', kind: 'imaging', name: 'MRI of the lumbar spine', bodyRegion: 'lumbar' },
  { text: 'MRI of the right shoulder', kind: 'imaging', name: 'MRI of the shoulder', bodyRegion: 'shoulder', side: 'right' },
  { text: 'MRI of the right knee', kind: 'imaging', name: 'MRI of the knee', bodyRegion: 'knee', side: 'right' },
  { text: 'EMG of the lower extremities', kind: 'imaging', name: 'EMG', bodyRegion: 'lumbar' },
  { text: 'Lumbar epidural steroid injection', kind: 'procedure', name: 'epidural steroid injection', levels: 1 },
  { text: 'Medial branch block L4-5', kind: 'procedure', name: 'medial branch block', levels: 1, indication: 'diagnostic' },
  { text: 'TENS unit, one-month rental', kind: 'dme', name: 'TENS unit', quantity: 1, duration: '1 month', acquisition: 'rental' },
  { text: 'Functional restoration program', kind: 'program', name: 'functional restoration program', sessions: 10, weeks: 2 },
  { text: 'Urine drug screen', kind: 'procedure', name: 'urine drug screen' },
  { text: 'Cold therapy unit', kind: 'dme', name: 'cold therapy unit', quantity: 1, duration: '7 days', acquisition: 'rental' },
];

describe('a request sent today', () => {
  it('gets a prediction with citations for each kind of item the current MTUS covers', async () => {
    const ev = evaluator(new Date().toISOString().slice(0, 10));
    const requests = TODAY_ITEMS.map((r, i) => ({ id: `r${i}`, ...r }));
    const c = caseSchema.parse({ id: 'today', conditions: ['chronic-low-back-pain'], injury: { date: '2025-01-10' }, requests });
    const result = await evaluateCase(ev, c);
    expect(result.asOf.source).toBe('today');
    const uncovered = result.items.filter((i) => i.outcome === 'not-covered').map((i) => i.text);
    expect(uncovered).toEqual([]);
    for (const i of result.items) {
      const ruleIds = [...i.findings, ...i.advisories, ...i.checked].map((f) => f.ruleId);
      expect(ruleIds.length, i.text).toBeGreaterThan(0);
      for (const id of ruleIds) {
        const { citation } = rulePack().rules.get(id)!;
        expect(citation.guideline && citation.section, `${i.text}: ${id}`).toBeTruthy();
      }
      for (const f of [...i.findings, ...i.advisories]) expect(f.citation, i.text).toMatch(/, .+/);
      if (i.kind === 'medication')
        expect(
          i.topics.map((t) => t.topic),
          i.text,
        ).toContain('drug-formulary');
    }
  });
});
