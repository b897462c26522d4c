// The launcher runs replays in a worker with a capped heap; what a user sees is the same.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

const SEEDS = [0, 1, 2, 3, 4].map((n) => `cases/seed-00${n}.yaml`);

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/imr-check.js'), ...args], {
    encoding: 'utf8',
    cwd: ROOT,
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

// each test starts the command two or three times: allow for a loaded machine
describe('bounded replays', { timeout: 120_000 }, () => {
  it('evaluate in the capped worker prints the same figures as without it', () => {
    const capped = run(['--today', '2026-11-24', 'evaluate', '--json', ...SEEDS]);
    const plain = run(['--today', '2026-11-24', 'evaluate', '--json', ...SEEDS], { IMR_CHECK_HEAP_MB: '0' });
    expect(capped.code).toBe(0);
    expect(JSON.parse(capped.out)).toEqual(JSON.parse(plain.out));
    expect(capped.err).toMatch(/items evaluated: 16/);
  });

  it('passes the exit code of an invalid input through the worker', () => {
    const r = run(['evaluate', 'no-such-folder']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no-such-folder: no such file or directory/);
  });

  it('--max-listed caps the listed reason differences and says how many were left out', () => {
    const all = JSON.parse(run(['evaluate', '--json', '--max-listed', 'all', ...SEEDS]).out);
    const total = all.reasonDifferences.length;
    expect(total).toBeGreaterThan(2);
    const two = JSON.parse(run(['evaluate', '--json', '--max-listed', '2', ...SEEDS]).out);
    expect(two.reasonDifferences).toEqual(all.reasonDifferences.slice(0, 2));
    expect(two.omitted.reasonDifferences).toBe(total - 2);
    expect(two.reasonRecall).toBe(all.reasonRecall);
    expect(run(['evaluate', '--max-listed', 'many', ...SEEDS]).code).toBe(2);
  });

  it('reports running out of the heap bound in one line, with what to do', () => {
    const r = run(['evaluate', ...SEEDS], { IMR_CHECK_HEAP_MB: '1' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/needed more than its 1 MB heap; run again with IMR_CHECK_HEAP_MB set higher/);
  });
});
