// Hostile and broken input: each gives a clear error for that input, and a batch goes on.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, truncateSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/load/errors.js';
import { LIMITS, parseData, readData } from '../../src/load/read.js';
import { loadCases } from '../../src/load/cases.js';
import { CASES_DIR, ROOT } from '../helpers.js';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return e as InputError;
  }
  throw new Error('expected an InputError');
}

const aliasBomb = () => {
  const lines = ['a: &a [x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) {
    const name = String.fromCharCode(97 + i);
    lines.push(
      `${name}: &${name} [${Array(9)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(', ')}]`,
    );
  }
  return lines.join('\n');
};

describe('hostile input', () => {
  it('stops a YAML alias bomb', () => {
    expect(errorOf(() => parseData(aliasBomb(), 'bomb.yaml')).message).toMatch(/bomb\.yaml: not usable YAML: .*alias/i);
  });

  it('refuses deeply nested documents without crashing', () => {
    expect(errorOf(() => parseData(`${'['.repeat(20000)}${']'.repeat(20000)}`, 'deep.yaml')).message).toMatch(
      /nested (too deeply to read|deeper than 64 levels)/,
    );
    const moderate = `${'['.repeat(LIMITS.maxDepth + 5)}1${']'.repeat(LIMITS.maxDepth + 5)}`;
    expect(errorOf(() => parseData(moderate, 'deep2.json')).message).toMatch(/nested deeper than 64 levels/);
  });

  it('rejects __proto__ and constructor keys and pollutes nothing', () => {
    expect(errorOf(() => parseData('id: x\n__proto__: { polluted: true }\n', 'p.yaml')).issues[0].path).toBe('__proto__');
    expect(errorOf(() => parseData('{"id": "x", "a": {"constructor": {"prototype": {"polluted": true}}}}', 'c.json')).issues[0].path).toBe(
      'a.constructor',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('rejects binary garbage', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-bin-'));
    const file = join(dir, 'garbage.yaml');
    writeFileSync(file, Buffer.from([0x89, 0x50, 0x00, 0xff, 0xfe, 0x00, 0x13, 0x37]));
    expect(errorOf(() => readData(file)).message).toMatch(/is binary/);
  });

  it('rejects a 50 MB file by its size, without reading it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-big-'));
    const file = join(dir, 'big.yaml');
    writeFileSync(file, '');
    truncateSync(file, 50 * 1024 * 1024);
    expect(errorOf(() => readData(file)).message).toMatch(/52428800 bytes, over the 2097152-byte limit/);
  });

  it('reports a directory given as a file, a symlink loop and a dangling link, and reads the rest', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-links-'));
    copyFileSync(join(CASES_DIR, 'seed-000.yaml'), join(dir, 'good.yaml'));
    symlinkSync('.', join(dir, 'self-loop'));
    symlinkSync(join(dir, 'b.yaml'), join(dir, 'a.yaml'));
    symlinkSync(join(dir, 'a.yaml'), join(dir, 'b.yaml'));
    symlinkSync(join(dir, 'nowhere.yaml'), join(dir, 'dangling.yaml'));
    mkdirSync(join(dir, 'folder.yaml'));
    const results = [...loadCases([dir, join(dir, 'folder.yaml')])];
    const good = results.filter((r) => 'case' in r);
    const bad = results.filter((r) => 'error' in r).map((r) => ('error' in r ? r.error.message : ''));
    expect(good).toHaveLength(1);
    expect(bad.join('\n')).toMatch(/a\.yaml: symbolic link loop/);
    expect(bad.join('\n')).toMatch(/dangling\.yaml: no such file or directory/);
    const explicitDir = [...loadCases([join(dir, 'good.yaml'), join(dir, 'folder.yaml')])];
    expect(explicitDir).toHaveLength(1); // an empty folder given explicitly holds no case files
  });

  it.skipIf(process.getuid?.() === 0)('reports an unreadable file (not testable as root, who reads everything)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-perm-'));
    const file = join(dir, 'locked.yaml');
    writeFileSync(file, 'id: x\n');
    chmodSync(file, 0o000);
    expect(errorOf(() => readData(file)).message).toMatch(/cannot read: EACCES/);
  });

  it('a batch of hostile files reports each one and still evaluates the good case', () => {
    const dir = mkdtempSync(join(tmpdir(), 'imr-batch-'));
    copyFileSync(join(CASES_DIR, 'seed-004.yaml'), join(dir, 'a-good.yaml'));
    writeFileSync(join(dir, 'b-bomb.yaml'), aliasBomb());
    writeFileSync(join(dir, 'c-deep.json'), `${'['.repeat(5000)}${']'.repeat(5000)}`);
    writeFileSync(join(dir, 'd-proto.yaml'), 'id: p\n__proto__: { admin: true }\nrequests: []\n');
    writeFileSync(join(dir, 'e-binary.yaml'), Buffer.from([0, 1, 2, 3, 255]));
    writeFileSync(join(dir, 'f-big.yaml'), '');
    truncateSync(join(dir, 'f-big.yaml'), 50 * 1024 * 1024);
    symlinkSync(join(dir, 'g-loop.yaml'), join(dir, 'g-loop.yaml'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), 'check', dir], { encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/case seed-004/);
    for (const f of ['b-bomb', 'c-deep', 'd-proto', 'e-binary', 'f-big', 'g-loop']) expect(r.stderr).toContain(`${f}.`);
    expect(r.stderr).toMatch(/files read: 7, invalid: 6, cases evaluated: 1, items evaluated: 2/);
  });
});
