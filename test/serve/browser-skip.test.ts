// `npm test` on a machine without Chromium (issue 13, item 10): the browser tests are skipped with
// one line saying how to install it; under CI they are required and fail.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function runBrowserTests(env: Record<string, string>) {
  const { CI: _ci, ...rest } = process.env;
  return spawnSync(process.execPath, [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', 'test/serve/browser.test.ts'], {
    cwd: ROOT,
    env: { ...rest, CHROMIUM_PATH: '/nonexistent/chromium', NO_COLOR: '1', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('browser tests without Chromium', () => {
  it('are skipped with one line saying how to install it', () => {
    const r = runBrowserTests({});
    expect(r.status).toBe(0);
    const lines = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /browser tests skipped/.test(l));
    expect(lines).toEqual([
      'browser tests skipped: no Chromium at /nonexistent/chromium; install it (apt-get install chromium) or set CHROMIUM_PATH',
    ]);
    expect(r.stdout).toMatch(/skipped/);
  }, 60_000);

  it('fail under CI, where they are required', () => {
    const r = runBrowserTests({ CI: 'true' });
    expect(r.status).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/CI requires the browser tests; install it \(apt-get install chromium\) or set CHROMIUM_PATH/);
  }, 60_000);
});
