// The launcher runs the bundle with a V8 code cache kept beside it (bin/imr-check.js). What a user
// sees must not depend on the cache: missing, valid, or damaged.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const BUNDLE = join(ROOT, 'dist', 'bundle', 'main.cjs');
const LETTERS = join(ROOT, '..', 'shared', 'letters');

function cacheFile() {
  const hash = createHash('sha1').update(readFileSync(BUNDLE, 'utf8')).digest('hex').slice(0, 16);
  return `${BUNDLE}.${hash}.${process.version}.v8cache`;
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), '--today', '2026-11-24', ...args], {
    encoding: 'utf8',
    cwd: ROOT,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('the code cache', { timeout: 120_000 }, () => {
  it('is written beside the bundle, named by the bundle it was made from', () => {
    const first = run(['check', '--format', 'json', 'cases/seed-001.yaml']);
    expect(first.code).toBe(0);
    expect(existsSync(cacheFile())).toBe(true);
    expect(readFileSync(cacheFile()).length).toBeGreaterThan(10_000);
  });

  it('a damaged cache changes nothing a user sees, and is written again', () => {
    const before = run(['check', '--format', 'json', 'cases/seed-002.yaml']);
    writeFileSync(cacheFile(), 'not a code cache');
    const after = run(['check', '--format', 'json', 'cases/seed-002.yaml']);
    expect(after.code).toBe(0);
    expect(after.out).toBe(before.out);
    expect(after.err).toBe(before.err);
    expect(readFileSync(cacheFile(), 'utf8')).not.toBe('not a code cache');
  });

  it('a missing cache changes nothing either', () => {
    const before = run(['check', '--format', 'json', 'cases/seed-003.yaml']);
    rmSync(cacheFile(), { force: true });
    const after = run(['check', '--format', 'json', 'cases/seed-003.yaml']);
    expect(after.out).toBe(before.out);
    expect(existsSync(cacheFile())).toBe(true);
  });

  // Node 20 loses a cached script's handler for dynamic import(), so a PDF library loaded by
  // import() failed here once the cache existed
  it('reads a PDF letter on the main thread when the cache is in use', () => {
    run(['check', 'cases/seed-000.yaml']);
    expect(existsSync(cacheFile())).toBe(true);
    const [letter] = readdirSync(LETTERS).filter((f) => f.endsWith('.pdf'));
    const out = mkdtempSync(join(tmpdir(), 'imr-cache-'));
    const r = run(['import', join(LETTERS, letter), '--out', out]);
    expect(r.err).not.toMatch(/dynamic import/);
    expect(r.code).toBe(0);
    expect(readdirSync(out)).toHaveLength(1);
  });
});
