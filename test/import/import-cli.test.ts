// `imr-check import` end to end: --compare, --skip-existing, and what reaches standard error.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const LETTERS = join(ROOT, '..', 'shared', 'letters');
const GOLD = join(ROOT, '..', 'shared', 'gold');

function run(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function twoLetters() {
  const dir = mkdtempSync(join(tmpdir(), 'imr-letters-'));
  for (const f of readdirSync(LETTERS).sort().slice(0, 2)) copyFileSync(join(LETTERS, f), join(dir, f));
  return dir;
}

describe('import --compare', () => {
  it('prints one JSON object with the figures and writes no case file', () => {
    const dir = twoLetters();
    const r = run(['import', dir, '--compare', GOLD, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(Object.keys(report).sort()).toEqual(
      ['byFamily', 'fields', 'letters', 'precision', 'reasonPrecision', 'reasonRecall', 'recall'].sort(),
    );
    expect(report.letters).toBe(2);
    expect(report.fields).toBeGreaterThan(20);
    expect(report.byFamily.patient).toEqual({ recall: 1, precision: 1, fields: expect.any(Number) });
    expect(readdirSync(dir).every((f) => f.endsWith('.pdf'))).toBe(true);
  });

  it('prints a table without --json', () => {
    const r = run(['import', twoLetters(), '--compare', GOLD]);
    expect(r.out).toMatch(/fact recall \d+\.\d%, precision \d+\.\d%/);
    expect(r.out).toMatch(/^patient\s+\d+\s+100\.0%\s+100\.0%$/m);
  });

  it('says which letter has no gold file, and fails', () => {
    const gold = mkdtempSync(join(tmpdir(), 'imr-gold-'));
    const [first] = readdirSync(GOLD).sort();
    copyFileSync(join(GOLD, first), join(gold, first));
    const r = run(['import', twoLetters(), '--compare', gold, '--json']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no gold case "CM16-\d+" in .*; not compared/);
    expect(JSON.parse(r.out).letters).toBe(1);
  });

  it('refuses to write case files while comparing', () => {
    const r = run(['import', twoLetters(), '--compare', GOLD, '--out', mkdtempSync(join(tmpdir(), 'imr-out-'))]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--compare writes no case files/);
  });
});

describe('import --skip-existing', () => {
  it('resumes: letters whose case files exist are not read again', () => {
    const dir = twoLetters();
    const out = join(mkdtempSync(join(tmpdir(), 'imr-out-')), 'cases');
    mkdirSync(out);
    const [first] = readdirSync(dir).sort();
    expect(run(['import', join(dir, first), '--out', out]).code).toBe(0);
    const r = run(['import', dir, '--out', out, '--skip-existing']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/cases written: 1, skipped \(already there\): 1, failed: 0/);
    expect(r.err).not.toMatch(new RegExp(`${first}:`));
    expect(readdirSync(out)).toHaveLength(2);
  });

  it('needs --out and contradicts --force', () => {
    expect(run(['import', twoLetters(), '--skip-existing']).err).toMatch(/--skip-existing needs --out/);
    expect(run(['import', twoLetters(), '--out', tmpdir(), '--skip-existing', '--force']).code).toBe(2);
  });
});

describe('import output', () => {
  it('keeps the PDF library quiet and prints no progress line when standard error is not a terminal', () => {
    const r = run(['import', twoLetters(), '--out', mkdtempSync(join(tmpdir(), 'imr-out-'))]);
    const lines = r.err.trim().split('\n');
    expect(lines.every((l) => /^(\S+\.pdf: \d+ items?| {2}warning: |letters read: )/.test(l))).toBe(true);
    expect(r.err).not.toMatch(/\r|importing \d+\/\d+/);
    expect(r.out).toBe('');
    expect(existsSync(join(ROOT, 'dist', 'import', 'pdf-worker.js'))).toBe(true);
  });
});
