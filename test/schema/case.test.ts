import { describe, expect, it } from 'vitest';
import { caseSchema } from '../../src/schema/case.js';
import { validateCase } from '../../src/load/cases.js';
import { InputError } from '../../src/load/errors.js';

const minimal = {
  id: 'c1',
  requests: [{ id: 'r1', text: 'Baclofen 10mg #90', kind: 'medication', name: 'baclofen' }],
};

function issuesOf(data: unknown, tags?: Set<string>) {
  try {
    validateCase(data, 'case.yaml', tags);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).issues;
  }
  throw new Error('expected a validation error');
}

describe('case schema', () => {
  it('accepts the minimal case and reads a YAML year as a since date', () => {
    const c = caseSchema.parse({ ...minimal, history: { medications: [{ name: 'baclofen', since: 2012 }] } });
    expect(c.history?.medications?.[0].since).toBe('2012');
  });

  it('rejects an unknown key and names its path', () => {
    const issues = issuesOf({ ...minimal, documentation: { functionalImprovment: true } });
    expect(issues).toEqual([
      { path: 'documentation', label: 'what the records document', message: expect.stringContaining('"functionalImprovment"') },
    ]);
  });

  it('names the field path and what was expected for a wrong value', () => {
    const issues = issuesOf({ ...minimal, requests: [{ ...minimal.requests[0], kind: 'pill' }] });
    expect(issues[0].path).toBe('requests[0].kind');
    expect(issues[0].message).toMatch(/medication/);
  });

  it('rejects dates that are not ISO or not real', () => {
    expect(issuesOf({ ...minimal, requestDate: '02/03/2015' })[0]).toMatchObject({
      path: 'requestDate',
      message: expect.stringMatching(/YYYY-MM-DD/),
    });
    expect(issuesOf({ ...minimal, requestDate: '2015-02-30' })[0].path).toBe('requestDate');
  });

  it('requires at least one request and unique request ids', () => {
    expect(issuesOf({ id: 'c', requests: [] })[0].path).toBe('requests');
    const dup = issuesOf({ ...minimal, requests: [minimal.requests[0], minimal.requests[0]] });
    expect(dup[0]).toMatchObject({ path: 'requests[1].id', message: expect.stringMatching(/duplicate/) });
  });

  it('rejects reason tags outside the vocabulary', () => {
    const withReason = {
      ...minimal,
      requests: [{ ...minimal.requests[0], actual: { decision: 'upheld', reasons: ['long-term-use', 'too-expensive'] } }],
    };
    const issues = issuesOf(withReason, new Set(['long-term-use']));
    expect(issues).toMatchObject([{ path: 'requests[0].actual.reasons[1]', message: expect.stringContaining('"too-expensive"') }]);
  });

  it('keeps tri-state facts: false and absent stay distinct', () => {
    const c = caseSchema.parse({ ...minimal, documentation: { urineDrugScreen: false } });
    expect(c.documentation?.urineDrugScreen).toBe(false);
    expect(c.documentation?.functionalImprovement).toBeUndefined();
  });
});
