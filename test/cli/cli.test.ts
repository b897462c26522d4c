// The command line end to end, in a child process, as a user runs it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES_DIR, ROOT } from '../helpers.js';

// the five seed letters, as a user names them from the project folder
const SEEDS = [0, 1, 2, 3, 4].map((n) => `cases/seed-00${n}.yaml`);

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), ...args], { encoding: 'utf8', input, cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function folderWithBadFile() {
  const dir = mkdtempSync(join(tmpdir(), 'imr-cli-'));
  copyFileSync(join(CASES_DIR, 'seed-000.yaml'), join(dir, 'a-good.yaml'));
  writeFileSync(join(dir, 'b-bad.yaml'), 'id: bad\nrequests:\n  - id: r\n    text: x\n    kind: pill\n    name: baclofen\n');
  writeFileSync(join(dir, 'c-broken.yaml'), 'id: [unclosed\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a case');
  return dir;
}

describe('imr-check CLI', () => {
  it('evaluate prints the comparison for the 16 seed items', () => {
    const r = run(['evaluate', ...SEEDS]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/items: 16 \(with an actual decision: 16\); covered: 16/);
    expect(r.out).toMatch(/accuracy \(covered items\): 100\.0% \(16\/16\)/);
    expect(r.err).toMatch(/files read: 5, invalid: 0, cases evaluated: 5, items evaluated: 16/);
  });

  it('evaluate --json has the documented keys', () => {
    const r = run(['evaluate', ...SEEDS, '--json']);
    const j = JSON.parse(r.out);
    for (const k of [
      'items',
      'covered',
      'notCovered',
      'correct',
      'accuracy',
      'balancedAccuracy',
      'overturnedRecall',
      'confusion',
      'reasonRecall',
      'reasonPrecision',
      'mismatches',
    ]) {
      expect(j).toHaveProperty(k);
    }
    expect(j.items).toBe(16);
    expect(j.overturnedRecall).toBeNull();
  });

  it('check explains every item with citations and fixes', () => {
    const r = run(['check', 'cases/seed-002.yaml']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Acupuncture two \(2\) times a week for four \(4\) weeks {2}-> {2}UPHELD/);
    expect(r.out).toMatch(
      /cites: MTUS Acupuncture Medical Treatment Guidelines \(8 CCR §9792\.24\.1\), Frequency and duration, subdivision \(d\)/,
    );
    expect(r.out).toMatch(/resolved: "Flexeril" \(brand or other name\) -> cyclobenzaprine/);
    expect(r.out).toMatch(/fix before submitting:/);
  });

  it('check --json prints one object per case', () => {
    const r = run(['check', '--json', ...SEEDS]);
    const lines = r.out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(5);
    expect(lines[0].items[0]).toHaveProperty('findings');
  });

  it('reports bad files with their field path, processes the good one, exits 1', () => {
    const dir = folderWithBadFile();
    const r = run(['check', dir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/case seed-000/);
    expect(r.err).toMatch(/b-bad\.yaml: requests\[0\]\.kind \(kind of item\): .*medication/);
    expect(r.err).toMatch(/c-broken\.yaml: not valid YAML\/JSON: line \d+, column \d+/);
    expect(r.err).toMatch(/files read: 3, invalid: 2, cases evaluated: 1, items evaluated: 2/);
  });

  it('--fail-on upheld gates a batch', () => {
    expect(run(['check', '--fail-on', 'upheld', 'cases/seed-000.yaml']).code).toBe(1);
    const ok =
      'id: ok\nrequestDate: 2015-06-01\ninjury: { date: 2010-01-01 }\nfindings: { acuteExacerbation: true }\ndocumentation: { homeExerciseProgram: true }\nrequests: [{ id: r, text: "ThermaCare #10", kind: dme, name: ThermaCare, quantity: 10 }]\n';
    const r = run(['check', '--fail-on', 'upheld', '-'], ok);
    expect(r.out).toMatch(/OVERTURNED/);
    expect(r.code).toBe(0);
  });

  it('reads a case from standard input and reports a missing file', () => {
    const r = run(['check', '-', 'no-such-file.yaml'], 'id: s\nrequests: [{ id: r, text: Flexeril, kind: medication, name: Flexeril }]\n');
    expect(r.out).toMatch(/case s \(<stdin>\)/);
    expect(r.err).toMatch(/no-such-file\.yaml: no such file or directory/);
    expect(r.code).toBe(1);
  });

  it('exits 2 on usage errors', () => {
    expect(run(['check']).code).toBe(2);
    expect(run(['frobnicate']).code).toBe(2);
    expect(run(['check', '--fail-on', 'sometimes', ...SEEDS]).code).toBe(2);
  });

  it('imports letters to a folder, never overwrites without --force, and replays summary facts only', () => {
    const out = mkdtempSync(join(tmpdir(), 'imr-import-'));
    const r = run(['import', '../shared/seeds', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/002_7836691e6d3f4cd1\.txt: 6 items \(6 upheld, 0 overturned\)/);
    expect(r.err).toMatch(/letters read: 5, cases written: 5, failed: 0, items: 16/);
    const again = run(['import', '../shared/seeds', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/exists; not overwritten \(use --force\)/);
    expect(run(['import', '../shared/seeds', '--out', out, '--force']).code).toBe(0);
    const ev = run(['evaluate', '--facts', 'summary', out]);
    expect(ev.code).toBe(0);
    expect(ev.out).toMatch(/facts used: summary \(facts taken from a rationale left out\)/);
    expect(ev.out).toMatch(/items: 16 \(with an actual decision: 16\)/);
  });

  it('import without --out prints YAML that check accepts', () => {
    const r = run(['import', '../shared/seeds/000_6f5d468f558b2e44.txt']);
    expect(r.out).toMatch(/^---\n# Imported by imr-check import/);
    const c = run(['check', '-'], r.out.replace(/^---\n/, ''));
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/Baclofen 10mg #90 {2}-> {2}UPHELD/);
  });

  it('coverage reports the covered share and groups uncovered names by kind', () => {
    const r = run(['coverage', ...SEEDS]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/items: 16; covered: 16 \(100\.0%\)/);
    const dir = mkdtempSync(join(tmpdir(), 'imr-cov-'));
    writeFileSync(
      join(dir, 'c.yaml'),
      'id: c\nrequestDate: 2015-01-01\nrequests:\n  - { id: a, text: "Zyxoprofen 10mg", kind: medication, name: Zyxoprofen }\n  - { id: b, text: "Colace 100mg #60 twice a day for 30 days", kind: medication, name: Colace, strength: 100 mg, quantity: 60, frequency: twice a day, duration: 30 days }\n',
    );
    const j = JSON.parse(run(['coverage', '--json', dir]).out);
    // docusate is judged by rules/opioid-induced-constipation.yaml; the unknown name stays uncovered
    expect(j.covered).toBe(1);
    expect(j.uncovered.medication).toEqual([expect.objectContaining({ name: 'zyxoprofen', why: 'unknown name' })]);
  });

  it('rules --markdown documents every rule with a failing and a passing example', () => {
    const r = run(['rules', '--markdown']);
    expect(r.code).toBe(0);
    const ids = (JSON.parse(run(['rules', '--json']).out) as Array<{ id: string }>).map((x) => x.id);
    for (const id of ids) expect(r.out).toContain(`### \`${id}\``);
    const sections = r.out.split('\n### ').slice(1);
    expect(sections.every((s) => s.includes('**Fails (the rule fires):**') && s.includes('**Passes:**'))).toBe(true);
  });

  it('lists rules with id, topic, reason and citation', () => {
    const r = run(['rules']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mtus\.muscle-relaxants\.short-term\n {2}topic: muscle-relaxants; reason: long-term-use/);
    const j = JSON.parse(run(['rules', '--json']).out);
    expect(j.every((x: { citation: string }) => x.citation.length > 0)).toBe(true);
  });
});
