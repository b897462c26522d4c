// Nesting is measured on the text before a parser builds a tree (issue 13, item 3): two megabytes
// of "[[[[" took 12-20 s and over 1 GB to refuse.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CASES_DIR } from '../helpers.js';
import { excessDepth } from '../../src/load/depth.js';
import { LIMITS, parseData } from '../../src/load/read.js';
import { InputError } from '../../src/load/errors.js';

const refusal = (text: string) => {
  try {
    parseData(text, 'deep');
  } catch (e) {
    if (e instanceof InputError) return e.message;
    throw e;
  }
  return undefined;
};

describe('nesting depth, before parsing', () => {
  it('refuses 2 MB of nested brackets in well under a second, with little memory', () => {
    for (const open of ['[', '{"a":', '- ']) {
      const text = open.repeat(Math.floor((2 * 1024 * 1024) / open.length));
      const heapBefore = process.memoryUsage().heapUsed;
      const start = performance.now();
      expect(refusal(text)).toMatch(/nested deeper than 64 levels/);
      expect(performance.now() - start).toBeLessThan(250);
      expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(32 * 1024 * 1024);
    }
  });

  it('counts flow brackets and compact sequences, not brackets in strings or comments', () => {
    expect(excessDepth(`${'['.repeat(64)}${']'.repeat(64)}`, 64)).toBeUndefined();
    expect(excessDepth(`${'['.repeat(65)}`, 64)).toEqual({ depth: 65, line: 1 });
    expect(excessDepth(`a: 1\nb:\n  ${'- '.repeat(65)}x\n`, 64)).toEqual({ depth: 65, line: 3 });
    expect(excessDepth(JSON.stringify({ note: '['.repeat(500), o: "O'Brien {{{" }), 64)).toBeUndefined();
    expect(excessDepth(`note: '${'{'.repeat(100)}' # ${'['.repeat(100)}\nname: O'Brien [x]\n`, 64)).toBeUndefined();
    expect(excessDepth(`"a\\"${'['.repeat(100)}"`, 64)).toBeUndefined();
  });

  it('passes every bundled case file', () => {
    for (const f of readdirSync(CASES_DIR).filter((n) => /\.ya?ml$/.test(n)))
      expect(excessDepth(readFileSync(join(CASES_DIR, f), 'utf8'), LIMITS.maxDepth), f).toBeUndefined();
  });
});
