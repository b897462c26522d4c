// `imr-check check DIR | head`: a reader that goes away early ends the command quietly.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';

function runWithPipeClosedEarly(args: string[]): Promise<{ code: number | null; err: string; firstChunk: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/imr-check.js'), ...args], { cwd: ROOT });
    let err = '';
    let firstChunk = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    // like `head -1`: take the first chunk, then close the read end while the command still writes
    child.stdout.once('data', (d) => {
      firstChunk = String(d);
      child.stdout.destroy();
    });
    child.on('close', (code) => resolve({ code, err, firstChunk }));
  });
}

describe('a closed output pipe', () => {
  it('check DIR | head ends quietly: no EPIPE stack trace, exit 0', async () => {
    const r = await runWithPipeClosedEarly(['check', 'test/gold']);
    expect(r.firstChunk).toMatch(/^case /);
    expect(r.err).not.toMatch(/EPIPE|Error|at .*\.js:\d+/);
    expect(r.code).toBe(0);
  }, 60_000);
});
