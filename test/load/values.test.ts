// Impossible values are errors naming the field; unusual ones are warnings printed with the result.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCase } from '../../src/load/cases.js';
import { InputError, type InputIssue } from '../../src/load/errors.js';
import { ROOT } from '../helpers.js';

const item = { id: 'r1', text: 'Baclofen 10mg #90', kind: 'medication', name: 'baclofen' };
const withItem = (extra: Record<string, unknown>, top: Record<string, unknown> = {}) => ({
  id: 'c1',
  requestDate: '2016-03-01',
  ...top,
  requests: [{ ...item, ...extra }],
});

function issuesOf(data: unknown): InputIssue[] {
  try {
    checkCase(data, 'case.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).issues;
  }
  throw new Error('expected the case to be refused');
}

describe('impossible values are errors naming the field', () => {
  it.each([
    ['a negative strength', { strength: '-10 mg' }, 'requests[0].strength', 'strength on the request', /negative/],
    ['a strength of 10 kg', { strength: '10000000 mg' }, 'requests[0].strength', 'strength on the request', /impossible/],
    ['a concentration over 100%', { strength: '150%' }, 'requests[0].strength', 'strength on the request', /100%/],
    ['a negative frequency', { frequency: '-3 times a day' }, 'requests[0].frequency', 'frequency on the request', /negative/],
    ['a quantity of 1e308', { quantity: 1e308 }, 'requests[0].quantity', 'quantity on the request', /impossible/],
    ['a negative quantity', { quantity: -5 }, 'requests[0].quantity', 'quantity on the request', /greater than 0/],
  ])('%s', (_what, extra, path, label, message) => {
    const issues = issuesOf(withItem(extra));
    expect(issues).toEqual([{ path, label, message: expect.stringMatching(message) }]);
  });

  it('a strength on a medication taken so far is checked the same way', () => {
    const issues = issuesOf(withItem({}, { history: { medications: [{ name: 'norco', strength: '-5/325 mg' }] } }));
    expect(issues[0]).toMatchObject({ path: 'history.medications[0].strength', label: 'strength' });
  });

  it('ranges and mixtures are not negative numbers', () => {
    const ok = withItem({ strength: '7.5-325 mg', frequency: '1-2 tabs every 4-6 hrs' });
    expect(checkCase(ok, 'c.yaml').case.requests[0].strength).toBe('7.5-325 mg');
    expect(checkCase(withItem({ strength: '4%-27.5%-0.0325%' }), 'c.yaml').warnings).toEqual([]);
  });

  it.each([
    ['requestDate', { requestDate: '2099-01-01' }],
    ['injury.date', { injury: { date: '2099-05-01' } }],
    ['history.medications[0].since', { history: { medications: [{ name: 'baclofen', since: 2099 }] } }],
    ['imaging[0].date', { imaging: [{ modality: 'mri', region: 'lumbar', date: '2099-02' }] }],
  ])('a date in the future (%s)', (path, top) => {
    const issues = issuesOf(withItem({}, { requestDate: undefined, ...top }));
    expect(issues).toEqual([{ path, label: expect.any(String), message: expect.stringMatching(/2099.* is in the future/) }]);
  });

  it('a planned surgery may be dated ahead, but not by decades', () => {
    const soon = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const planned = (date: string) => withItem({}, { surgeries: [{ id: 's', procedure: 'knee arthroscopy', status: 'planned', date }] });
    expect(checkCase(planned(soon), 'c.yaml').case.surgeries?.[0].date).toBe(soon);
    expect(issuesOf(planned('2099-01-01'))[0]).toMatchObject({ path: 'surgeries[0].date', message: expect.stringMatching(/years ahead/) });
  });
});

describe('unusual values are warnings, and the case is still evaluated', () => {
  it('warns about a 6 g dose, 2,000 units and 20 times a day, naming each field', () => {
    const { warnings } = checkCase(withItem({ strength: '6 g', quantity: 2000, frequency: '20 times a day' }), 'c.yaml');
    expect(warnings.map((w) => `${w.path} (${w.label})`)).toEqual([
      'requests[0].strength (strength on the request)',
      'requests[0].frequency (frequency on the request)',
      'requests[0].quantity (quantity on the request)',
    ]);
  });

  it('an injury after the request is set aside with a warning, so no duration since the injury counts as met', () => {
    const { case: c, warnings } = checkCase(withItem({}, { injury: { date: '2016-06-01', bodyRegions: ['lumbar'] } }), 'c.yaml');
    expect(c.injury).toEqual({ bodyRegions: ['lumbar'] });
    expect(warnings).toEqual([
      { path: 'injury.date', label: 'date of injury', message: expect.stringMatching(/after the request date 2016-03-01.*set aside/) },
    ]);
  });

  it('check prints the warnings with the result, in text and in JSON', () => {
    const yaml =
      'id: w\nrequestDate: 2016-03-01\ninjury: { date: 2016-06-01 }\nrequests:\n  - { id: r, text: "Ketorolac", kind: medication, name: ketorolac, quantity: 5000 }\n';
    const bin = join(ROOT, 'bin/imr-check.js');
    const text = spawnSync(process.execPath, [bin, 'check', '-'], { input: yaml, encoding: 'utf8', cwd: ROOT });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(
      /case w \(<stdin>\)[\s\S]*\n {2}warning: injury\.date \(date of injury\): 2016-06-01 is after the request date/,
    );
    expect(text.stdout).toMatch(/ {2}warning: requests\[0\]\.quantity \(quantity on the request\): 5000 is more than 1000/);
    expect(text.stdout).not.toMatch(/days since (the )?injury/);
    const json = spawnSync(process.execPath, [bin, 'check', '--json', '-'], { input: yaml, encoding: 'utf8', cwd: ROOT });
    expect(JSON.parse(json.stdout).warnings.map((w: InputIssue) => w.path)).toEqual(['requests[0].quantity', 'injury.date']);
  });
});
