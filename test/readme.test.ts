// The README shows what the tool does now, and its links stay inside the repository.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script, without type declarations
import { exampleBlock, readmeBlock } from '../scripts/readme-example.mjs';
import { ROOT } from './helpers.js';

const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

describe('README', () => {
  it('the check example is what the command prints now (regenerate with npm run docs)', () => {
    expect(readmeBlock(readme)).toBe(exampleBlock(ROOT));
  });

  it('links the case format shipped in the repository, not a file outside it', () => {
    expect(readme).toContain('](docs/case-format.md)');
    expect(readme).not.toMatch(/\.\.\/shared\/spec\/case-format\.md/);
    const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]).filter((l) => !/^https?:/.test(l));
    for (const link of links) expect(existsSync(join(ROOT, link)), link).toBe(true);
  });
});
