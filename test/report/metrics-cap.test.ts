// A replay of any size runs in bounded memory: the mismatch and reason-difference lists stop at a
// limit and count what they leave out, so the figures stay whole and nothing is dropped unsaid.
import { describe, expect, it } from 'vitest';
import type { CaseResult, ItemResult } from '../../src/evaluate/evaluate.js';
import { addCase, emptyMetrics, finish } from '../../src/report/metrics.js';
import { metricsText } from '../../src/report/text.js';

const finding = { ruleId: 'mtus.x.y', reason: 'no-functional-improvement', evidence: 'not-documented' };

function item(n: number, outcome: ItemResult['outcome'], actual: 'upheld' | 'overturned', reasons?: string[]): ItemResult {
  return {
    requestId: `r${n}`,
    text: `item ${n}`,
    kind: 'medication',
    outcome,
    findings: outcome === 'upheld' ? [finding] : [],
    advisories: [],
    checked: [],
    fixBeforeSubmitting: [],
    derived: {},
    resolution: { status: 'resolved', note: '' },
    topics: [],
    outOfForce: [],
    actual: { decision: actual, ...(reasons ? { reasons } : {}) },
  } as unknown as ItemResult;
}

function caseOf(n: number, items: ItemResult[]): CaseResult {
  return {
    caseId: `c${n}`,
    asOf: { date: '2015-01-01', source: 'requestDate' },
    conditions: { tags: [], stated: false },
    items,
  } as unknown as CaseResult;
}

// 10 cases, each with one mismatch (predicted upheld, actually overturned) and one upheld item
// whose reasons differ from the predicted ones
function replay(limit: number) {
  const m = emptyMetrics(limit);
  for (let n = 0; n < 10; n++) addCase(m, caseOf(n, [item(1, 'upheld', 'overturned'), item(2, 'upheld', 'upheld', ['missing-duration'])]));
  return finish(m);
}

describe('evaluate lists a bounded number of mismatches', () => {
  it('keeps the first N and counts the rest, with every figure computed over all items', () => {
    const m = replay(3);
    expect(m.mismatches.map((x) => x.case)).toEqual(['c0', 'c1', 'c2']);
    expect(m.omitted).toEqual({ mismatches: 7, reasonDifferences: 7 });
    expect(m.reasonDifferences).toHaveLength(3);
    expect(m.items).toBe(20);
    expect(m.confusion.overturned.upheld).toBe(10);
    expect(m.reasonCounts.actual).toBe(10);
  });

  it('says in the report how many were left out', () => {
    const text = metricsText(replay(3));
    expect(text).toMatch(/^mismatches: 10$/m);
    expect(text).toMatch(/\.\.\. and 7 more mismatches not listed \(the first 3 are/);
    expect(text).toMatch(/\.\.\. and 7 more reason differences not listed/);
  });

  it('lists everything with no limit, and says nothing is left out', () => {
    const m = replay(Number.POSITIVE_INFINITY);
    expect(m.mismatches).toHaveLength(10);
    expect(m.omitted).toEqual({ mismatches: 0, reasonDifferences: 0 });
    expect(metricsText(m)).not.toMatch(/not listed/);
  });
});
