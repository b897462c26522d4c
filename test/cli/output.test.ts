// What the command line prints: progress and errors on standard error, reports in four formats,
// and text from a case that cannot take over the terminal.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { progressLine } from '../../src/cli/progress.js';
import { CASES_DIR, ROOT } from '../helpers.js';

const SEEDS = [0, 1, 2, 3, 4].map((n) => `cases/seed-00${n}.yaml`);

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), ...args], { encoding: 'utf8', input, cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// Parses CSV (RFC 4180) into rows of fields.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field || row.length) rows.push([...row, field]);
  return rows;
}

// characters that rewrite or reorder a terminal line
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const HOSTILE_NAME = 'Baclofen\u202e09# gm01\u0000\u001b[2J\u001b]0;owned\u0007';
// the same name in a YAML double-quoted string
const HOSTILE_YAML = 'Baclofen\\u202e09# gm01\\0\\e[2J\\e]0;owned\\a';
const hostileCase = `id: "evil\\e[31m\\u202e"\nrequestDate: 2015-06-01\nrequests:\n  - { id: r, text: "${HOSTILE_YAML}", kind: medication, name: baclofen }\n  - { id: s, text: "Zyx\\u202egnol", kind: medication, name: "Zyx\\u202egnol" }\n`;

describe('control characters in names', () => {
  it.each(['text', 'json', 'csv', 'html'])('are escaped in --format %s output and in error lines', (format) => {
    const r = run(['check', '--format', format, '-'], hostileCase);
    expect(r.code).toBe(0);
    expect(r.out).not.toMatch(RAW_CONTROL);
    expect(r.err).not.toMatch(RAW_CONTROL);
    expect(r.out).toContain('\\u202e');
    if (format === 'json') expect(JSON.parse(r.out).items[0].text).toBe(HOSTILE_NAME);
  });

  it('are escaped in an error naming a bad value', () => {
    const r = run(['check', '-'], 'id: x\nrequests:\n  - { id: r, text: t, kind: "pill\\e[2J\\u202e", name: y }\n');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/requests\[0\]\.kind \(kind of item\): the text "pill\\u001b\[2J\\u202e" is not one of/);
    expect(r.err).not.toMatch(RAW_CONTROL);
  });
});

describe('report formats', () => {
  it('--json is --format json', () => {
    expect(run(['check', '--json', SEEDS[0]]).out).toBe(run(['check', '--format', 'json', SEEDS[0]]).out);
  });

  it('text ends a batch with the totals by outcome', () => {
    const r = run(['check', ...SEEDS]);
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('totals: 5 cases, 16 items: upheld 16, overturned 0, no prediction 0');
  });

  it('check --format csv: a header, one row per item with proper quoting, then the totals', () => {
    const r = run(['check', '--format', 'csv', ...SEEDS]);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.out);
    expect(rows[0]).toEqual([
      'case',
      'item id',
      'item',
      'kind',
      'outcome',
      'summary',
      'deciding rules',
      'reasons',
      'fixes',
      'citation',
      'warnings',
      'not assessable',
    ]);
    const items = rows.slice(1).filter((x) => x[0] !== '(totals)');
    expect(items).toHaveLength(16);
    expect(rows.every((x) => x.length === rows[0].length)).toBe(true);
    const baclofen = items.find((x) => x[2] === 'Baclofen 10mg #90');
    expect(baclofen).toBeDefined();
    expect(baclofen?.[4]).toBe('upheld');
    expect(baclofen?.[6]).toMatch(/mtus\.muscle-relaxants\.short-term/);
    expect(baclofen?.[8]).toMatch(/"1 tablet three times a day"/); // quotes inside a quoted field survive
    expect(baclofen?.[9]).toMatch(/MTUS Chronic Pain Medical Treatment Guidelines \(2009\), Muscle relaxants/);
    // the last item of seed-002: each criterion not assessable, with the facts it lacks, as text says them
    const flexeril = items.find((x) => x[0] === 'seed-002' && x[2] === 'Flexeril');
    expect(flexeril?.[11]).toMatch(
      /^A short course \(no more than 2-3 weeks\) \(not stated: history\.daysOfUse, [^)]*\); Cyclobenzaprine is not added to another muscle relaxant \(not stated: history\.otherCurrentMuscleRelaxants\)/,
    );
    expect(rows.filter((x) => x[0] === '(totals)').map((x) => `${x[4]} ${x[2]}`)).toEqual([
      'upheld 16 items',
      'overturned 0 items',
      'not-covered 0 items',
      'all 16 items',
    ]);
  });

  it('evaluate --format csv adds the actual decision and whether the prediction agrees', () => {
    const rows = parseCsv(run(['evaluate', '--format', 'csv', ...SEEDS]).out);
    // the columns evaluate adds keep their places; the column added later goes after them
    expect(rows[0].slice(11)).toEqual(['actual', 'actual reasons', 'agreement', 'not assessable']);
    const items = rows.slice(1).filter((x) => x[0] !== '(totals)');
    expect(items).toHaveLength(16);
    expect(items.every((x) => x[11] === 'upheld' && x[13] === 'agrees')).toBe(true);
    expect(items.find((x) => x[0] === 'seed-002' && x[2] === 'Flexeril')?.[14]).toMatch(
      /^A short course \(no more than 2-3 weeks\) \(not stated: /,
    );
  });

  it('a cell that a spreadsheet would run as a formula is written as text', () => {
    const r = run(
      ['check', '--format', 'csv', '-'],
      'id: "=HYPERLINK(1)"\nrequests: [{ id: r, text: "+Flexeril", kind: medication, name: Flexeril }]\n',
    );
    const [, row] = parseCsv(r.out);
    expect(row[0]).toBe("'=HYPERLINK(1)");
    expect(row[2]).toBe("'+Flexeril");
  });

  it('check --format html: one self-contained printable page, text escaped, totals at the end', () => {
    const r = run(
      ['check', '--format', 'html', ...SEEDS, '-'],
      'id: "<script>alert(1)</script>"\nrequests: [{ id: r, text: "<img src=x onerror=alert(1)>", kind: medication, name: Flexeril }]\n',
    );
    expect(r.code).toBe(0);
    const html = r.out;
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    expect(html).toMatch(/<style>[\s\S]*@media print/);
    expect(html).not.toMatch(/<(script|link|img|iframe|object|embed)\b|<[^>]*\s(src|href|on\w+)=|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toMatch(/Baclofen 10mg #90 <span class="outcome upheld">UPHELD<\/span>/);
    expect(html).toMatch(
      /<div class="not-assessable"><h4>Not assessable from what was sent<\/h4><ul><li>A short course \(no more than 2-3 weeks\) \(not stated: history\.daysOfUse, /,
    );
    expect(html).toMatch(/<h2>Totals<\/h2>[\s\S]*<th>upheld<\/th><td>17<\/td>[\s\S]*<th>all items<\/th><td>17<\/td>/);
  });

  it('evaluate --format html holds the figures and each actual decision', () => {
    const html = run(['evaluate', '--format', 'html', ...SEEDS]).out;
    expect(html).toMatch(/Actual IMR decision: upheld[^<]*: agrees/);
    expect(html).toMatch(/<th>balanced accuracy<\/th><td>100\.0%<\/td>/);
  });

  it('refuses an unknown format', () => {
    expect(run(['check', '--format', 'pdf', SEEDS[0]]).code).toBe(2);
  });
});

describe('progress on a terminal', () => {
  it('shows done/total and an ETA, and redraws after each other line instead of gluing onto it', () => {
    let t = 0;
    const stream: string[] = [];
    const io = { err: (s: string) => stream.push(`${s}\n`), errIsTty: true, errRaw: (s: string) => stream.push(s) };
    const bar = progressLine(io, 'checking', () => t);
    bar.start(10);
    t = 4000;
    bar.update(4);
    bar.print('error: bad.yaml: requests (requested items): is required');
    bar.clear();
    const out = stream.join('');
    expect(out).toContain('checking 4/10, about 6s left');
    expect(out).toContain('\r\x1b[Kerror: bad.yaml');
    expect(out.endsWith('\r\x1b[K')).toBe(true);
  });

  it('a batch on a terminal: every error line starts a line of its own, the rest of the batch goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-progress-'));
    copyFileSync(join(CASES_DIR, 'seed-000.yaml'), join(dir, 'a.yaml'));
    writeFileSync(join(dir, 'b.yaml'), 'id: b\nrequests: [{ id: r, text: x, kind: pill, name: y, quantity: ten }]\n');
    copyFileSync(join(CASES_DIR, 'seed-001.yaml'), join(dir, 'c.yaml'));
    let err = '';
    const out: string[] = [];
    const io = {
      out: (s: string) => out.push(s),
      err: (s: string) => (err += `${s}\n`),
      errIsTty: true,
      errRaw: (s: string) => (err += s),
    };
    const code = await main(['node', 'imr-check', 'check', dir], io);
    expect(code).toBe(1);
    expect(out.join('\n')).toMatch(/case seed-000[\s\S]*case seed-001/);
    expect(err).toMatch(/checking 0\/3/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: the progress line erase sequence
    const lines = err.split(/\r\u001b\[K|\n/);
    const errors = lines.filter((l) => l.includes('error:'));
    expect(errors).toHaveLength(2);
    for (const l of errors)
      expect(l).toMatch(/^error: .*b\.yaml: requests\[0\]\.(kind|quantity) \((kind of item|quantity on the request)\): /);
    expect(err).toMatch(/files read: 3, invalid: 1, cases evaluated: 2, items evaluated: 5\n$/);
  });
});
